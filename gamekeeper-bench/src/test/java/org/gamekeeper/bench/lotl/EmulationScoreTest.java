package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EmulationScore} reads CALDERA abilities and CTID emulation plans. Both files here are
 * written for this test in those formats (not copied from either catalogue): an ability with a
 * PowerShell and a cmd executor and CALDERA facts, one in CALDERA's newer flat layout, one converted
 * from Atomic Red Team, a Linux-only ability, and a plan with
 * defaulted inputs and an executors list.
 */
class EmulationScoreTest {

    @TempDir
    Path dir;

    private static final String ABILITY = """
            - id: 0000aaaa-0000-4000-8000-000000000001
              name: Example discovery
              tactic: discovery
              technique:
                attack_id: T9999
                name: Example
              platforms:
                windows:
                  psh:
                    command: |
                      Get-ChildItem #{host.dir.staged} -Filter *.#{file.sensitive.extension}
                  cmd:
                    command: 'net view \\\\#{remote.host.fqdn} & echo #{domain.user.name}'
                  donut_amd64:
                    command: ignored
                linux:
                  sh:
                    command: id
            - id: 0000aaaa-0000-4000-8000-000000000004
              name: Newer layout
              technique:
                attack_id: T9996
              executors:
              - name: sh
                platform: linux
                command: whoami
              - name: psh
                platform: windows
                command: whoami /groups
            - id: 0000aaaa-0000-4000-8000-000000000005
              name: Converted
              description: Generated from Atomic Red Team procedures; review before use.
              technique:
                attack_id: T9995
              platforms:
                windows:
                  psh:
                    command: whoami /priv
            - id: 0000aaaa-0000-4000-8000-000000000002
              name: Linux only
              technique:
                attack_id: T9998
              platforms:
                linux:
                  sh:
                    command: uname -a
            """;

    private static final String PLAN = """
            - emulation_plan_details:
                adversary_name: Example
            - id: 0000bbbb-0000-4000-8000-000000000003
              name: Archive
              technique:
                attack_id: T9997.001
              input_arguments:
                archive:
                  type: String
                  default: |
                    out.rar
              executors:
              - name: command_prompt
                command: |
                  rar.exe a "#{archive}" "#{script_path}"
              - name: sh
                command: tar czf x.tgz .
            """;

    @Test
    void readsEachWindowsExecutorOfAbilitiesAndPlans() throws Exception {
        Files.createDirectories(dir.resolve("abilities/discovery"));
        Files.writeString(dir.resolve("abilities/discovery/example.yml"), ABILITY);
        Files.writeString(dir.resolve("plan.yaml"), PLAN);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(4, tests.size(), "psh and cmd of the first ability, the newer layout's Windows executor, the plan's cmd"
                + " step; Linux, donut and the converted Atomic Red Team test skipped");
        AtomicScore.Test psh = tests.get(0);
        assertEquals("0000aaaa-0000-4000-8000-000000000001#psh", psh.key());
        assertEquals("powershell", psh.executor());
        assertEquals("T9999", psh.technique());
        assertEquals("Get-ChildItem C:\\Users\\jdoe\\Documents -Filter *.docx", psh.command());
        AtomicScore.Test cmd = tests.get(1);
        assertEquals("command_prompt", cmd.executor());
        assertEquals("net view \\\\ws02.corp.example & echo jdoe", cmd.command());
        AtomicScore.Test newer = tests.get(2);
        assertEquals("0000aaaa-0000-4000-8000-000000000004#psh", newer.key());
        assertEquals("whoami /groups", newer.command());
        AtomicScore.Test plan = tests.get(3);
        assertEquals("T9997.001", plan.technique());
        assertEquals("command_prompt", plan.executor());
        assertEquals("rar.exe a \"out.rar\" \"C:\\Users\\jdoe\\Documents\"", plan.command(),
                "the default is stripped of its block's line break; script_path has none and is a path");
    }

