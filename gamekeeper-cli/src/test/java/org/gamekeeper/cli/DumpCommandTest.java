package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dump command as a user meets it: output shapes, provenance, exit codes, damage and stdin lists. */
class DumpCommandTest {

    @TempDir
    Path dir;

    static Path corpus() {
        Path p = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("evtx"))) {
            fail("the shared corpus is missing at " + p);
        }
        return p;
    }

    private static Path sample(String name) {
        return corpus().resolve("evtx/evtx-rs-samples").resolve(name);
    }

    @Test
    void printsOneEvtxDumpShapedLinePerRecordWithProvenance() {
        CliRun r = CliRun.run("dump", "--no-progress", sample("security.evtx").toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2261, lines.size());
        assertTrue(lines.get(0).startsWith("{\"Event\":{\"#attributes\":{\"xmlns\":"), lines.get(0));
        assertTrue(lines.get(0).contains("\"gamekeeper\":{\"file\":\"" + sample("security.evtx") + "\",\"chunk\":0,\"record_offset\":4608}"), lines.get(0));
        assertTrue(r.err().contains("dump: 1 file(s), 2261 record(s)"), r.err());
    }

    @Test
    void xmlFormatPrintsEachEventOnItsOwnLineAsWindowsRendersIt() {
        CliRun r = CliRun.run("dump", "--format", "xml", "--no-progress", sample("security.evtx").toString());
        assertEquals(0, r.exit());
        // Values keep their own line breaks (as Windows renders them); every event starts a line.
        List<String> lines = r.out().lines().filter(l -> l.startsWith("<Event ")).toList();
        assertEquals(2261, lines.size());
        assertEquals(2261, r.out().split("</Event>\n", -1).length - 1);
        assertTrue(lines.get(1).startsWith("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing'"), lines.get(1));
        assertTrue(lines.get(1).endsWith("</Event>"));
    }

    @Test
    void outputOrderIsStableWhateverTheThreadCount() {
        String one = CliRun.run("dump", "--threads", "1", "--no-progress", sample("security.evtx").toString(), sample("system.evtx").toString()).out();
        String two = CliRun.run("dump", "--threads", "2", "--no-progress", sample("security.evtx").toString(), sample("system.evtx").toString()).out();
        assertEquals(one, two);
    }

    @Test
    void smallFilesReadWholeByWorkersAndLargeFilesReadByChunkPrintAsEachAlone() throws IOException {
        // sysmon and Application_no_crc32 are small enough to be read whole by one worker; security is not.
        Files.copy(sample("sysmon.evtx"), dir.resolve("a.evtx"));
        Files.copy(sample("security.evtx"), dir.resolve("b.evtx"));
        Files.copy(sample("Application_no_crc32.evtx"), dir.resolve("c.evtx"));
        assertTrue(Files.size(dir.resolve("b.evtx")) > DumpCommand.WHOLE_FILE_BYTES);
        assertTrue(Files.size(dir.resolve("a.evtx")) <= DumpCommand.WHOLE_FILE_BYTES);
        StringBuilder alone = new StringBuilder();
        for (String f : List.of("a.evtx", "b.evtx", "c.evtx")) {
            alone.append(CliRun.run("dump", "--threads", "1", "--no-progress", dir.resolve(f).toString()).out());
        }
        CliRun all = CliRun.run("dump", "--threads", "2", "--no-progress", dir.toString());
        assertEquals(0, all.exit(), all.err());
        assertEquals(alone.toString(), all.out());
        assertTrue(all.err().contains(dir.resolve("c.evtx") + ":124: file header checksum mismatch"), all.err());
        assertTrue(all.err().contains("dump: 3 file(s)"), all.err());
    }

    @Test
    void inputProblemsFoundWhileDumpingAreReportedInTheirPlaceAndCounted() throws IOException {
        Files.copy(sample("Application_no_crc32.evtx"), dir.resolve("a.evtx"));
        Files.writeString(dir.resolve("b.txt"), "neither events nor mail\n");
        Files.copy(sample("new-user-security.evtx"), dir.resolve("c.evtx"));
        CliRun r = CliRun.run("dump", "--no-progress", dir.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> err = r.err().lines().toList();
        int headerDamage = indexOfLineContaining(err, "a.evtx:124: file header checksum mismatch");
        int unknown = indexOfLineContaining(err, "b.txt");
        assertTrue(headerDamage >= 0 && unknown > headerDamage, r.err());
        assertTrue(r.err().contains("dump: 2 file(s)"), r.err());
        CliRun strict = CliRun.run("dump", "--strict", "--no-progress", dir.resolve("b.txt").toString(), dir.resolve("c.evtx").toString());
        assertEquals(3, strict.exit(), "an unrecognised input counts as damage under --strict");
    }

    private static int indexOfLineContaining(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void damageIsReportedWithFileAndOffsetAndStrictMakesItExitThree() {
        String f = sample("sample_with_a_bad_chunk_magic.evtx").toString();
        CliRun lenient = CliRun.run("dump", "--no-progress", f);
        assertEquals(0, lenient.exit());
        assertEquals(298, lenient.out().lines().count());
        assertTrue(lenient.err().contains(f + ":397312: chunk 6 has no ElfChnk signature"), lenient.err());
        CliRun strict = CliRun.run("dump", "--strict", "--no-progress", f);
        assertEquals(3, strict.exit());
        assertEquals(298, strict.out().lines().count(), "strict still prints every intact record");
    }

    @Test
    void carveMarksRecoveredRecords() {
        CliRun r = CliRun.run("dump", "--carve", "--no-progress", sample("sample_with_a_bad_chunk_magic.evtx").toString());
        assertEquals(348, r.out().lines().count());
        assertEquals(50, r.out().lines().filter(l -> l.contains("\"recovered\":true")).count());
    }

    @Test
    void reportGapsPrintsTamperEvidence() {
        Path f = corpus().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx");
        CliRun r = CliRun.run("dump", "--report-gaps", "--no-progress", f.toString());
        assertEquals(0, r.exit());
        assertEquals(1, r.out().lines().count());
        assertTrue(r.out().contains("\"log_cleared\":[{\"record_id\":"), r.out());
        assertTrue(r.err().contains("log cleared"), r.err());
    }

    @Test
    void readsPathsFromStdinAndGzippedEvtx() throws IOException {
        Path gz = dir.resolve("security.evtx.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(sample("security.evtx"), out);
        }
        CliRun r = CliRun.runWithStdin(gz + "\n" + sample("system.evtx") + "\n", "dump", "--no-progress", "-");
        assertEquals(0, r.exit(), r.err());
        long system = CliRun.run("dump", "--no-progress", sample("system.evtx").toString()).out().lines().count();
        assertEquals(2261 + system, r.out().lines().count());
    }

    @Test
    void noReadableInputIsAnInputError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.run("dump", "--no-progress", empty.toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("no readable event input"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        CliRun r = CliRun.run("dump", "--format", "yaml", "x.evtx");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("gamekeeper: "), r.err());
        assertEquals("", r.out());
        assertEquals(2, CliRun.run("dump", "--threads", "0", "x.evtx").exit());
        assertEquals(2, CliRun.run("no-such-command").exit());
    }

    @Test
    void versionAndHelpWithAnExample() {
        CliRun v = CliRun.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().matches("gamekeeper [0-9][^\\n]*\\n"), v.out());
        CliRun h = CliRun.run("dump", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("Examples:") && h.out().contains("gamekeeper dump Security.evtx"), h.out());
    }
}
