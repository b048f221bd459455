package org.gamekeeper.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.Test;

/** Alerts hold their details and entities unchangeable; a map made by {@link Alert#frozen} is held without a copy. */
class AlertFrozenMapTest {

    private static Alert alert(Map<String, String> details, Map<String, String> entities) {
        Alert.Rule rule = Alert.Rule.of("r1", "Rule", "us", "builtin", Level.MEDIUM, List.of("attack.t1059"));
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        return new Alert(t, rule.id(), rule.title(), rule.author(), rule.source(), rule.level(), rule.tags(), rule.attack(),
                "WS01", "Security", 4688, 7L, null, "f.evtx", details, List.of("f.evtx#7"), Alert.Kind.RULE, 1, t, t, entities);
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void aFrozenMapIsSharedByTheAlertsOfOneEventAndCannotChange() {
        Map<String, String> source = map("CommandLine", "whoami /all", "Image", "C:\\Windows\\System32\\whoami.exe");
        Map<String, String> details = Alert.frozen(source);
        Map<String, String> entities = Alert.frozen(map("User", "CORP\\alice"));
        source.put("Image", "changed afterwards");
        Alert a = alert(details, entities);
        Alert b = alert(details, entities);
        assertSame(details, a.details());
        assertSame(a.details(), b.details(), "two rules' alerts on one event share one copy");
        assertSame(entities, a.entities());
        assertSame(details, Alert.frozen(details), "freezing twice copies nothing");
        assertEquals("C:\\Windows\\System32\\whoami.exe", a.details().get("Image"), "the copy was taken when frozen");
        assertEquals(List.of("CommandLine", "Image"), List.copyOf(a.details().keySet()), "in the order given");
        assertThrows(UnsupportedOperationException.class, () -> a.details().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> a.details().entrySet().iterator().next().setValue("y"));
        assertThrows(UnsupportedOperationException.class, () -> a.entities().clear());
    }

    @Test
    void anyOtherMapIsCopiedAndEqualsItsFrozenTwin() {
        Map<String, String> source = map("TargetUserName", "bob", "IpAddress", "10.0.0.5");
        Alert a = alert(source, Map.of());
        assertNotSame(source, a.details());
        source.put("TargetUserName", "mallory");
        assertEquals("bob", a.details().get("TargetUserName"), "a later change to the caller's map does not reach the alert");
        Map<String, String> plain = map("TargetUserName", "bob", "IpAddress", "10.0.0.5");
        Map<String, String> frozen = Alert.frozen(plain);
        assertEquals(plain, frozen);
        assertEquals(frozen, plain);
        assertEquals(plain.hashCode(), frozen.hashCode());
        assertEquals(plain.hashCode(), frozen.hashCode(), "the kept hash is the map's");
        assertEquals(a.details(), frozen, "aggregation keys compare details whichever way they were made");
        assertEquals(a.details().hashCode(), frozen.hashCode());
    }
}
