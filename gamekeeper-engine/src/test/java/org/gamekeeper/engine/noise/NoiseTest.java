package org.gamekeeper.engine.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Alerts;
import org.gamekeeper.engine.TestEvents;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.ioc.Indicator;
import org.gamekeeper.engine.ioc.IndicatorType;
import org.junit.jupiter.api.Test;

/** Aggregation of identical alerts and the configuration's tuning entries. */
class NoiseTest {

    /** An alert as a rule match would give it, built through the one alert factory of this package's callers. */
    private static Alert alert(String host, String value, String time) {
        IocLibrary lib = IocLibrary.of(List.of(new Indicator(IndicatorType.DOMAIN, "evil.example", "evil.example", "C2", "list.csv:1")));
        var e = TestEvents.one("{\"EventID\":22,\"Computer\":\"" + host + "\",\"QueryName\":\"" + value + "\",\"TimeCreated\":\"" + time + "\"}");
        return Alerts.ioc(lib.match(e).get(0), e);
    }

    @Test
    void identicalAlertsBecomeOneWithCountAndFirstAndLastSeen() {
        Aggregation agg = new Aggregation(100);
        agg.add(alert("WS1", "a.evil.example", "2022-01-02T00:00:00Z"));
        agg.add(alert("WS2", "a.evil.example", "2022-01-01T00:00:00Z"));
        agg.add(alert("WS1", "a.evil.example", "2022-01-01T00:00:00Z"));
        agg.add(alert("WS1", "b.evil.example", "2022-01-03T00:00:00Z"));
        agg.add(alert("WS1", "a.evil.example", "2022-01-05T00:00:00Z"));
        List<Alert> out = agg.alerts();
        assertEquals(3, out.size());
        Alert ws1 = out.get(0);
        assertEquals("WS1", ws1.computer());
        assertEquals(3, ws1.count());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), ws1.firstSeen());
        assertEquals(Instant.parse("2022-01-05T00:00:00Z"), ws1.lastSeen());
        assertEquals(Instant.parse("2022-01-01T00:00:00Z"), ws1.timestamp(), "the earliest alert speaks for the group, whatever came first");
        assertEquals(3, ws1.eventRefs().size());
        assertEquals(1, out.get(1).count());
        assertEquals("b.evil.example", out.get(2).details().get("value"));
        assertEquals(5, agg.added());
    }

    @Test
    void beyondTheGroupBoundAlertsPassThroughCounted() {
        Aggregation agg = new Aggregation(1);
        assertTrue(agg.add(alert("WS1", "a.evil.example", "2022-01-01T00:00:00Z")));
        assertTrue(!agg.add(alert("WS2", "a.evil.example", "2022-01-01T00:00:00Z")));
        assertTrue(!agg.add(alert("WS2", "a.evil.example", "2022-01-01T00:00:00Z")));
        assertEquals(1, agg.alerts().size());
        assertEquals(2, agg.passedThrough());
    }

    @Test
    void tuningExcludesRulesAndAllowListsFieldConditionsCountingEach() {
        Tuning.Entry byRule = new Tuning.Entry("ioc:domain:other.example", Map.of(), "not ours", null, "gk.yml:3");
        Tuning.Entry backup = new Tuning.Entry(null, Map.of("Computer", List.of("BACKUP*"), "value", List.of("*.evil.example")),
                "nightly backup job resolves it", LocalDate.parse("2030-01-01"), "gk.yml:6");
        Tuning.Entry old = new Tuning.Entry("ioc:domain:evil.example", Map.of(), "lapsed", LocalDate.parse("2021-12-31"), "gk.yml:10");
        Tuning t = new Tuning(List.of(byRule, backup, old), LocalDate.parse("2022-06-01"));
        assertSame(backup, t.suppress(alert("backup01", "x.evil.example", "2022-01-01T00:00:00Z")));
        assertNull(t.suppress(alert("WS1", "x.evil.example", "2022-01-01T00:00:00Z")));
        assertSame(backup, t.suppress(alert("BACKUP02", "y.evil.example", "2022-01-01T00:00:00Z")));
        assertEquals(List.of(old), t.expired());
        assertEquals(List.of(0L, 2L, 0L), List.copyOf(t.suppressedCounts().values()));
    }

    @Test
    void tuningEntriesNeedAReasonAndSomethingToMatch() {
        IllegalArgumentException noReason = assertThrows(IllegalArgumentException.class,
                () -> new Tuning(List.of(new Tuning.Entry("x", Map.of(), " ", null, "gk.yml:2")), LocalDate.now()));
        assertTrue(noReason.getMessage().startsWith("gk.yml:2: "), noReason.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tuning(List.of(new Tuning.Entry(null, Map.of(), "r", null, "gk.yml:4")), LocalDate.now()));
    }

    @Test
    void detailsFallBackToTheFirstDataFieldsNeverTheSystemOnes() {
        var e = TestEvents.one("{\"EventID\":18456,\"Channel\":\"Application\",\"Computer\":\"SQL1\",\"Hostname\":\"SQL1\","
                + "\"Message\":\" Login failed for user 'sa'. \",\"Data\":\"\",\"Reason\":\"Password did not match\",\"ClientIP\":\"10.0.0.9\"}");
        assertEquals(Map.of("Message", "Login failed for user 'sa'.", "Reason", "Password did not match"), Alerts.dataFields(e, 2, 100));
        assertEquals("Login…", Alerts.dataFields(e, 1, 5).get("Message"));
        assertTrue(Alerts.dataFields(TestEvents.one("{\"EventID\":1102,\"Channel\":\"Security\"}"), 3, 100).isEmpty());
    }
}