    /**
     * As run, a plan's steps share a host and minutes, so the pack's burst of discovery (four
     * different tools by one account within ten minutes, a correlation at high) names each of
     * them; scored one by one, no single discovery command reaches medium.
     */
    @Test
    void asRunTheStepsOfOnePlanAreOneSequence() throws Exception {
        List<AtomicScore.Test> plan = List.of(
                new AtomicScore.Test("a#cmd", "T1033", "who", "command_prompt", "whoami", "plan.yaml"),
                new AtomicScore.Test("b#cmd", "T1082", "system", "command_prompt", "systeminfo", "plan.yaml"),
                new AtomicScore.Test("c#cmd", "T1016", "network", "command_prompt", "ipconfig /all", "plan.yaml"),
                new AtomicScore.Test("d#cmd", "T1057", "processes", "command_prompt", "tasklist /v", "plan.yaml"),
                new AtomicScore.Test("e#cmd", "T1057", "alone", "command_prompt", "tasklist /v", "other.yaml"));
        LotlScore.Compiled pack = LotlScore.Compiled.of(LotlScore.pack());
        for (boolean sysmon : new boolean[] {true, false}) {
            java.util.Set<String> alone = AtomicScore.detect(pack, plan, sysmon, dir.resolve("alone" + sysmon), false);
            assertTrue(alone.isEmpty(), "one by one: " + alone);
            java.util.Set<String> asRun = AtomicScore.detect(pack, plan, sysmon, dir.resolve("run" + sysmon), true);
            assertEquals(java.util.Set.of("a#cmd", "b#cmd", "c#cmd", "d#cmd"), asRun, "sysmon " + sysmon);
        }
    }

    /** A batch file runs by path: its lines show only as the programs they start, variables expanded. */
    @Test
    void aBatchFileIsOneTestWhoseProgramsAreChildrenOfCmd() throws Exception {
        Files.createDirectories(dir.resolve("sets/discovery"));
        Files.writeString(dir.resolve("launch.bat"), String.join("\r\n", "@echo off", "SET \"DROP=%PUBLIC%\"", "call sets\\discovery\\recon.bat"));
        Files.writeString(dir.resolve("sets/discovery/recon.bat"), String.join("\r\n",
                "@echo off", "rem collect", ":start", "set OUT=%TEMP%\\r.txt", "echo Running recon",
                "whoami /all > %OUT%", "copy %~dp0tool.exe %DROP%\\t.exe", "%DROP%\\t.exe -scan 10.0.0.0/24", ""));
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(1, tests.size(), "the launcher at the top sets variables and is not scored");
        AtomicScore.Test t = tests.get(0);
        assertEquals("batch", t.executor());
        assertEquals("sets\\discovery", t.technique(), "the folder names the category");
        assertEquals("C:\\APTSimulator\\sets\\discovery\\recon.bat", t.name());
        assertEquals(String.join("\n", "whoami /all > C:\\Users\\alice\\AppData\\Local\\Temp\\r.txt",
                "copy C:\\APTSimulator\\sets\\discovery\\tool.exe C:\\Users\\Public\\t.exe",
                "C:\\Users\\Public\\t.exe -scan 10.0.0.0/24"), t.command());
        List<Map<String, String>> events = AtomicScore.events(t, true);
        assertEquals("C:\\Windows\\system32\\cmd.exe /c \"C:\\APTSimulator\\sets\\discovery\\recon.bat\"", events.get(0).get("CommandLine"));
        List<String> children = events.stream().skip(1).map(e -> e.get("CommandLine")).toList();
        assertEquals(List.of("whoami /all", "C:\\Users\\Public\\t.exe -scan 10.0.0.0/24"), children,
                "copy is cmd's own; the redirection is not part of the child's command line");
    }

    /** A transcription listing a script's events is scored on exactly those events, in both estates. */
    @Test
    void listedEventsAreTheTestsEvents() throws Exception {
        Files.writeString(dir.resolve("rta.yaml"), """
                - script: office_child.py
                  name: Office starting a shell
                  techniques: [T1204]
                  events:
                    - parent: 'C:\\Python27\\python.exe'
                      image: 'C:\\Users\\rta\\AppData\\Local\\Temp\\winword.exe'
                      command_line: 'winword.exe -c "cmd.exe /c whoami"'
                    - parent: 'C:\\Users\\rta\\AppData\\Local\\Temp\\winword.exe'
                      image: 'C:\\Windows\\System32\\cmd.exe'
                      command_line: 'cmd.exe /c whoami'
                    - registry: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd'
                      data: 'C:\\RTA\\bin\\myapp.exe'
                      image: 'C:\\Python27\\python.exe'
                - skipped: [{script: mac_only.py, why: macOS}]
                """);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(1, tests.size(), "the skipped list is no test");
        AtomicScore.Test t = tests.get(0);
        assertEquals("rta.yaml:office_child.py#Office starting a shell", t.key());
        assertEquals("T1204", t.technique());
        List<Map<String, String>> sysmon = AtomicScore.events(t, true);
        assertEquals(3, sysmon.size());
        assertEquals("C:\\Users\\rta\\AppData\\Local\\Temp\\winword.exe", sysmon.get(1).get("ParentImage"));
        assertEquals("cmd.exe /c whoami", sysmon.get(1).get("CommandLine"));
        assertEquals("13", sysmon.get(2).get("EventID"));
        assertTrue(sysmon.get(2).get("TargetObject").endsWith("\\CurrentVersion\\Run\\upd"), sysmon.get(2).toString());
        List<Map<String, String>> security = AtomicScore.events(t, false);
        assertEquals(2, security.size(), "no registry event in the Security estate");
        assertEquals("4688", security.get(0).get("EventID"));
    }

