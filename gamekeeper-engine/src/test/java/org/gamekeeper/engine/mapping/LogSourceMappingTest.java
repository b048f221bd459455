package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.gamekeeper.sigma.rule.LogSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled Windows mapping, as the Sigma taxonomy appendix says, and user files over it. */
class LogSourceMappingTest {

    @TempDir
    Path dir;

    private static LogSource category(String c) {
        return new LogSource("windows", c, null, null);
    }

    @Test
    void processCreationIsSysmonOneAndSecurity4688WithRenames() {
        List<LogSourceMapping.Target> t = LogSourceMapping.builtin().targets(category("process_creation"));
        assertEquals(2, t.size());
        assertEquals(Set.of("Microsoft-Windows-Sysmon/Operational"), t.get(0).channels());
        assertEquals(Set.of(1), t.get(0).eventIds());
        assertTrue(t.get(0).renames().isEmpty());
        assertEquals(Set.of("Security"), t.get(1).channels());
        assertEquals(Set.of(4688), t.get(1).eventIds());
        assertEquals("NewProcessName", t.get(1).renames().get("Image"));
        assertEquals("ParentProcessName", t.get(1).renames().get("ParentImage"));
    }

    @Test
    void servicesCategoriesAndUnknownsFollowTheTaxonomy() {
        LogSourceMapping m = LogSourceMapping.builtin();
        assertEquals(Set.of("Security"), m.targets(new LogSource("windows", null, "security", null)).get(0).channels());
        assertEquals(Set.of("Microsoft-Windows-Windows Defender/Operational"),
                m.targets(new LogSource("windows", null, "windefend", null)).get(0).channels());
        assertEquals(Set.of(12, 13, 14), m.targets(category("registry_event")).get(0).eventIds());
        assertEquals(Set.of(4104), m.targets(category("ps_script")).get(0).eventIds());
        assertEquals(2, m.targets(category("ps_script")).get(0).channels().size());
        assertEquals(List.of(), m.targets(new LogSource("linux", "process_creation", null, null)), "not a Windows log source");
        assertEquals(List.of(), m.targets(category("no_such_category")));
        List<LogSourceMapping.Target> any = m.targets(new LogSource("windows", null, null, null));
        assertEquals(1, any.size());
        assertTrue(any.get(0).channels().isEmpty() && any.get(0).eventIds().isEmpty(), "product windows alone: every Windows event");
    }

    @Test
    void moduleLoggingFeedsOnlyThePacksScriptBlockRules() throws IOException {
        LogSourceMapping m = LogSourceMapping.builtin();
        List<LogSourceMapping.Target> others = m.targets(category("ps_script"), false);
        List<LogSourceMapping.Target> pack = m.targets(category("ps_script"), true);
        assertEquals(List.of(Set.of(4104)), others.stream().map(LogSourceMapping.Target::eventIds).toList());
        assertEquals(List.of(Set.of(4104), Set.of(4103), Set.of(400)), pack.stream().map(LogSourceMapping.Target::eventIds).toList());
        assertTrue(pack.get(1).builtinOnly() && pack.get(2).builtinOnly());
        assertEquals(Set.of("Windows PowerShell"), pack.get(2).channels());
        assertEquals(others, m.targets(category("ps_script")), "a rule of another set by default");
        Path f = dir.resolve("m.yml");
        Files.writeString(f, "logsources:\n  - category: ps_script\n    targets:\n      - channels: [Mine]\n        event_ids: [1]\n"
                + "        builtin_only: true\n");
        LogSourceMapping user = LogSourceMapping.builtin().with(f);
        assertEquals(List.of(), user.targets(category("ps_script"), false), "a user's pack-only target hides the log source from other sets");
        assertEquals(1, user.targets(category("ps_script"), true).size());
    }

    @Test
    void aUserFileReplacesTheEntriesItNamesAndRejectsUnknownKeys() throws IOException {
        Path f = dir.resolve("m.yml");
        Files.writeString(f, "logsources:\n  - service: security\n    targets:\n      - channels: [ForwardedEvents]\n        event_ids: [4624]\n");
        LogSourceMapping m = LogSourceMapping.builtin().with(f);
        assertEquals(Set.of("ForwardedEvents"), m.targets(new LogSource("windows", null, "security", null)).get(0).channels());
        assertEquals(2, m.targets(category("process_creation")).size(), "other entries stay");
        Files.writeString(f, "logsources:\n  - service: security\n    target: []\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogSourceMapping.builtin().with(f));
        assertTrue(e.getMessage().contains("unknown key 'target'"), e.getMessage());
    }
}
