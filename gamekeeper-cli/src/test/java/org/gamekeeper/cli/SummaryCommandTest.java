package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryCommandTest {

    private static String samples() {
        return DumpCommandTest.corpus().resolve("evtx/evtx-attack-samples").toString();
    }

    @Test
    void eachSummaryPrintsJsonRowsPipedAndATableWhenAsked() {
        CliRun logons = CliRun.run("summary", "logons", samples());
        assertEquals(0, logons.exit(), logons.err());
        List<String> rows = logons.out().lines().toList();
        assertTrue(rows.size() > 5, logons.out());
        assertTrue(rows.get(0).startsWith("{\"account\":"), rows.get(0));
        assertTrue(rows.stream().allMatch(l -> l.contains("\"failures\":") && l.contains("\"first_seen\":")), logons.out());
        CliRun events = CliRun.run("summary", "events", "--format", "table", "--no-color", samples());
        assertTrue(events.out().startsWith("count"), events.out());
        assertTrue(events.out().lines().skip(1).findFirst().orElseThrow().contains("Microsoft-Windows-Sysmon/Operational"), events.out());
        CliRun procs = CliRun.run("summary", "processes", samples());
        assertTrue(procs.out().lines().findFirst().orElseThrow().startsWith("{\"count\":1,"), procs.out());
        assertTrue(CliRun.run("summary", "hosts", samples()).out().contains("\"channels\":["));
    }

    @Test
    void aSummaryMustBeNamed() {
        CliRun r = CliRun.run("summary", samples());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("logons"), r.err());
    }

    @Test
    void filesThatAreNotEvidenceAreCountedInOneLineAndListedWithVerbose() {
        CliRun quiet = CliRun.run("summary", "events", samples());
        List<String> skipped = quiet.err().lines().filter(l -> l.contains("skipped")).toList();
        assertEquals(List.of("gamekeeper: 7 input(s) skipped (5 not evidence, 2 web log); --verbose lists them"), skipped, quiet.err());
        CliRun verbose = CliRun.run("summary", "events", "--verbose", samples());
        assertEquals(7, verbose.err().lines().filter(l -> l.endsWith("; skipped")).count(), verbose.err());
    }
}