    /**
     * With --children, a listed cmd.exe /c process is followed by the programs its inner shell
     * starts (built-ins and redirections left out), as Sysmon logs them; without it, only the
     * listed events.
     */
    @Test
    void listedShellGetsItsChildrenOnlyWhenAsked() throws Exception {
        Files.writeString(dir.resolve("report.yml"), """
                - name: discovery through the implant
                  techniques: [T1033]
                  events:
                    - parent: 'C:\\Windows\\System32\\rundll32.exe'
                      image: 'C:\\Windows\\System32\\cmd.exe'
                      command_line: 'C:\\Windows\\system32\\cmd.exe /C whoami /groups & echo x > out.txt & net group "domain admins" /domain'
                """);
        AtomicScore.Test t = EmulationScore.tests(dir).get(0);
        assertEquals(1, AtomicScore.events(t, true).size());
        List<Map<String, String>> events = AtomicScore.events(t, true, true);
        assertEquals(List.of("whoami /groups", "net group \"domain admins\" /domain"),
                events.stream().skip(1).map(e -> e.get("CommandLine")).toList(), "echo is cmd's own");
        assertEquals("C:\\Windows\\System32\\cmd.exe", events.get(1).get("ParentImage"));
        assertTrue(events.get(2).get("Image").toLowerCase(java.util.Locale.ROOT).endsWith("\\net.exe"), events.get(2).toString());
    }

    /**
     * A listed process whose source names no parent gets Explorer, or the parent given with
     * --parent; a parent the source names is kept either way.
     */
    @Test
    void aListedProcessWithoutAParentGetsTheDefaultOrTheOneGiven() throws Exception {
        Files.writeString(dir.resolve("chat.yml"), """
                - name: crypted loader started by hand
                  techniques: [T1218.011]
                  events:
                    - image: 'C:\\Windows\\System32\\rundll32.exe'
                      command_line: 'rundll32.exe dll.dll,ReloadFish'
                - name: discovery through the implant
                  techniques: [T1033]
                  events:
                    - parent: 'C:\\Windows\\System32\\rundll32.exe'
                      image: 'C:\\Windows\\System32\\whoami.exe'
                      command_line: 'whoami /all'
                """);
        String cmd = "C:\\Windows\\System32\\cmd.exe";
        List<AtomicScore.Test> byDefault = EmulationScore.tests(dir);
        List<AtomicScore.Test> given = EmulationScore.tests(dir, cmd);
        assertEquals(EmulationScore.DEFAULT_PARENT, AtomicScore.events(byDefault.get(0), true).get(0).get("ParentImage"));
        assertEquals(cmd, AtomicScore.events(given.get(0), true).get(0).get("ParentImage"));
        assertEquals("C:\\Windows\\System32\\rundll32.exe", AtomicScore.events(given.get(1), true).get(0).get("ParentImage"),
                "a parent the source names stays");
        assertEquals(cmd, AtomicScore.Args.of(new String[] {"DIR", "--parent", cmd}, "usage").parent());
        assertEquals(null, AtomicScore.Args.of(new String[] {"DIR"}, "usage").parent());
    }

