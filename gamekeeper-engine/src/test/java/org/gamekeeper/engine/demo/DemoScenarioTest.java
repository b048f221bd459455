package org.gamekeeper.engine.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.source.Sources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoScenarioTest {

    @TempDir
    Path dir;

    /** The scenario is real evidence: every file reads back without damage, with the intrusion's commands where they belong. */
    @Test
    void writesReadableEvidenceWithTheIntrusionOnItsHosts() throws IOException {
        DemoScenario.Written w = DemoScenario.write(dir.resolve("a"), 7);
        assertEquals(Instant.parse("2021-08-24T02:13:41Z"), w.firstEvidence());
        assertTrue(w.dwellDays() > 400, "over a year inside: " + w.dwellDays());
        assertTrue(w.events() > 20_000, "tens of thousands of ordinary events: " + w.events());
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(List.of(w.evidence().toString()), problems::add);
        Sources sources = new Sources(false, null);
        long events = 0;
        Map<String, List<String>> commandsByHost = new HashMap<>();
        int mail = 0;
        for (InputFile in : inputs) {
            if (in.kind() == InputKind.MAIL) {
                mail++;
                continue;
            }
            List<Event> read = new ArrayList<>();
            sources.of(in.kind()).read(in, read::add, problems::add);
            events += read.size();
            for (Event e : read) {
                if (e.eventId() == 4688) {
                    commandsByHost.computeIfAbsent(e.computer(), k -> new ArrayList<>()).add(e.field("CommandLine"));
                }
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(w.events(), events, "every event written is read back");
        assertEquals(4, mail);
        assertTrue(commandsByHost.get(DemoScenario.EXCH).contains("cmd.exe /c whoami /all"));
        assertTrue(commandsByHost.get(DemoScenario.DC).stream().anyMatch(c -> c.startsWith("ntdsutil")));
        assertTrue(commandsByHost.get(DemoScenario.DB).stream().anyMatch(c -> c.startsWith("sqlcmd")));
        assertTrue(commandsByHost.get("EC-WS003.ec.example").stream().noneMatch(c -> c.contains("ntdsutil")));
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        DemoScenario.Written a = DemoScenario.write(dir.resolve("a"), 42);
        DemoScenario.Written b = DemoScenario.write(dir.resolve("b"), 42);
        assertEquals(a.files().size(), b.files().size());
        for (int i = 0; i < a.files().size(); i++) {
            assertEquals(a.evidence().relativize(a.files().get(i)), b.evidence().relativize(b.files().get(i)));
            assertArrayEquals(Files.readAllBytes(a.files().get(i)), Files.readAllBytes(b.files().get(i)), a.files().get(i).toString());
        }
    }
}
