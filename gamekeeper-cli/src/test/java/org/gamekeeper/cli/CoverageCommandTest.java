package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gamekeeper coverage: the JSON object of INTERFACES.md, the table, and the corpus. */
class CoverageCommandTest {

    @TempDir
    Path dir;

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> i = n.fieldNames(); i.hasNext(); ) {
            out.add(i.next());
        }
        return out;
    }

    private Path securityLog() throws Exception {
        Path p = dir.resolve("dc.evtx");
        EvtxWriter.standard().write(List.of(
            new EventBuilder("Microsoft-Windows-Security-Auditing", 4624).channel("Security").computer("DC01.corp.example")
                .timeCreated(Instant.parse("2024-03-01T10:00:00Z")).data("LogonType", "3").build(),
            new EventBuilder("Microsoft-Windows-Security-Auditing", 1102).channel("Security").computer("DC01.corp.example")
                .timeCreated(Instant.parse("2024-03-02T10:00:00Z")).build()), p);
        return p;
    }

    @Test
    void jsonIsExactlyTheObjectOfTheContract() throws Exception {
        Path iis = dir.resolve("u_ex240301.log");
        Files.writeString(iis, "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-computername cs-method cs-uri-stem\n"
            + "2024-03-01 09:00:00 EXCH01 GET /owa/\n2024-03-01 09:05:00 EXCH01 POST /ecp/x.aspx\n");
        CliRun r = CliRun.run("coverage", "--format", "json", securityLog().toString(), iis.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.out().lines().count(), r.out());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(Set.of("hosts", "rules_blind"), keys(root));
        assertTrue(root.get("rules_blind").asInt() > 0, "without --rules the built-in pack is counted, and two Security events feed few of its rules");
        assertEquals(2, root.get("hosts").size());
        JsonNode dc = root.get("hosts").get(0);
        assertEquals(Set.of("host", "first", "last", "present", "missing", "blind_techniques"), keys(dc));
        assertEquals("dc01", dc.get("host").asText());
        assertEquals("2024-03-01T10:00:00Z", dc.get("first").asText());
        assertEquals("2024-03-02T10:00:00Z", dc.get("last").asText());
        assertEquals("[{\"channel\":\"Security\",\"event_id\":4624,\"count\":1},{\"channel\":\"Security\",\"event_id\":1102,\"count\":1}]"
            .replace("4624,\"count\":1},{\"channel\":\"Security\",\"event_id\":1102", "1102,\"count\":1},{\"channel\":\"Security\",\"event_id\":4624"),
            dc.get("present").toString());
        List<Integer> missing = new ArrayList<>();
        for (JsonNode m : dc.get("missing")) {
            assertEquals(Set.of("channel", "event_id", "why"), keys(m));
            missing.add(m.get("event_id").asInt());
        }
        assertTrue(missing.containsAll(List.of(4688, 4625, 4719, 1, 4104)), missing::toString);
        assertTrue(dc.get("blind_techniques").toString().contains("\"T1055\""), dc.get("blind_techniques")::toString);
        JsonNode exch = root.get("hosts").get(1);
        assertEquals("exch01", exch.get("host").asText());
        assertEquals("[{\"channel\":\"IIS W3C\",\"event_id\":0,\"count\":2}]", exch.get("present").toString());
        assertEquals("2024-03-01T09:05:00Z", exch.get("last").asText());
    }

    @Test
    void theTableNamesWhatIsMissingAndWhy() throws Exception {
        CliRun r = CliRun.run("coverage", securityLog().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("dc01  2024-03-01T10:00:00Z .. 2024-03-02T10:00:00Z  rules blind: "), r.out());
        assertTrue(r.out().contains("missing  Security                                       4719  audit policy changed"), r.out());
        assertTrue(r.err().contains("coverage: 1 host(s) from 1 input(s)"), r.err());
    }

    /** Corpus: the attack samples with SigmaHQ's Windows rules; facts that hold for the recordings as published. */
    @Test
    void corpusAttackSamplesWithSigmaRules() throws Exception {
        Path corpus = DumpCommandTest.corpus();
        CliRun r = CliRun.run("coverage", "--format", "json", "--rules", corpus.resolve("sigma/rules/windows/builtin").toString(),
            corpus.resolve("evtx/evtx-attack-samples/Defense Evasion").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.get("hosts").size() >= 5, r.out());
        JsonNode pc01 = null;
        for (JsonNode h : root.get("hosts")) {
            if (h.get("host").asText().equals("pc01")) {
                pc01 = h;
            }
        }
        assertTrue(pc01 != null, "DE_1102_security_log_cleared.evtx is from PC01");
        assertTrue(pc01.get("present").toString().contains("{\"channel\":\"Security\",\"event_id\":1102,"), pc01.toString());
        int rulesBlind = root.get("rules_blind").asInt();
        // Rules on channels no sample has (DNS server, MSExchange management, AppLocker, ...) are blind; Security's are not.
        assertTrue(rulesBlind > 0 && rulesBlind < 200, "rules blind on every host: " + rulesBlind);
    }
}