    /** A SCYTHE threat is one test of its run steps, in step order, each started by the implant. */
    @Test
    void aScytheThreatIsItsRunSteps() throws Exception {
        Files.createDirectories(dir.resolve("Actor"));
        Files.writeString(dir.resolve("Actor/Actor_scythe_threat.json"), """
                {"threat": {"name": "Actor", "operating_system_name": "windows", "script": {
                  "0": {"module": "https", "type": "initialization", "conf": "{}"},
                  "10": {"module": "run", "request": "cmd /c net view /all"},
                  "2": {"module": "loader", "request": "--load run"},
                  "3": {"module": "run", "request": "whoami /priv"},
                  "4": {"module": "uploader", "request": "--remotepath C:\\\\x.txt"}}}}
                """);
        Files.writeString(dir.resolve("Actor/Actor_ATT&CK_Navigator.json"), "{\"not\": \"a threat\"}");
        Files.createDirectories(dir.resolve("Copy"));
        Files.copy(dir.resolve("Actor/Actor_scythe_threat.json"), dir.resolve("Copy/Actor_scythe_threat.json"));
        Files.writeString(dir.resolve("Copy/Mac_scythe_threat.json"), """
                {"threat": {"name": "Mac", "operating_system_name": "osx", "script": {"1": {"module": "run", "request": "id"}}}}
                """);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(1, tests.size(), "the navigator layer is not read, the copy counts once, the macOS threat not at all");
        AtomicScore.Test t = tests.get(0);
        assertEquals("implant", t.executor());
        assertEquals("whoami /priv\ncmd /c net view /all", t.command(), "steps in numeric order, run steps only");
        List<Map<String, String>> events = AtomicScore.events(t, true);
        assertEquals(AtomicScore.IMPLANT, events.get(0).get("ParentImage"));
        assertEquals("whoami /priv", events.get(0).get("CommandLine"));
        assertEquals("cmd /c net view /all", events.get(1).get("CommandLine"));
        assertEquals("net view /all", events.get(2).get("CommandLine"), "the inner shell's program");
        assertEquals(3, events.size());
    }

    /**
     * A Metta action file is one test of its actions in Metta's order, shlex's escapes read, each a
     * program started by a parent that gives no signal (the harness's WinRM transport left out).
     */
    @Test
    void aMettaActionFileIsItsActionsInOrder() throws Exception {
        Files.createDirectories(dir.resolve("MITRE/Discovery"));
        Files.writeString(dir.resolve("MITRE/Discovery/example_win.yml"), """
                enabled: true
                meta:
                  description: example
                  purple_actions:
                    2: cmd.exe /c net group \\\\\\"Example Group\\\\\\" /domain
                    1: whoami /all
                    4: never run, past the count
                  mitre_attack_phase: Discovery
                  mitre_attack_technique: Account Discovery
                os: windows
                name: example actions
                uuid: 0000bbbb-0000-4000-8000-000000000001
                """);
        // A copy of a file that kept its uuid and changed its actions is a procedure of its own.
        Files.writeString(dir.resolve("MITRE/Discovery/example_copy.yml"), """
                meta:
                  purple_actions:
                    1: cmd.exe /c net user /add
                os: windows
                name: copied file
                uuid: 0000bbbb-0000-4000-8000-000000000001
                """);
        Files.writeString(dir.resolve("MITRE/Discovery/example_osx.yml"), """
                meta:
                  purple_actions:
                    1: id
                os: osx
                name: mac
                """);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(2, tests.size(), "the macOS file is not a Windows test; the copy with the same uuid is");
        AtomicScore.Test t = tests.stream().filter(x -> x.key().endsWith("example_win.yml")).findFirst().orElseThrow();
        assertEquals("implant", t.executor());
        assertEquals("whoami /all\ncmd.exe /c net group \\\"Example Group\\\" /domain", t.command(),
                "keys 1 to the count in order; shlex's \\\\ and \\\" read as \\ and \"");
        List<Map<String, String>> events = AtomicScore.events(t, true);
        assertTrue(events.stream().allMatch(e -> e.get("ParentImage").equals(AtomicScore.IMPLANT)
                || e.get("ParentImage").endsWith("\\cmd.exe")), "started by the neutral parent, or by the shell it started");
        assertTrue(events.stream().anyMatch(e -> e.get("Image").endsWith("\\whoami.exe")));
        assertTrue(events.stream().anyMatch(e -> e.get("CommandLine").matches("net group .*Example Group.* /domain")
                && e.get("ParentImage").endsWith("\\cmd.exe")), "cmd's program");
        assertTrue(events.stream().noneMatch(e -> e.getOrDefault("Image", "").endsWith("wsmprovhost.exe")), "no transport");
    }

