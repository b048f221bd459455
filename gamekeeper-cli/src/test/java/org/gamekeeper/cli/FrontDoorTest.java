package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first hour of a new user: each stumble of issue 23 as a test. */
class FrontDoorTest {

    @TempDir
    Path dir;

    private static String sample() {
        return DumpCommandTest.corpus().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx").toString();
    }

    private static String rule() {
        return DumpCommandTest.corpus().resolve("sigma/rules/windows/builtin/security/win_security_audit_log_cleared.yml").toString();
    }

    /** Runs with a stdout that behaves as a pipe whose reader has gone away after {@code accept} bytes. */
    private static CliRun closedPipe(int accept, String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream pipe = new OutputStream() {
            int written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                written += len;
                if (written > accept) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        synchronized (CliRun.class) {
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                Main.stdout = pipe;
                int code = Main.execute(args);
                return new CliRun(code, "", err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(oldErr);
                Main.stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);
            }
        }
    }

    @Test
    void aClosedPipeEndsHuntDumpAndSearchQuietlyWithStatusZero() {
        for (String[] args : new String[][] {{"dump", sample()}, {"hunt", "--no-progress", "--rules", rule(), sample()},
                {"search", "--event-id", "1102", sample()}}) {
            CliRun r = closedPipe(10, args);
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertFalse(r.err().contains("internal error"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void helpAndVersionOnEveryCommandAndSubcommand() {
        for (String[] args : new String[][] {{"rules", "--help"}, {"rules", "-h"}, {"rules", "check", "--help"}, {"summary", "logons", "-h"},
                {"search", "--help"}, {"rules", "update", "--help"}}) {
            CliRun r = CliRun.run(args);
            assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: gamekeeper " + String.join(" ", args).replace(" --help", "").replace(" -h", "")), r.out());
        }
        CliRun help = CliRun.run("help", "rules", "check");
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: gamekeeper rules check"), help.out());
        CliRun version = CliRun.run("hunt", "--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("gamekeeper "), version.out());
        assertEquals(2, CliRun.run("help", "hnut").exit());
    }

    @Test
    void nearMissCommandsAndOptionsGetASuggestionOnOneLine() {
        CliRun cmd = CliRun.run("hnut", sample());
        assertEquals(2, cmd.exit());
        assertEquals("gamekeeper: unknown command 'hnut' — did you mean 'hunt'? (see 'gamekeeper --help')", cmd.err().strip());
        CliRun opt = CliRun.run("hunt", "--rule", rule(), sample());
        assertEquals(2, opt.exit());
        assertEquals(1, opt.err().strip().lines().count(), opt.err());
        assertTrue(opt.err().contains("unknown option '--rule' — did you mean '--rules'?"), opt.err());
    }

    @Test
    void enumValuesAreCaseInsensitive() {
        CliRun r = CliRun.run("dump", "--format", "XML", sample());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n<Event"), r.out());
    }

    @Test
    void aMissingOutputFolderIsAUsageErrorBeforeTheWork() {
        CliRun hunt = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--timeline", dir.resolve("nodir/x.csv").toString(), sample());
        assertEquals(2, hunt.exit());
        assertTrue(hunt.err().startsWith("gamekeeper: --timeline "), hunt.err());
        assertFalse(hunt.err().contains("hunt:"), "nothing was hunted: " + hunt.err());
        CliRun mail = CliRun.run("mail", "--alerts", dir.resolve("nodir/a.jsonl").toString(), sample());
        assertEquals(2, mail.exit());
        assertTrue(mail.err().contains("does not exist"), mail.err());
        CliRun folder = CliRun.run("search", "-o", dir.toString(), "-k", "x", sample());
        assertEquals(2, folder.exit());
        assertTrue(folder.err().contains("is a folder"), folder.err());
    }

    @Test
    void binaryDataOnStdinForDashIsOneClearLine() throws IOException {
        byte[] evtx = Files.readAllBytes(Path.of(sample()));
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        synchronized (CliRun.class) {
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                System.setIn(new java.io.ByteArrayInputStream(evtx));
                Main.stdout = out;
                code = Main.execute("dump", "-");
            } finally {
                System.setErr(oldErr);
                System.setIn(oldIn);
                Main.stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);
            }
        }
        assertEquals(2, code);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, e.strip().lines().count(), e);
        assertTrue(e.contains("stdin holds binary data"), e);
        assertEquals(0, out.size());
    }

    @Test
    void aListOfPathsOnStdinStillWorks() {
        CliRun r = CliRun.runWithStdin(sample() + "\n", "search", "--event-id", "1102", "-");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"EventID\":1102"), r.out());
    }

    @Test
    void fromAfterToIsAUsageErrorNotAnEmptyResult() {
        CliRun r = CliRun.run("search", "--from", "2022-02-01", "--to", "2022-01-01", sample());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--from 2022-02-01 is after --to 2022-01-01"), r.err());
    }
}
