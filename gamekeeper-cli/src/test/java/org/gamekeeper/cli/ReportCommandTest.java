package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.report.CaseDatabase;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

    private static AlertEvidence alert(String time, String host, String title, String level, String tag, String technique) {
        Instant t = Instant.parse(time);
        return AlertEvidence.of(new Alert(t, "id-" + title, title, "tests", "builtin", Level.of(level),
                List.of(tag, "attack." + technique.toLowerCase()), List.of(technique), host, "Security", 4688, 1L, null, host + ".evtx",
                Map.of(), List.of(host + ".evtx#" + title.length()), Alert.Kind.RULE, 1, t, t,
                Map.of("SubjectUserName", "svc_backup", "SubjectDomainName", "CORP")));
    }

    @Test
    void rendersTheStoredCaseWithoutTheEvidence(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("case.db");
        try (CaseDatabase d = CaseDatabase.open(db)) {
            d.addRun(List.of(alert("2021-08-24T09:12:00Z", "exch01", "Web shell", "high", "attack.persistence", "T1505.003"),
                    alert("2021-08-24T10:12:00Z", "dc01", "Ntdsutil", "critical", "attack.credential-access", "T1003.003")),
                    List.of(), Map.of("gamekeeper", "test"));
        }
        Path html = dir.resolve("report.html");
        Path layer = dir.resolve("layer.json");
        Path incidents = dir.resolve("incidents.jsonl");
        CliRun r = CliRun.run("report", "--db", db.toString(), "--out", html.toString(), "--navigator", layer.toString(),
                "--incidents", incidents.toString(), "--as-of", "2022-10-01T00:00:00Z");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "stdout carries nothing but machine output");
        assertTrue(r.err().contains("hosts exch01, dc01; first evidence 2021-08-24T09:12:00Z; dwell time 402 days; "
                + "Persistence → Credential Access"), r.err());
        assertTrue(Files.readString(html).contains("Ntdsutil"));
        assertTrue(Files.readString(layer).contains("\"T1003.003\""));
        assertEquals(2, Files.readAllLines(incidents).size());
    }

    @Test
    void aMissingOrForeignDatabaseIsAnInputError(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.run("report", "--db", dir.resolve("none.db").toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(3, missing.exit());
        Path foreign = dir.resolve("foreign.db");
        Files.writeString(foreign, "not a database at all, just text that is long enough to be read as a header of some sort");
        CliRun bad = CliRun.run("report", "--db", foreign.toString(), "--out", dir.resolve("r.html").toString());
        assertEquals(3, bad.exit(), bad.err());
        assertTrue(bad.err().contains("foreign.db"), bad.err());
        CliRun usage = CliRun.run("report", "--db", foreign.toString(), "--out", "x.html", "--as-of", "yesterday");
        assertEquals(2, usage.exit());
    }

    @Test
    void huntWritesIncidentsReportLayerTimesketchAndTheCaseAndSaysOneLinePerIntrusion(@TempDir Path dir) throws Exception {
        Path corpus = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        Path rule = corpus.resolve("sigma/rules/windows/builtin/security/win_security_audit_log_cleared.yml");
        Path evtx = corpus.resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx");
        if (!Files.isRegularFile(evtx)) {
            org.junit.jupiter.api.Assertions.fail("the shared corpus is missing at " + corpus);
        }
        Path db = dir.resolve("case.db");
        Path sketch = dir.resolve("sketch.jsonl");
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule.toString(), "--incidents", dir.resolve("i.jsonl").toString(),
                "--report", dir.resolve("r.html").toString(), "--navigator", dir.resolve("n.json").toString(), "--db", db.toString(),
                "--timeline", sketch.toString(), "--timeline-format", "timesketch", evtx.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        int summary = lines.indexOf(lines.stream().filter(l -> l.startsWith("alerts: ")).findFirst().orElseThrow());
        String intrusion = lines.stream().filter(l -> l.startsWith("intrusion int-")).findFirst().orElseThrow();
        assertTrue(lines.indexOf(intrusion) > summary, "intrusion lines come after the summary");
        assertTrue(intrusion.contains("first evidence ") && intrusion.contains("dwell time 0 days") && intrusion.contains("Defense Evasion"),
                intrusion);
        String first = Files.readAllLines(sketch).get(0);
        assertTrue(first.contains("\"timestamp_desc\":\"Event Recorded\"") && first.contains("\"datetime\":\""), first);
        assertTrue(Files.readString(dir.resolve("r.html")).contains("intrusion"));
        assertTrue(Files.size(dir.resolve("i.jsonl")) > 0);
        // a second run over the same evidence adds nothing to the case
        CliRun again = CliRun.run("hunt", "--no-progress", "--rules", rule.toString(), "--db", db.toString(), evtx.toString());
        assertEquals(0, again.exit(), again.err());
        try (CaseDatabase d = CaseDatabase.open(db)) {
            assertEquals(Files.readAllLines(sketch).size(), d.alerts().size());
        }
    }

    @Test
    void timesketchNeedsAJsonlTimeline() {
        CliRun r = CliRun.run("hunt", "--timeline-format", "timesketch", "--timeline", "x.csv", "x.evtx");
        assertEquals(2, r.exit(), r.err());
    }
}
