package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gamekeeper hunt as a user meets it: alerts on stdout or in a timeline, options, exit codes. */
class HuntCommandTest {

    @TempDir
    Path dir;

    private static Path corpus() {
        return DumpCommandTest.corpus();
    }

    /** The Security-log-cleared rule and the sample that clears the log. */
    private static String[] clearedLog(String... extra) {
        Path rule = corpus().resolve("sigma/rules/windows/builtin/security/win_security_audit_log_cleared.yml");
        Path evtx = corpus().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx");
        String[] base = {"hunt", "--no-progress", "--rules", rule.toString()};
        String[] all = new String[base.length + extra.length + 1];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        all[all.length - 1] = evtx.toString();
        return all;
    }

    @Test
    void alertsGoToStdoutAsJsonLinesAndTheSummaryToStderr() {
        CliRun r = CliRun.run(clearedLog());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.size() >= 1, r.out());
        assertTrue(lines.get(0).startsWith("{\"timestamp\":\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"rule_id\":\"d99b79d2-0a6f-4f46-ad8b-260b6e17f982\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"event_id\":1102"), lines.get(0));
        assertTrue(r.err().contains("hunt: 1 file(s)"), r.err());
        assertTrue(r.err().contains("alerts: " + lines.size()), r.err());
        assertTrue(r.err().contains("Detection Rule License"), r.err());
    }

    @Test
    void failOnExitsOneWhenAnAlertReachesTheLevel() {
        assertEquals(1, CliRun.run(clearedLog("--fail-on", "medium")).exit());
        assertEquals(0, CliRun.run(clearedLog("--fail-on", "critical")).exit());
    }

    @Test
    void minLevelExcludeRuleAndTimeWindowFilter() {
        assertNoAlerts(clearedLog("--min-level", "critical"));
        assertNoAlerts(clearedLog("--exclude-rule", "d99b79d2-0a6f-4f46-ad8b-260b6e17f982"));
        assertNoAlerts(clearedLog("--to", "2000-01-01"));
        CliRun from = CliRun.run(clearedLog("--from", "2000-01-01"));
        assertEquals(0, from.exit(), from.err());
        assertTrue(!from.out().isEmpty());
        assertNoAlerts(clearedLog("--include-tag", "attack.no-such-tactic"));
    }

    /** The hunt ran to its end (exit 0) and found nothing: an empty stdout of a crash would not pass. */
    private static void assertNoAlerts(String[] args) {
        CliRun r = CliRun.run(args);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("alerts: 0"), r.err());
    }

    @Test
    void timelineCsvHasTheHeaderAndOneRowPerAlert() throws IOException {
        Path csv = dir.resolve("t.csv");
        CliRun r = CliRun.run(clearedLog("--timeline", csv.toString()));
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "with --timeline, stdout stays empty");
        List<String> rows = Files.readAllLines(csv);
        assertEquals("timestamp,rule_id,rule_title,rule_author,rule_source,level,tags,attack,computer,channel,event_id,record_id,file,"
                + "details,event_refs,kind,count,first_seen,last_seen", rows.get(0));
        assertTrue(rows.size() >= 2);
        assertTrue(rows.get(1).contains(",d99b79d2-0a6f-4f46-ad8b-260b6e17f982,"), rows.get(1));
    }

    @Test
    void mailBesideLogsBecomesAlertsInTheSameOutput() throws Exception {
        Path eml = dir.resolve("lookalike-outlet.eml");
        try (var in = HuntCommandTest.class.getResourceAsStream("/mail/lookalike-outlet.eml")) {
            Files.copy(in, eml);
        }
        String[] args = clearedLog();
        String[] withMail = java.util.Arrays.copyOf(args, args.length + 1);
        withMail[withMail.length - 1] = eml.toString();
        CliRun r = CliRun.run(withMail);
        assertEquals(0, r.exit(), r.err());
        List<String> mail = r.out().lines().filter(l -> l.contains("\"kind\":\"mail\"")).toList();
        assertEquals(1, mail.size(), r.out());
        assertTrue(mail.get(0).contains("T1598.003"), mail.get(0));
        assertTrue(r.out().lines().anyMatch(l -> l.contains("\"kind\":\"rule\"")), "the log alerts are still there");
        // mail is an input of the hunt like the log: counted among its files and its alerts
        assertTrue(r.err().contains("hunt: 2 file(s)"), r.err());
        assertTrue(r.err().contains(", 1 from mail"), r.err());
    }

    @Test
    void mappingFilesFromTheOptionOrTheConfigurationReplaceBuiltInEntries() throws IOException {
        Files.writeString(dir.resolve("map.yml"), "logsources:\n  - service: security\n    targets:\n      - channels: [\"Elsewhere\"]\n");
        Files.writeString(dir.resolve("gamekeeper.yml"), "mappings:\n  - map.yml\n");
        CliRun viaConfig = CliRun.run(clearedLog("--config", dir.resolve("gamekeeper.yml").toString()));
        assertEquals(0, viaConfig.exit(), viaConfig.err());
        assertEquals("", viaConfig.out());
        CliRun viaOption = CliRun.run(clearedLog("--mapping", dir.resolve("map.yml").toString()));
        assertEquals(0, viaOption.exit(), viaOption.err());
        assertEquals("", viaOption.out());
        Files.writeString(dir.resolve("bad.yml"), "logsources:\n  - service: security\n    targetz: []\n");
        CliRun bad = CliRun.run(clearedLog("--mapping", dir.resolve("bad.yml").toString()));
        assertEquals(3, bad.exit());
        assertTrue(bad.err().contains("unknown key 'targetz'"), bad.err());
    }

    @Test
    void manifestRecordsVersionRulesAndEveryInputWithItsSha256() throws Exception {
        Path m = dir.resolve("manifest.json");
        CliRun r = CliRun.run(clearedLog("--manifest", m.toString()));
        assertEquals(0, r.exit(), r.err());
        String json = Files.readString(m);
        Path evtx = corpus().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(evtx)));
        assertTrue(json.startsWith("{\"gamekeeper_version\":\""), json);
        assertTrue(json.contains("\"sha256\":\"" + sha + "\""), json);
        assertTrue(json.contains("\"size\":" + Files.size(evtx)), json);
        assertTrue(json.contains("\"rule_sets\":[{\"path\":"), json);
    }

    /** One line of a Wazuh manager's alerts.json, written for this test: Sysmon 1 of an LSASS dump with comsvcs.dll. */
    private static final String WAZUH_ALERT = "{\"timestamp\": \"2024-03-02T10:15:31.002+0000\", \"rule\": {\"level\": 3, \"description\": \"Sysmon - Event 1\", \"id\": \"61603\"}, \"agent\": {\"id\": \"006\", \"name\": \"WS07\"}, \"manager\": {\"name\": \"wazuh\"}, \"id\": \"1709374531.1\", \"decoder\": {\"name\": \"windows_eventchannel\"}, \"data\": {\"win\": {\"system\": {\"providerName\": \"Microsoft-Windows-Sysmon\", \"eventID\": \"1\", \"systemTime\": \"2024-03-02T10:15:30.1234567Z\", \"eventRecordID\": \"5120\", \"channel\": \"Microsoft-Windows-Sysmon/Operational\", \"computer\": \"WS07.corp.example\"}, \"eventdata\": {\"image\": \"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\rundll32.exe\", \"originalFileName\": \"RUNDLL32.EXE\", \"commandLine\": \"\\\\\\\"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\rundll32.exe\\\\\\\" C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\comsvcs.dll, MiniDump 624 C:\\\\\\\\Users\\\\\\\\Public\\\\\\\\l.dmp full\", \"parentImage\": \"C:\\\\\\\\Windows\\\\\\\\System32\\\\\\\\cmd.exe\", \"user\": \"CORP\\\\\\\\alice\"}}}, \"location\": \"EventChannel\"}";

    @Test
    void aWazuhManagersAlertsFileIsHuntedWithTheBuiltInPack() throws IOException {
        Path alerts = dir.resolve("alerts.json");
        Files.writeString(alerts, WAZUH_ALERT + "\n");
        CliRun r = CliRun.run("hunt", "--no-progress", alerts.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("LSASS memory dumped with comsvcs.dll MiniDump"), r.out());
        assertTrue(r.out().contains("\"computer\":\"WS07.corp.example\""), r.out());
        assertTrue(r.out().contains("comsvcs.dll, MiniDump 624 C:\\\\Users\\\\Public"), "the command line as Windows wrote it: " + r.out());
    }

    @Test
    void usageAndInputErrors() {
        assertEquals(2, CliRun.run(clearedLog("--min-level", "severe")).exit());
        assertEquals(2, CliRun.run(clearedLog("--from", "yesterday")).exit());
        assertEquals(2, CliRun.run(clearedLog("--timeline", dir.resolve("t.txt").toString())).exit());
        // without --rules, the built-in pack runs
        CliRun builtin = CliRun.run("hunt", "--no-progress", corpus().resolve("evtx/evtx-rs-samples/security.evtx").toString());
        assertEquals(0, builtin.exit(), builtin.err());
        assertTrue(builtin.err().matches("(?s).*\\(([1-9][0-9]+) loaded, 0 failed.*"), builtin.err());
        assertEquals(3, CliRun.run("hunt", "--rules", dir.resolve("none").toString(), dir.toString()).exit());
    }
}
