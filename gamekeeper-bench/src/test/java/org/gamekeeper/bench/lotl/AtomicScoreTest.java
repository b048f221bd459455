package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicScore} reads Atomic Red Team's format and turns a test into the events its run
 * leaves. The technique file here is written for this test in ART's format (not copied from ART):
 * a cmd test with two lines, a PowerShell test, a Linux test and a manual test (both skipped).
 */
class AtomicScoreTest {

    @TempDir
    Path dir;

    private static final String TECHNIQUE = """
            attack_technique: T9999.001
            display_name: Example
            atomic_tests:
            - name: two commands in cmd
              supported_platforms:
              - windows
              input_arguments:
                out:
                  default: C:\\Users\\Public\\o.txt
                key:
                  default: HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System
              executor:
                name: command_prompt
                command: |
                  echo hello > #{out}
                  reg add "#{key}" /v DisableTaskMgr /t REG_DWORD /d 1 /f & whoami /all
            - name: powershell block
              supported_platforms:
              - windows
              executor:
                name: powershell
                command: |
                  Set-ItemProperty -Path "HKLM:\\SOFTWARE\\Policies\\Example" -Name Enabled -Value 0
                  cmd /c "vssadmin list shadows & net user"
            - name: linux only
              supported_platforms:
              - linux
              executor:
                name: sh
                command: id
            - name: by hand
              supported_platforms:
              - windows
              executor:
                name: manual
                steps: click
            """;

    @Test
    void readsWindowsCommandTestsWithTheirInputsFilled() throws Exception {
        Files.createDirectories(dir.resolve("T9999.001"));
        Files.writeString(dir.resolve("T9999.001/T9999.001.yaml"), TECHNIQUE);
        List<AtomicScore.Test> tests = AtomicScore.tests(dir);
        assertEquals(2, tests.size(), "the Linux and the manual test are skipped");
        AtomicScore.Test cmd = tests.get(0);
        assertEquals("T9999.001#1", cmd.key());
        assertEquals("command_prompt", cmd.executor());
        assertTrue(cmd.command().contains("echo hello > C:\\Users\\Public\\o.txt"), cmd.command());
        assertTrue(cmd.command().contains("reg add \"HKCU\\Software\\Microsoft"), cmd.command());
        assertEquals("C:\\AtomicRedTeam\\atomics\\T1\\x.ps1 C:\\AtomicRedTeam\\atomics\\T1\\y.exe",
                AtomicScore.fill("$PathToAtomicsFolder\\T1\\x.ps1 #{exe}", java.util.Map.of("exe", "PathToAtomicsFolder\\T1\\y.exe")));
        assertEquals("T9999.001#2", tests.get(1).key());
        assertThrows(IllegalStateException.class, () -> AtomicScore.tests(dir.resolve("absent")));
    }

    @Test
    void aCmdTestLeavesTheShellItsProgramsAndTheRegistryValue() throws Exception {
        AtomicScore.Test t = new AtomicScore.Test("T9999.001#1", "T9999.001", "x", "command_prompt",
                "echo hello > C:\\Users\\Public\\o.txt\nreg add \"HKCU\\Software\\Policies\\System\" /v DisableTaskMgr /t REG_DWORD /d 1 /f & whoami /all");
        List<Map<String, String>> sysmon = AtomicScore.events(t, true);
        // cmd.exe, reg.exe, whoami.exe (echo is a built-in), and the Sysmon 13 of reg add
        assertEquals(4, sysmon.size(), sysmon.toString());
        Map<String, String> shell = sysmon.get(0);
        assertEquals("C:\\Windows\\System32\\cmd.exe", shell.get("Image"));
        assertTrue(shell.get("CommandLine").startsWith("\"cmd.exe\" /c echo hello"), shell.get("CommandLine"));
        assertTrue(shell.get("CommandLine").contains(" & reg add "), "lines joined with &");
        assertEquals("C:\\Windows\\System32\\reg.exe", sysmon.get(1).get("Image"));
        assertEquals(shell.get("Image"), sysmon.get(1).get("ParentImage"));
        Map<String, String> reg = sysmon.get(2);
        assertEquals("13", reg.get("EventID"));
        assertEquals("HKU\\S-1-5-21-1004336348-1177238915-682003330-1104\\Software\\Policies\\System\\DisableTaskMgr", reg.get("TargetObject"));
        assertEquals("DWORD (0x00000001)", reg.get("Details"));
        assertEquals("C:\\Windows\\System32\\whoami.exe", sysmon.get(3).get("Image"));

        List<Map<String, String>> security = AtomicScore.events(t, false);
        assertEquals(3, security.size(), "no Sysmon 13 in the Security estate");
        assertTrue(security.stream().allMatch(e -> e.get("EventID").equals("4688")));
        assertEquals("C:\\Windows\\System32\\reg.exe", security.get(1).get("NewProcessName"));
    }

    @Test
    void aPowerShellTestLeavesItsScriptBlockItsProgramsAndItsRegistryValue() {
        AtomicScore.Test t = new AtomicScore.Test("T9999.001#2", "T9999.001", "x", "powershell",
                "Set-ItemProperty -Path \"HKLM:\\SOFTWARE\\Policies\\Example\" -Name Enabled -Value 0\ncmd /c \"vssadmin list shadows & net user\"");
        List<Map<String, String>> ev = AtomicScore.events(t, true);
        assertEquals("4104", ev.get(0).get("EventID"));
        assertEquals(t.command(), ev.get(0).get("ScriptBlockText"));
        assertTrue(ev.get(1).get("Image").endsWith("\\powershell.exe"));
        Set<String> images = new java.util.TreeSet<>();
        ev.stream().filter(e -> "1".equals(e.get("EventID"))).forEach(e -> images.add(e.get("Image")));
        assertTrue(images.contains("C:\\Windows\\System32\\cmd.exe"), images.toString());
        assertTrue(images.contains("C:\\Windows\\System32\\vssadmin.exe"), "the inner shell's programs: " + images);
        assertTrue(images.contains("C:\\Windows\\System32\\net.exe"), images.toString());
        Map<String, String> reg = ev.stream().filter(e -> "13".equals(e.get("EventID"))).findFirst().orElseThrow();
        assertEquals("HKLM\\SOFTWARE\\Policies\\Example\\Enabled", reg.get("TargetObject"));
        assertEquals("DWORD (0x00000000)", reg.get("Details"));
    }

    @Test
    void splitsCmdLinesOutsideQuotesAndKnowsBuiltIns() {
        assertEquals(List.of("a.exe x", "b.exe \"p & q\"", "c.exe"), AtomicScore.splitCmd("a.exe x && b.exe \"p & q\" | c.exe"));
        assertNull(AtomicScore.cmdProgram("echo x > y"));
        assertNull(AtomicScore.cmdProgram("@mkdir C:\\x"));
        assertEquals("notepad.exe C:\\x.txt", AtomicScore.cmdProgram("start \"\" /min notepad.exe C:\\x.txt"));
        assertEquals("C:\\t\\x.exe -a", AtomicScore.psProgram("Start-Process -FilePath \"C:\\t\\x.exe\" -ArgumentList \"-a\""));
        assertNull(AtomicScore.psProgram("Get-Process | Out-File p.txt"), "a cmdlet starts no program");
        assertEquals("schtasks /create /tn x", AtomicScore.psProgram("schtasks /create /tn x"));
    }
}
