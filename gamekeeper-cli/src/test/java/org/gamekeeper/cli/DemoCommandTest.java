package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.demo.DemoScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job on its built-in scenario: the intrusion is found as one intrusion on the right
 * hosts with its first evidence and its tactics in order, and the fifteen months of ordinary
 * activity around it raise no high or critical alert.
 */
class DemoCommandTest {

    @TempDir
    Path dir;

    @Test
    void theDemoIntrusionIsFoundWholeAndTheBackgroundStaysQuiet() throws Exception {
        Path out = dir.resolve("demo");
        CliRun r = CliRun.run("demo", "--out", out.toString(), "--seed", "2021");
        assertEquals(0, r.exit(), r.err());
        // what a non-specialist reads first
        assertTrue(r.out().contains("first evidence: 2021-08-24T02:13:41Z"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("dwell time: 4[0-9][0-9] days")), r.out());
        String hosts = r.out().lines().filter(l -> l.startsWith("hosts: ")).findFirst().orElse("");
        for (String h : List.of("ec-exch01", "ec-dc01", "ec-db01")) {
            assertTrue(hosts.contains(h), "the intrusion holds " + h + ": " + r.out());
        }
        String tactics = r.out().lines().filter(l -> l.startsWith("tactics: ")).findFirst().orElse("");
        assertTrue(tactics.indexOf("Execution") < tactics.indexOf("Credential Access")
                && tactics.indexOf("Credential Access") < tactics.indexOf("Lateral Movement"), tactics);
        for (String f : List.of("alerts.jsonl", "incidents.jsonl", "report.html", "navigator.json", "case.db")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        // every high or critical alert is the intruders' doing
        DemoScenario.Written truth = DemoScenario.write(dir.resolve("truth"), 2021);
        String evidence = out.resolve("evidence").toString();
        String truthEvidence = truth.evidence().toString();
        ObjectMapper json = new ObjectMapper();
        List<String> benignHigh = new ArrayList<>();
        int high = 0;
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            JsonNode a = json.readTree(line);
            String level = a.get("level").asText();
            if (!level.equals("high") && !level.equals("critical")) {
                continue;
            }
            high++;
            for (JsonNode ref : a.get("event_refs")) {
                String mine = truthEvidence + ref.asText().substring(evidence.length());
                boolean intrusion = truth.intrusionRefs().contains(mine)
                        || truth.intrusionRefs().stream().anyMatch(x -> mine.startsWith(x + "#") || mine.equals(x));
                if (!intrusion) {
                    benignHigh.add(a.get("rule_title").asText() + " on " + ref.asText());
                }
            }
        }
        assertTrue(high > 10, "the intrusion raises high alerts: " + high);
        assertEquals(List.of(), benignHigh, "ordinary activity raised high or critical alerts");
    }
}
