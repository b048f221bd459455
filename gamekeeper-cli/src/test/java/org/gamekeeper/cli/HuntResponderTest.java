package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hunt with the responder's tools: IOC sweeps, aggregation, tuning, ordered timelines, warnings. */
class HuntResponderTest {

    @TempDir
    Path dir;

    private static String samples() {
        return DumpCommandTest.corpus().resolve("evtx/evtx-attack-samples").toString();
    }

    private static String rule() {
        return DumpCommandTest.corpus().resolve("sigma/rules/windows/builtin/security/win_security_audit_log_cleared.yml").toString();
    }

    private Path iocs() throws Exception {
        Path f = dir.resolve("iocs.csv");
        Files.writeString(f, "type,value,description\nip,10.0.2[.]17,lateral movement source\n");
        return f;
    }

    private static List<String> ioc(String out) {
        return out.lines().filter(l -> l.contains("\"kind\":\"ioc\"")).toList();
    }

    @Test
    void iocHitsAreAlertsAndIdenticalOnesAggregate() throws Exception {
        CliRun agg = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--ioc", iocs().toString(), samples());
        assertEquals(0, agg.exit(), agg.err());
        List<String> grouped = ioc(agg.out());
        CliRun all = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--ioc", iocs().toString(), "--no-aggregate", samples());
        List<String> apart = ioc(all.out());
        assertTrue(grouped.size() >= 1 && apart.size() > grouped.size(), grouped.size() + " " + apart.size());
        assertTrue(grouped.stream().anyMatch(l -> l.matches(".*\"count\":[2-9][0-9]*,.*")), String.join("\n", grouped));
        assertTrue(grouped.get(0).contains("\"rule_id\":\"ioc:ip:10.0.2.17\""), grouped.get(0));
        assertTrue(grouped.get(0).contains("\"value\":\"10.0.2.17\""), grouped.get(0));
        assertTrue(agg.err().contains("events with hits / events read: "), agg.err());
        assertTrue(agg.err().contains("identical alerts aggregated"), agg.err());
    }

    @Test
    void tuningSuppressesAndSaysHowMany() throws Exception {
        Path cfg = dir.resolve("gamekeeper.yml");
        Files.writeString(cfg, "tuning:\n  - where:\n      Computer: WIN-77LTAPHIQ1R*\n    rule: ioc:ip:10.0.2.17\n    reason: the admin jump host\n"
                + "  - rule: d99b79d2-0a6f-4f46-ad8b-260b6e17f982\n    reason: cleared on purpose\n    expires: 2020-01-01\n");
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--ioc", iocs().toString(), "--config", cfg.toString(), samples());
        assertEquals(0, r.exit(), r.err());
        assertTrue(ioc(r.out()).stream().noneMatch(l -> l.contains("WIN-77LTAPHIQ1R")), r.out());
        assertTrue(r.err().matches("(?s).*tuning: [1-9][0-9]* alert\\(s\\) suppressed by .*gamekeeper.yml:2 \\(the admin jump host\\).*"), r.err());
        assertTrue(r.err().contains("expired on 2020-01-01"), r.err());
        assertTrue(r.out().contains("d99b79d2-0a6f-4f46-ad8b-260b6e17f982"), "an expired exclusion no longer applies");
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "tuning:\n  - rule: x\n");
        CliRun noReason = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--config", bad.toString(), samples());
        assertEquals(3, noReason.exit());
        assertTrue(noReason.err().contains("bad.yml:2: a tuning entry needs a 'reason'"), noReason.err());
    }

    @Test
    void timelineFilesAreInEventTimeOrderAndTheOldSpellingStillWorks() throws Exception {
        Path csv = dir.resolve("t.csv");
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--ioc", iocs().toString(), "--no-aggregate", "-o", csv.toString(), samples());
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(0).startsWith("timestamp,rule_id,"), rows.get(0));
        List<String> times = new ArrayList<>();
        rows.stream().skip(1).forEach(l -> times.add(l.substring(0, l.indexOf(','))));
        List<String> sorted = new ArrayList<>(times);
        java.util.Collections.sort(sorted);
        assertTrue(times.size() > 3);
        assertEquals(sorted, times);
        Path old = dir.resolve("old.jsonl");
        CliRun dep = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--timeline", old.toString(), samples());
        assertEquals(0, dep.exit(), dep.err());
        assertTrue(dep.err().contains("--timeline is deprecated"), dep.err());
        assertFalse(Files.readString(old).isEmpty());
    }

    @Test
    void filtersThatMatchNothingAreNamedWithTheFix() {
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--include-tag", "Defense Impairment", samples());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: --include-tag Defense Impairment matches no rule: tags carry the 'attack.' prefix; "
                + "use --include-tag attack.defense-impairment"), r.err());
        assertTrue(r.err().contains("the rule filters leave no rule to run"), r.err());
        CliRun title = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--exclude-rule", "Security Eventlog Cleared", samples());
        assertTrue(title.err().contains("--exclude-rule takes a rule id or name"), title.err());
        CliRun window = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--from", "2022-02-01", "--to", "2022-01-01", samples());
        assertEquals(2, window.exit());
    }

    @Test
    void aBadIocListIsAnInputErrorBeforeTheWork() throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "ip,not-an-ip\n");
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule(), "--ioc", f.toString(), samples());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains("bad.csv:1: not an IP address"), r.err());
        assertFalse(r.err().contains("hunt:"), r.err());
    }

    @Test
    void detailsAreNeverEmptyEvenWhenNoneOfTheUsualFieldsExist() {
        String otrf = DumpCommandTest.corpus().resolve("json-logs/otrf/credential_access/host/psh_lsass_memory_dump_comsvcs.zip").toString();
        CliRun r = CliRun.run("hunt", "--no-progress", "--no-aggregate", "--no-rarity", "--rules", rule(), otrf);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertFalse(lines.isEmpty());
        assertTrue(lines.stream().allMatch(l -> l.contains("\"details\":{\"Message\":\"The audit log was cleared.")), r.out());
    }

    @Test
    void dumpXmlIsOneDocumentWithARootElement() throws Exception {
        // security.evtx holds a value with U+0003, which XML 1.0 cannot hold even as a character
        // reference: the document must still parse (the character is written as U+FFFD)
        for (String[] sample : new String[][] {{"system.evtx", "1881"}, {"security.evtx", "2261"}}) {
            String path = DumpCommandTest.corpus().resolve("evtx/evtx-rs-samples/" + sample[0]).toString();
            CliRun r = CliRun.run("dump", "--format", "xml", "--no-progress", path);
            assertEquals(0, r.exit(), r.err());
            var f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals("Events", doc.getDocumentElement().getTagName());
            assertEquals(Integer.parseInt(sample[1]), doc.getDocumentElement().getElementsByTagName("Event").getLength(), sample[0]);
        }
    }
}