    /** Events other than processes and registry values are listed by their fields; Sysmon's only in the Sysmon estate. */
    @Test
    void otherListedEventsKeepTheirFields() throws Exception {
        Files.writeString(dir.resolve("api.yaml"), """
                - script: 'Lib/Example.cs#Roast'
                  name: 'API only'
                  techniques: [T1558.003]
                  events:
                    - event: {Channel: Security, EventID: 4769, ServiceName: svc_sql, TicketEncryptionType: '0x17'}
                    - event: {Channel: Microsoft-Windows-Sysmon/Operational, EventID: 10, TargetImage: 'C:\\Windows\\system32\\lsass.exe'}
                - script: 'Lib/Example.cs#Nothing'
                  name: 'Failed call'
                  techniques: [T1083]
                  events: []
                - script: 'Lib/Example.cs#Roast'
                  name: 'API only, second variation'
                  techniques: [T1558.003]
                  events:
                    - event: {Channel: Security, EventID: 4769, ServiceName: svc_web, TicketEncryptionType: '0x17'}
                - script: 'Lib/Example.cs#Renamed'
                  name: 'Renamed copy'
                  techniques: [T1036.003]
                  events:
                    - parent: 'C:\\Windows\\System32\\cmd.exe'
                      image: 'C:\\Windows\\Temp\\notepad.exe'
                      command_line: 'notepad.exe C:\\Temp\\a.proj'
                      original_file_name: 'MSBuild.exe'
                """);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(3, tests.size(), "an item with no event is not a test; variations of one function are two");
        AtomicScore.Test renamed = tests.get(2);
        assertEquals("MSBuild.exe", AtomicScore.events(renamed, true).get(0).get("OriginalFileName"), "Sysmon reports the version resource's name");
        assertNull(AtomicScore.events(renamed, false).get(0).get("OriginalFileName"), "4688 has no such field");
        List<Map<String, String>> sysmon = AtomicScore.events(tests.get(0), true);
        assertEquals(2, sysmon.size());
        assertEquals(Map.of("Channel", "Security", "EventID", "4769", "ServiceName", "svc_sql", "TicketEncryptionType", "0x17"), sysmon.get(0));
        assertEquals("C:\\Windows\\system32\\lsass.exe", sysmon.get(1).get("TargetImage"));
        List<Map<String, String>> security = AtomicScore.events(tests.get(0), false);
        assertEquals(List.of("4769"), security.stream().map(e -> e.get("EventID")).toList(), "no Sysmon in the Security estate");
    }

    /** A Prelude Operator TTP is one procedure a file, its technique named {@code id}. */
    @Test
    void aPreludeTtpIsOneProcedureAFile() throws Exception {
        Files.createDirectories(dir.resolve("discovery"));
        Files.writeString(dir.resolve("discovery/0000cccc-0000-4000-8000-000000000001.yml"), """
                id: 0000cccc-0000-4000-8000-000000000001
                name: Example TTP
                tactic: discovery
                technique:
                  id: T9990
                  name: Example
                platforms:
                  windows:
                    psh:
                      command: Get-Process
                    cmd:
                      command: tasklist /v
                  darwin:
                    sh:
                      command: ps aux
                """);
        List<AtomicScore.Test> tests = EmulationScore.tests(dir);
        assertEquals(2, tests.size(), "the two Windows executors");
        assertTrue(tests.stream().allMatch(t -> t.technique().equals("T9990")));
        assertTrue(tests.stream().anyMatch(t -> t.executor().equals("command_prompt") && t.command().equals("tasklist /v")));
    }

    @Test
    void factsAreFilledByTheirNameAlone() {
        assertEquals("192.0.2.20", EmulationScore.fact("remote.host.ip"));
        assertEquals("value", EmulationScore.fact("script"), "'script' is not an IP address");
        assertEquals("4312", EmulationScore.fact("host.process.id"));
        assertEquals("corp.example", EmulationScore.fact("domain.name"));
        assertEquals("jdoe", EmulationScore.fact("domain.user.name"));
        assertEquals("http://192.0.2.10:8888", EmulationScore.fact("server"));
        assertEquals("\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1", EmulationScore.fact("vssadmin.shadow_copy.name"));
        assertEquals("C:\\Users\\Public\\mimikatz.exe", EmulationScore.fact("mimikatz_path"));
        assertEquals("C:\\Users\\jdoe\\Documents", EmulationScore.fact("host.dir.staged"));
        assertEquals("plain #{", EmulationScore.fill("plain #{", Map.of()), "an unclosed placeholder is left as it is");
    }

    @Test
    void executorNamesMapToTheTwoShells() {
        assertEquals("powershell", EmulationScore.executor("pwsh"));
        assertEquals("command_prompt", EmulationScore.executor("cmd"));
        assertNull(EmulationScore.executor("sh"));
        assertEquals("powershell", EmulationScore.executor("psh,pwsh"), "one command for several executors");
        assertEquals("command_prompt", EmulationScore.executor("native,cmd"));
    }

    @Test
    void aMissingFolderOrBrokenYamlIsNamed() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmulationScore.tests(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        Files.writeString(dir.resolve("bad.yml"), "- id: [unclosed\n");
        IllegalStateException b = assertThrows(IllegalStateException.class, () -> EmulationScore.tests(dir));
        assertTrue(b.getMessage().contains("bad.yml"), b.getMessage());
    }
}
