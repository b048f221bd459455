package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {

    @TempDir
    Path dir;

    private static String samples() {
        return DumpCommandTest.corpus().resolve("evtx/evtx-attack-samples").toString();
    }

    @Test
    void matchesComeAsDumpShapedJsonLinesWithFileAndRecord() {
        CliRun r = CliRun.run("search", "--event-id", "1102", samples());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 2, r.out());
        for (String l : lines) {
            assertTrue(l.startsWith("{\"Event\":{"), l);
            assertTrue(l.contains("\"EventID\":1102"), l);
            assertTrue(l.contains(",\"gamekeeper\":{\"file\":\""), l);
            assertTrue(l.contains("\"record_offset\":"), l);
        }
        assertTrue(r.err().contains("search: "), r.err());
        assertTrue(r.err().contains(" matched"), r.err());
        assertTrue(r.err().endsWith(lines.size() + " matched\n"), r.err());
    }

    @Test
    void criteriaCombineAndNarrow() {
        int any = CliRun.run("search", "-k", "mimikatz", samples()).out().lines().toList().size();
        int sysmon = CliRun.run("search", "-k", "mimikatz", "--channel", "Microsoft-Windows-Sysmon/*", samples()).out().lines().toList().size();
        int none = CliRun.run("search", "-k", "mimikatz", "--event-id", "4624", "--computer", "no-such-host", samples()).out().lines().toList().size();
        assertTrue(any > sysmon && sysmon > 0, any + " " + sysmon);
        assertEquals(0, none);
        String field = CliRun.run("search", "-f", "TargetUserName=admin*", "-e", "4624", samples()).out();
        assertTrue(!field.isEmpty() && field.lines().allMatch(l -> l.toLowerCase().contains("\"targetusername\":\"admin")), field);
        String regex = CliRun.run("search", "-r", "(?i)lsass\\.exe$", "--to", "2019-12-31", samples()).out();
        assertTrue(!regex.isEmpty() && regex.lines().allMatch(l -> l.contains("\"SystemTime\":\"2019-") || l.contains("\"SystemTime\":\"201")), regex);
    }

    @Test
    void aTableWhenAskedFitsTheWidthWithoutColourCodes() {
        CliRun r = CliRun.run("search", "--format", "TABLE", "--no-color", "-e", "1102", samples());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("time"), lines.get(0));
        assertTrue(lines.stream().allMatch(l -> l.codePointCount(0, l.length()) <= 100), r.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\033")), r.out());
        assertTrue(lines.get(1).contains("1102"), lines.get(1));
    }

    @Test
    void outputToAFileAndBadCriteriaAsUsageErrors() throws Exception {
        Path out = dir.resolve("hits.jsonl");
        CliRun r = CliRun.run("search", "-e", "1102", "-o", out.toString(), samples());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(Files.readString(out).contains("\"EventID\":1102"));
        CliRun bad = CliRun.run("search", "-r", "(", samples());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("regular expression"), bad.err());
        assertEquals(2, CliRun.run("search", "-f", "novalue", samples()).exit());
    }
}
