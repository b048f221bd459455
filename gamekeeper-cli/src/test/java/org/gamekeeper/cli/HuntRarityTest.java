package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hunt --baseline and rarity as a user meets them: rarity alerts, raised rule alerts, quiet routine. */
class HuntRarityTest {
    private static final Instant JAN = Instant.parse("2024-01-01T09:00:00Z");
    private static final Instant FEB = Instant.parse("2024-02-01T09:00:00Z");

    @TempDir
    Path dir;

    private static XmlNode.Element process(Instant t, String host, String image, String parent, String commandLine) {
        return new EventBuilder("Microsoft-Windows-Sysmon", 1).channel("Microsoft-Windows-Sysmon/Operational").computer(host)
            .timeCreated(t).data("Image", image).data("CommandLine", commandLine).data("User", "CORP\\alice")
            .data("ParentImage", parent).build();
    }

    /** Explorer starting net.exe and the inventory script on four hosts, each day. */
    private static List<XmlNode.Element> routine(Instant from, int days) {
        List<XmlNode.Element> out = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (String host : List.of("WS01", "WS02", "WS03", "WS04")) {
                Instant t = from.plusSeconds(86_400L * d);
                out.add(process(t, host, "C:\\Windows\\System32\\net.exe", "C:\\Windows\\explorer.exe", "net use H: \\\\files\\home" + d));
                out.add(process(t.plusSeconds(60), host, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "C:\\Windows\\System32\\svchost.exe", "powershell.exe -File C:\\Scripts\\inventory.ps1 -Day " + d));
            }
        }
        return out;
    }

    private Path write(String name, List<XmlNode.Element> events) throws Exception {
        Path p = dir.resolve(name);
        EvtxWriter.standard().write(events, p);
        return p;
    }

    private Path rule() throws Exception {
        Path r = dir.resolve("ntdsutil.yml");
        Files.writeString(r, """
            title: ntdsutil IFM
            id: 11111111-2222-3333-4444-555555555555
            level: high
            tags: [attack.credential-access, attack.t1003.003]
            logsource: {category: process_creation, product: windows}
            detection: {selection: {CommandLine|contains: 'ifm'}, condition: selection}
            """);
        return r;
    }

    private static List<JsonNode> alerts(CliRun r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            out.add(new ObjectMapper().readTree(line));
        }
        return out;
    }

    @Test
    void aBaselineFlagsTheWebShellAndRaisesTheRuleAlertOnTheSameEvent() throws Exception {
        Path base = dir.resolve("estate.baseline");
        assertEquals(0, CliRun.run("baseline", "learn", write("jan.evtx", routine(JAN, 10)).toString(), "--out", base.toString()).exit());
        List<XmlNode.Element> feb = new ArrayList<>(routine(FEB, 2));
        feb.add(process(FEB.plusSeconds(3600), "WS02", "C:\\Windows\\System32\\cmd.exe", "C:\\Windows\\System32\\inetsrv\\w3wp.exe", "cmd.exe /c whoami"));
        feb.add(process(FEB.plusSeconds(3700), "WS02", "C:\\Windows\\System32\\ntdsutil.exe", "C:\\Windows\\System32\\cmd.exe",
            "ntdsutil \"ac i ntds\" ifm \"create full c:\\temp\\x\" q q"));
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule().toString(), "--baseline", base.toString(), write("feb.evtx", feb).toString());
        assertEquals(0, r.exit(), r.err());
        List<JsonNode> alerts = alerts(r);
        assertEquals(2, alerts.size(), r.out());
        JsonNode rarity = alerts.get(0);
        assertEquals("rarity", rarity.get("kind").asText());
        assertEquals("low", rarity.get("level").asText());
        assertEquals("gamekeeper-rarity-process_pair", rarity.get("rule_id").asText());
        assertTrue(rarity.get("details").get("rarity").asText().startsWith(
            "cmd.exe started by w3wp.exe on ws02: never seen in 10 days of baseline, on 0 of 4 hosts"), rarity.toString());
        JsonNode ntds = alerts.get(1);
        assertEquals("rule", ntds.get("kind").asText());
        assertEquals("critical", ntds.get("level").asText(), "high, raised one level by rarity");
        assertTrue(ntds.get("details").get("rarity").asText().startsWith("ntdsutil.exe started by cmd.exe on ws02: never seen"), ntds.toString());
        assertTrue(r.err().contains("rarity: 1 finding(s) against the baseline " + base), r.err());

        CliRun off = CliRun.run("hunt", "--no-progress", "--rules", rule().toString(), "--no-rarity", dir.resolve("feb.evtx").toString());
        List<JsonNode> plain = alerts(off);
        assertEquals(1, plain.size(), off.out());
        assertEquals("high", plain.get(0).get("level").asText());
    }

    @Test
    void routineAfterTheBaselineIsQuietAndStackingFindsTheOneOff() throws Exception {
        Path base = dir.resolve("estate.baseline");
        assertEquals(0, CliRun.run("baseline", "learn", write("jan.evtx", routine(JAN, 10)).toString(), "--out", base.toString()).exit());
        CliRun quiet = CliRun.run("hunt", "--no-progress", "--rules", rule().toString(), "--baseline", base.toString(),
            write("feb.evtx", routine(FEB, 3)).toString());
        assertEquals("", quiet.out());

        List<XmlNode.Element> feb = new ArrayList<>(routine(FEB, 3));
        feb.add(process(FEB.plusSeconds(3600), "WS03", "C:\\Windows\\System32\\wbem\\WMIC.exe", "C:\\Windows\\explorer.exe",
            "wmic /node:10.0.0.9 process call create calc.exe"));
        CliRun stacked = CliRun.run("hunt", "--no-progress", "--rules", rule().toString(), write("feb2.evtx", feb).toString());
        List<JsonNode> alerts = alerts(stacked);
        assertEquals(1, alerts.size(), stacked.out());
        assertTrue(alerts.get(0).get("details").get("rarity").asText().startsWith(
            "wmic.exe started by explorer.exe on ws03: seen once in the data, on 1 of 4 hosts"), stacked.out());
        assertTrue(stacked.err().contains("within the data (least-frequency stacking"), stacked.err());
    }

    @Test
    void aBaselineThatIsNotOneIsAnInputErrorAndContradictionsAUsageError() throws Exception {
        Path notes = dir.resolve("notes.baseline");
        Files.writeString(notes, "not a database");
        Path logs = write("feb.evtx", routine(FEB, 1));
        CliRun r = CliRun.run("hunt", "--no-progress", "--rules", rule().toString(), "--baseline", notes.toString(), logs.toString());
        assertEquals(3, r.exit());
        assertTrue(r.err().contains(notes + ": not a Gamekeeper baseline"), r.err());
        assertEquals(2, CliRun.run("hunt", "--rules", rule().toString(), "--baseline", notes.toString(), "--no-rarity", logs.toString()).exit());
    }
}
