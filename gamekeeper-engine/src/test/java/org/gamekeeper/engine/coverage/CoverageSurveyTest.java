package org.gamekeeper.engine.coverage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageSurveyTest {
    private static final Instant T = Instant.parse("2024-03-01T09:00:00Z");
    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";

    @TempDir
    Path dir;

    private static XmlNode.Element event(String provider, String channel, int id, String host, long seconds, String... data) {
        EventBuilder b = new EventBuilder(provider, id).channel(channel).computer(host).timeCreated(T.plusSeconds(seconds));
        for (int i = 0; i < data.length; i += 2) {
            b.data(data[i], data[i + 1]);
        }
        return b.build();
    }

    /** Host A logs Sysmon and Security with command lines; host B Security without them, and PowerShell. */
    private Coverage survey(List<RuleSource> rules) throws IOException {
        List<XmlNode.Element> events = List.of(
            event("Microsoft-Windows-Security-Auditing", "Security", 4688, "A.corp.example", 0, "NewProcessName", "C:\\x.exe", "CommandLine", "x.exe /y"),
            event("Microsoft-Windows-Security-Auditing", "Security", 4688, "A.corp.example", 3600, "NewProcessName", "C:\\x.exe", "CommandLine", "x.exe /z"),
            event("Microsoft-Windows-Security-Auditing", "Security", 4624, "A.corp.example", 60, "LogonType", "3"),
            event("Microsoft-Windows-Security-Auditing", "Security", 4656, "A.corp.example", 61),
            event("Microsoft-Windows-Sysmon", SYSMON, 1, "A.corp.example", 120, "Image", "C:\\x.exe"),
            event("Microsoft-Windows-Sysmon", SYSMON, 10, "A.corp.example", 7200, "TargetImage", "C:\\Windows\\System32\\lsass.exe"),
            event("Microsoft-Windows-Security-Auditing", "Security", 4688, "B", 86_400, "NewProcessName", "C:\\x.exe", "CommandLine", ""),
            event("Microsoft-Windows-Security-Auditing", "Security", 4624, "B", 86_460, "LogonType", "10"),
            event("Microsoft-Windows-PowerShell", "Microsoft-Windows-PowerShell/Operational", 4104, "B", 86_500, "ScriptBlockText", "Get-Process"));
        Path file = dir.resolve("two-hosts.evtx");
        EvtxWriter.standard().write(events, file);
        CoverageSurvey survey = new CoverageSurvey();
        Sources.plain().readAll(Inputs.expand(List.of(file.toString()), p -> { }), survey, p -> { throw new AssertionError(p.toString()); });
        return survey.report(Guidance.builtin(), rules);
    }

    private static final String SCRIPT_RULE = """
            title: Script block download
            id: 00000000-0000-0000-0000-000000000002
            tags: [attack.execution, attack.t1059.001]
            logsource: {category: ps_script, product: windows}
            detection: {selection: {ScriptBlockText|contains: 'DownloadString'}, condition: selection}
            """;

    private static List<RuleSource> rules() {
        String processRule = """
            title: Encoded PowerShell
            id: 00000000-0000-0000-0000-000000000001
            tags: [attack.execution, attack.t1059.001]
            logsource: {category: process_creation, product: windows}
            detection: {selection: {CommandLine|contains: ' -enc '}, condition: selection}
            """;
        String registryRule = """
            title: Run key
            id: 00000000-0000-0000-0000-000000000003
            tags: [attack.persistence, attack.t1547.001]
            logsource: {category: registry_set, product: windows}
            detection: {selection: {TargetObject|contains: '\\\\CurrentVersion\\\\Run\\\\'}, condition: selection}
            """;
        String linuxRule = """
            title: Not Windows
            id: 00000000-0000-0000-0000-000000000004
            tags: [attack.t1098]
            logsource: {category: process_creation, product: linux}
            detection: {selection: {CommandLine|contains: 'x'}, condition: selection}
            """;
        RuleSet set = RuleSet.read(Map.of("p.yml", processRule, "s.yml", SCRIPT_RULE, "r.yml", registryRule, "l.yml", linuxRule), LoadOptions.defaults());
        assertEquals(4, set.loaded(), set.problems()::toString);
        return RuleSource.of(set.rules(), LogSourceMapping.builtin());
    }

    private static Coverage.Host host(Coverage c, String name) {
        return c.hosts().stream().filter(h -> h.host().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> missing(Coverage.Host h) {
        List<String> out = new ArrayList<>();
        h.missing().forEach(m -> out.add(m.channel() + " " + m.eventId()));
        return out;
    }

    @Test
    void presentSourcesAreCountedPerHostWithTheirSpan() throws IOException {
        Coverage c = survey(List.of());
        assertEquals(List.of("a", "b"), c.hosts().stream().map(Coverage.Host::host).toList());
        Coverage.Host a = host(c, "a");
        assertEquals(T, a.first());
        assertEquals(T.plusSeconds(7200), a.last());
        assertEquals(List.of(
            new Coverage.Present(SYSMON, 1, 1, T.plusSeconds(120), T.plusSeconds(120)),
            new Coverage.Present(SYSMON, 10, 1, T.plusSeconds(7200), T.plusSeconds(7200)),
            new Coverage.Present("Security", 4624, 1, T.plusSeconds(60), T.plusSeconds(60)),
            new Coverage.Present("Security", 4688, 2, T, T.plusSeconds(3600))), a.present(), "4656 is not one the guidance asks for");
        assertEquals(2, a.commandLines4688());
    }

    @Test
    void missingSourcesSayWhyAndCommandLinesAreChecked() throws IOException {
        Coverage c = survey(List.of());
        Coverage.Host a = host(c, "a");
        assertFalse(missing(a).contains("Security 4688"));
        assertTrue(missing(a).containsAll(List.of("Security 4625", "Security 4719", "Microsoft-Windows-PowerShell/Operational 4104",
            SYSMON + " 13", "Application 325")), missing(a)::toString);
        assertTrue(a.missing().stream().anyMatch(m -> m.eventId() == 4719 && m.why().contains("audit policy")));
        Coverage.Host b = host(c, "b");
        Coverage.Missing noCommandLines = b.missing().stream().filter(m -> m.eventId() == 4688).findFirst().orElseThrow();
        assertTrue(noCommandLines.why().startsWith("present but without command lines"), noCommandLines::why);
        assertTrue(missing(b).contains(SYSMON + " 1"));
        assertFalse(missing(b).contains("Microsoft-Windows-PowerShell/Operational 4104"));
    }

    @Test
    void techniquesGoBlindWhenNoSourceOfThemIsPresent() throws IOException {
        Coverage c = survey(List.of());
        Coverage.Host a = host(c, "a");
        Coverage.Host b = host(c, "b");
        assertTrue(a.blindTechniques().containsAll(List.of("T1562.002", "T1547.001", "T1059.001")), a.blindTechniques()::toString);
        assertFalse(a.blindTechniques().contains("T1003.001"), "Sysmon 10 shows LSASS access on A");
        assertTrue(b.blindTechniques().contains("T1003.001"));
        assertFalse(b.blindTechniques().contains("T1059.001"), "script blocks show PowerShell on B");
        assertTrue(b.blindTechniques().contains("T1059.003"), "4688 without command lines shows no commands");
        assertEquals(0, c.rulesBlind());
    }

    @Test
    void rulesFeedTechniquesAndCountAsBlindWhereNoHostCanFeedThem() throws IOException {
        Coverage c = survey(rules());
        assertEquals(3, c.rules(), "the Linux rule never runs on Windows evidence");
        assertEquals(1, c.rulesBlind(), "only the registry rule has no events on any host");
        Coverage.Host a = host(c, "a");
        assertFalse(a.blindTechniques().contains("T1059.001"), "the process-creation rule for T1059.001 is fed on A");
        assertTrue(a.blindTechniques().contains("T1547.001"));
        assertEquals(2, a.rulesBlind());
        assertEquals(1, host(c, "b").rulesBlind(), "B has 4688 and 4104, not Sysmon 13");
    }

    @Test
    void aPackScriptRuleIsFedByModuleLoggingAndTheClassicLogWhereOtherSetsAreNot() {
        RuleSet pack = RuleSet.read(Map.of(org.gamekeeper.engine.detect.BuiltinPack.LOCATION_PREFIX + "s.yml", SCRIPT_RULE), LoadOptions.defaults());
        RuleSet other = RuleSet.read(Map.of("s.yml", SCRIPT_RULE), LoadOptions.defaults());
        List<java.util.Set<Integer>> packIds = RuleSource.of(pack.rules(), LogSourceMapping.builtin()).get(0).targets().stream()
                .map(LogSourceMapping.Target::eventIds).toList();
        List<java.util.Set<Integer>> otherIds = RuleSource.of(other.rules(), LogSourceMapping.builtin()).get(0).targets().stream()
                .map(LogSourceMapping.Target::eventIds).toList();
        assertEquals(List.of(java.util.Set.of(4104), java.util.Set.of(4103), java.util.Set.of(400)), packIds);
        assertEquals(List.of(java.util.Set.of(4104)), otherIds);
    }
}
