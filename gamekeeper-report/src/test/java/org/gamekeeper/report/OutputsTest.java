package org.gamekeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputsTest {
    private final AttackCatalog attack = AttackCatalog.enterprise();

    @Test
    void incidentsJsonlHasTheFieldsOfTheContract() throws Exception {
        Case c = ReportFixture.caseOf(ReportFixture.story());
        StringWriter w = new StringWriter();
        IncidentsJsonl.write(c.grouping(), w);
        String[] lines = w.toString().split("\n");
        assertEquals(c.grouping().incidents().size(), lines.length);
        JsonNode first = AlertJson.MAPPER.readTree(lines[0]);
        for (String f : List.of("incident_id", "intrusion_id", "first_evidence", "last_evidence", "dwell_days", "hosts", "accounts",
                "tactics", "techniques", "severity", "summary", "key_events", "alerts", "actor_overlap")) {
            assertTrue(first.has(f), f);
        }
        // the phishing message comes first and joins the intrusion of its recipient's account
        assertEquals("mail/message.eml#1", first.get("alerts").get(0).get("ref").asText());
        assertEquals(1, c.grouping().intrusions().size());
        JsonNode exch = AlertJson.MAPPER.readTree(lines[1]);
        assertEquals("exch01", exch.get("hosts").get(0).asText());
        assertEquals("joined by account corp\\svc_backup and 5 minutes", exch.get("alerts").get(1).get("reason").asText());
    }

    @Test
    void navigatorLayerIsEnterpriseLayerFormatWithScoresAndRules() throws Exception {
        StringWriter w = new StringWriter();
        NavigatorLayer.write(ReportFixture.story(), attack, "test", w);
        JsonNode layer = AlertJson.MAPPER.readTree(w.toString());
        assertEquals("enterprise-attack", layer.get("domain").asText());
        assertEquals("4.5", layer.get("versions").get("layer").asText());
        assertEquals("18", layer.get("versions").get("attack").asText());
        JsonNode ntds = null;
        for (JsonNode t : layer.get("techniques")) {
            if (t.get("techniqueID").asText().equals("T1003.003")) {
                ntds = t;
            }
        }
        assertEquals("credential-access", ntds.get("tactic").asText());
        assertEquals(5, ntds.get("score").asInt(), "one critical alert weighs 5");
        assertTrue(ntds.get("comment").asText().contains("Ntdsutil IFM"));
    }

    @Test
    void timesketchLinesCarryMessageDatetimeAndTimestampDesc() throws Exception {
        StringWriter w = new StringWriter();
        List<AlertEvidence> story = ReportFixture.story();
        long skipped = TimesketchTimeline.write(story.stream().map(AlertEvidence::alert).toList(), w);
        assertEquals(0, skipped);
        String[] lines = w.toString().split("\n");
        assertEquals(story.size(), lines.length);
        JsonNode o = AlertJson.MAPPER.readTree(lines[1]);
        assertEquals("2021-08-24T09:12:00Z", o.get("datetime").asText());
        assertEquals(1629796320000000L, o.get("timestamp").asLong());
        assertEquals("Event Recorded", o.get("timestamp_desc").asText());
        assertTrue(o.get("message").asText().startsWith("[high] w3wp spawning a shell on exch01"), o.get("message").asText());
        assertEquals("rule-100", o.get("rule_id").asText());
    }

    @Test
    void htmlEscapesEvidenceTextAndLoadsNothingFromOutside() throws Exception {
        StringWriter w = new StringWriter();
        new HtmlReport(attack).write(ReportFixture.caseOf(ReportFixture.story()), w);
        String html = w.toString();
        assertFalse(html.contains("<script>alert(1)"), "sender text must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertFalse(html.contains("src=\"http"), "no external script or image");
        assertFalse(html.contains("href=\"http"), "no external style sheet or link");
        assertTrue(html.contains("default-src 'none'"));
        assertTrue(html.contains("nightly backup runs 7-Zip"), "suppressed alerts per tuning entry");
        assertTrue(html.contains("no process creation events"), "coverage gaps");
    }

    @Test
    void theEmbeddedAlertColumnsGiveBackEachAlertsTimeLevelRuleHostAndReference() throws Exception {
        List<AlertEvidence> alerts = new ArrayList<>(ReportFixture.large(500));
        alerts.addAll(ReportFixture.story());
        StringWriter w = new StringWriter();
        new HtmlReport(attack).write(ReportFixture.caseOf(alerts), w);
        String html = w.toString();
        int from = html.indexOf('>', html.indexOf("id=\"alert-data\"")) + 1;
        JsonNode data = AlertJson.MAPPER.readTree(html.substring(from, html.indexOf("</script>", from)).replace("\\u003c", "<"));
        List<org.gamekeeper.engine.Alert> sorted = new ArrayList<>(alerts.stream().map(AlertEvidence::alert).toList());
        sorted.sort(java.util.Comparator.comparing(org.gamekeeper.engine.Alert::timestamp));
        assertEquals(sorted.size(), data.get("rule").size());
        long t = data.get("base").asLong();
        for (int i = 0; i < sorted.size(); i++) {
            org.gamekeeper.engine.Alert a = sorted.get(i);
            t += data.get("time").get(i).asLong();
            assertEquals(a.timestamp().toEpochMilli(), t, "time of row " + i);
            assertEquals(a.level().ordinal(), data.get("level").asText().charAt(i) - '0');
            assertEquals(a.ruleTitle(), data.get("rules").get(data.get("rule").get(i).asInt()).asText());
            long record = data.get("record").get(i).asLong();
            assertEquals(a.eventRefs().get(0), data.get("files").get(data.get("file").get(i).asInt()).asText() + (record >= 0 ? "#" + record : ""));
        }
    }

    @Test
    void aReferenceKeepsItsRecordNumberApartOnlyWhenItWritesBackExactly() {
        assertEquals(4688, HtmlReport.recordOf("dc01/Security.evtx#4688"));
        assertEquals(2, HtmlReport.recordOf("a#b.evtx#2"));
        assertEquals(0, HtmlReport.recordOf("a.evtx#0"));
        assertEquals(-1, HtmlReport.recordOf("a.evtx#012"), "a leading zero would be lost");
        assertEquals(-1, HtmlReport.recordOf("mail/message.eml"));
        assertEquals(-1, HtmlReport.recordOf("a.evtx#"));
        assertEquals(-1, HtmlReport.recordOf("a.evtx#12x"));
        assertEquals(-1, HtmlReport.recordOf("a.evtx#1234567890123456"), "beyond what the page's numbers hold exactly");
    }

    @Test
    void aLaterRunAddsToTheCaseAndTheReportRendersFromTheDatabase(@TempDir Path dir) throws Exception {
        List<AlertEvidence> story = ReportFixture.story();
        Path db = dir.resolve("case.db");
        try (CaseDatabase d = CaseDatabase.open(db)) {
            assertEquals(5, d.addRun(story.subList(0, 5), List.of(), java.util.Map.of("inputs", "first half")));
        }
        try (CaseDatabase d = CaseDatabase.open(db)) {
            assertEquals(story.size() - 5, d.addRun(story, List.of(new Case.Suppression("backup-job", "nightly", 3)),
                    java.util.Map.of("inputs", "everything")), "alerts already stored are not added twice");
            List<AlertEvidence> all = d.alerts();
            assertEquals(story.size(), all.size());
            assertEquals(story.get(3).alert(), all.get(3).alert());
            assertEquals(story.get(6).entities(), all.get(6).entities());
            Case again = ReportFixture.caseOf(all);
            d.storeIncidents(again.grouping());
            List<String> ids = new ArrayList<>();
            again.grouping().incidents().forEach(i -> ids.add(i.id()));
            assertEquals(ids, d.incidentIds());
            assertEquals(3, d.suppressed().get(0).count());
            assertTrue(d.provenance().containsKey("run 2: inputs"));
        }
    }
}
