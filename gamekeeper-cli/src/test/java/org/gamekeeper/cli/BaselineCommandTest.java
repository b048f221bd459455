package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gamekeeper baseline learn as a user meets it: a file written, updated, refused when it is not ours. */
class BaselineCommandTest {

    @TempDir
    Path dir;

    /** Sysmon process events: {@code days} days of Explorer starting net.exe on two hosts. */
    private Path logs(String name, Instant from, int days) throws Exception {
        List<XmlNode.Element> events = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (String host : List.of("WS01.corp.example", "WS02.corp.example")) {
                events.add(new EventBuilder("Microsoft-Windows-Sysmon", 1).channel("Microsoft-Windows-Sysmon/Operational")
                    .computer(host).timeCreated(from.plusSeconds(86_400L * d)).data("Image", "C:\\Windows\\System32\\net.exe")
                    .data("CommandLine", "net use H: \\\\files\\home" + d).data("User", "CORP\\alice")
                    .data("ParentImage", "C:\\Windows\\explorer.exe").build());
            }
        }
        Path p = dir.resolve(name);
        EvtxWriter.standard().write(events, p);
        return p;
    }

    private static long count(Path baseline, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + baseline); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void learnWritesABaselineAndUpdateAddsToIt() throws Exception {
        Path out = dir.resolve("estate.baseline");
        CliRun first = CliRun.run("baseline", "learn", logs("jan.evtx", Instant.parse("2024-01-01T09:00:00Z"), 3).toString(), "--out", out.toString());
        assertEquals(0, first.exit(), first.err());
        assertEquals("", first.out());
        assertTrue(first.err().startsWith("baseline: 6 event(s) from 1 input(s), 2 host(s), 6 behaviour(s) (2 process_pair, 2 tool_use, 2 command_shape) written to "),
            first.err());
        assertEquals(3, count(out, "SELECT count FROM behaviour WHERE facet = 'tool_use' AND host = 'ws01' AND key = 'net.exe | corp\\alice'"));

        CliRun again = CliRun.run("baseline", "learn", logs("feb.evtx", Instant.parse("2024-02-01T09:00:00Z"), 2).toString(), "--out", out.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("exists: pass --update to add to it"), again.err());

        CliRun update = CliRun.run("baseline", "learn", dir.resolve("feb.evtx").toString(), "--out", out.toString(), "--update");
        assertEquals(0, update.exit(), update.err());
        assertTrue(update.err().contains("added to " + out + " (learn 2)"), update.err());
        assertEquals(5, count(out, "SELECT count FROM behaviour WHERE facet = 'tool_use' AND host = 'ws01' AND key = 'net.exe | corp\\alice'"));
        assertEquals(Instant.parse("2024-02-02T09:00:00Z").toEpochMilli(), count(out, "SELECT max(last_seen) FROM host"));
    }

    @Test
    void aBaselineOfAnotherSchemaVersionIsAnInputError() throws Exception {
        Path out = dir.resolve("estate.baseline");
        Path jan = logs("jan.evtx", Instant.parse("2024-01-01T09:00:00Z"), 1);
        assertEquals(0, CliRun.run("baseline", "learn", jan.toString(), "--out", out.toString()).exit());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + out); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        CliRun r = CliRun.run("baseline", "learn", jan.toString(), "--out", out.toString(), "--update");
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("baseline schema version 99, but this Gamekeeper reads version 1"), r.err());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertEquals(3, CliRun.run("baseline", "learn", jan.toString(), "--out", text.toString(), "--update").exit());
        assertEquals("hello", Files.readString(text));
    }

    @Test
    void updateNeedsAnExistingFileAndHelpShowsAnExample() {
        CliRun r = CliRun.run("baseline", "learn", "x.evtx", "--out", dir.resolve("none.baseline").toString(), "--update");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("does not exist"), r.err());
        CliRun help = CliRun.run("baseline", "learn", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("gamekeeper baseline learn logs/2024-01/ --out estate.baseline"), help.out());
    }
}
