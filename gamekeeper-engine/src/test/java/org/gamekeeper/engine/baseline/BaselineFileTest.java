package org.gamekeeper.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {
    private static final Instant JAN = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant FEB = Instant.parse("2024-02-01T00:00:00Z");

    @TempDir
    Path dir;

    private Tallies learn(Estate estate, String name) {
        Learner l = new Learner(LotlTools.builtin(), new Tallies());
        Estate.read(estate.write(dir, name), l);
        return l.tallies();
    }

    @Test
    void whatIsWrittenIsReadBack() throws Exception {
        Tallies learned = learn(new Estate().routine(JAN, 3), "jan.evtx");
        Path file = dir.resolve("b.baseline");
        try (BaselineFile b = BaselineFile.create(file)) {
            b.add(learned, List.of("jan.evtx"), "test", Instant.now());
        }
        try (BaselineFile b = BaselineFile.open(file)) {
            Tallies back = b.read();
            assertEquals(learned.size(), back.size());
            assertEquals(10, back.hostCount());
            assertEquals(learned.span().count(), back.span().count());
            Tallies.Tally net = back.overall(Facet.TOOL_USE, "net.exe | corp\\user3");
            assertEquals(3, net.count());
            assertEquals(1, net.hosts());
            assertEquals(JAN.plusSeconds(8 * 3600 + 3 * 60 + 30).toEpochMilli(), net.first());
            assertEquals(10, back.overall(Facet.SERVICE, "patchagent | agent.exe --run <n>").hosts());
            assertEquals(1, b.learns());
        }
    }

    @Test
    void updateAddsCountsAndWidensTheSpan() throws Exception {
        Path file = dir.resolve("b.baseline");
        try (BaselineFile b = BaselineFile.create(file)) {
            b.add(learn(new Estate().routine(JAN, 2), "jan.evtx"), List.of("jan.evtx"), "test", Instant.now());
        }
        try (BaselineFile b = BaselineFile.open(file)) {
            b.add(learn(new Estate().routine(FEB, 3).intrusion(FEB.plusSeconds(3 * 86_400)), "feb.evtx"), List.of("feb.evtx"), "test", Instant.now());
        }
        try (BaselineFile b = BaselineFile.open(file)) {
            Tallies t = b.read();
            Tallies.Tally net = t.on(Facet.TOOL_USE, "ws04", "net.exe | corp\\user3");
            assertEquals(5, net.count());
            assertEquals(JAN.plusSeconds(8 * 3600 + 3 * 60 + 30).toEpochMilli(), net.first());
            assertEquals(FEB.plusSeconds(2 * 86_400 + 8 * 3600 + 3 * 60 + 30).toEpochMilli(), net.last());
            assertEquals(1, t.on(Facet.PROCESS_PAIR, "exch01", "cmd.exe > ntdsutil.exe").count());
            assertEquals(JAN.toEpochMilli() + 8 * 3600_000, t.span().first());
            assertEquals(2, b.learns());
        }
    }

    @Test
    void anotherSchemaVersionIsRefusedWithWhatToDo() throws Exception {
        Path file = dir.resolve("old.baseline");
        BaselineFile.create(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 7");
        }
        BaselineFile.Unusable e = assertThrows(BaselineFile.Unusable.class, () -> BaselineFile.open(file));
        assertTrue(e.getMessage().startsWith(file + ": baseline schema version 7, but this Gamekeeper reads version "
            + BaselineFile.SCHEMA_VERSION), e.getMessage());
        assertTrue(e.getMessage().contains("learn the baseline again"), e.getMessage());
    }

    @Test
    void otherFilesAreNotBaselines() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a database at all, but long enough to have a header ".repeat(20));
        assertTrue(assertThrows(BaselineFile.Unusable.class, () -> BaselineFile.open(text)).getMessage().contains("not a Gamekeeper baseline"));
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        assertTrue(assertThrows(BaselineFile.Unusable.class, () -> BaselineFile.open(other)).getMessage()
            .contains("an SQLite database but not a Gamekeeper baseline"));
        assertTrue(assertThrows(BaselineFile.Unusable.class, () -> BaselineFile.open(dir.resolve("missing"))).getMessage()
            .contains("no such baseline file"));
    }

    @Test
    void createRefusesToOverwrite() throws Exception {
        Path file = dir.resolve("b.baseline");
        Files.writeString(file, "precious");
        assertThrows(BaselineFile.Unusable.class, () -> BaselineFile.create(file));
        assertEquals("precious", Files.readString(file));
        assertNull(new Tallies().on(Facet.TASK, "x", "y"));
    }
}
