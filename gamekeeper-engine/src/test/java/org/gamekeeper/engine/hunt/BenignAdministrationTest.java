package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in pack on ordinary administration and office work (issue 20: "benign administration
 * stays below high", and a rule that fires on everyday commands says nothing). Seventy command
 * lines a help desk, a software deployment, a backup job, a monitoring script or a user produce,
 * written by us, each as Sysmon 1 and as Security 4688 on several hosts, an hour apart so that no
 * burst correlation joins them. No pack alert may be high or above, and medium only for the few
 * known false positives below, each named in its rule's {@code falsepositives}. Session 11 found
 * this way that opening a Control Panel applet ({@code rundll32 shell32.dll,Control_RunDLL desk.cpl})
 * was high, and that a document copied to a share, a health check with curl, a disk-space query
 * and a firewall profile listing were medium.
 */
class BenignAdministrationTest {

    private static final String S = "C:\\Windows\\System32\\";

    /** Image and command line of everyday work. */
    static final List<String[]> ORDINARY = List.of(
            new String[] {S + "msiexec.exe", "C:\\Windows\\system32\\msiexec.exe /V"},
            new String[] {S + "msiexec.exe", "msiexec.exe /i C:\\Windows\\ccmcache\\a\\AcroRead.msi /qn REBOOT=ReallySuppress"},
            new String[] {S + "gpupdate.exe", "gpupdate /force"},
            new String[] {S + "ipconfig.exe", "ipconfig /all"},
            new String[] {S + "net.exe", "net use Z: \\\\FS01\\home\\alice /persistent:yes"},
            new String[] {S + "net.exe", "net user alice /domain"},
            new String[] {S + "net.exe", "net localgroup administrators"},
            new String[] {S + "sc.exe", "sc query wuauserv"},
            new String[] {S + "sc.exe", "sc \\\\WS07 query Spooler"},
            new String[] {S + "schtasks.exe", "schtasks /query /fo LIST /v"},
            new String[] {S + "reg.exe", "reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s"},
            new String[] {S + "reg.exe", "reg add HKLM\\SOFTWARE\\Policies\\Vendor /v Enabled /t REG_DWORD /d 1 /f"},
            new String[] {S + "Robocopy.exe", "robocopy D:\\Data \\\\BKP01\\Backups\\FS01 /MIR /R:1 /W:1"},
            new String[] {S + "xcopy.exe", "xcopy \\\\FS01\\deploy\\fonts C:\\Windows\\Fonts /Y"},
            new String[] {S + "cmd.exe", "cmd /c \\\\corp.example\\NETLOGON\\logon.bat"},
            new String[] {S + "cmd.exe", "C:\\Windows\\system32\\cmd.exe /c \"C:\\Program Files\\Vendor\\Agent\\update.cmd\""},
            new String[] {S + "cmd.exe", "cmd.exe /c copy report-12.docx \\\\FS01\\share\\reports\\"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -NonInteractive -Command \"Get-Service | Where-Object Status -eq Running\""},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -File C:\\ProgramData\\Vendor\\Agent\\collect.ps1"},
            new String[] {S + "wbem\\WMIC.exe", "wmic logicaldisk get size,freespace,caption"},
            new String[] {S + "wbem\\WMIC.exe", "wmic /node:WS03 os get lastbootuptime"},
            new String[] {S + "certutil.exe", "certutil -hashfile C:\\Users\\alice\\Downloads\\setup.exe SHA256"},
            new String[] {S + "certutil.exe", "certutil -store my"},
            new String[] {S + "rundll32.exe", "rundll32.exe C:\\Windows\\system32\\shell32.dll,Control_RunDLL C:\\Windows\\system32\\desk.cpl"},
            new String[] {S + "rundll32.exe", "rundll32.exe printui.dll,PrintUIEntry /in /n\\\\PRINT01\\Floor2"},
            new String[] {S + "mstsc.exe", "mstsc /v:SRV01"},
            new String[] {S + "nslookup.exe", "nslookup dc01.corp.example"},
            new String[] {S + "whoami.exe", "whoami"},
            new String[] {S + "tasklist.exe", "tasklist"},
            new String[] {S + "bitsadmin.exe", "bitsadmin /list /allusers"},
            new String[] {S + "wevtutil.exe", "wevtutil qe System /c:20 /rd:true /f:text"},
            new String[] {S + "netsh.exe", "netsh wlan show profiles"},
            new String[] {S + "netsh.exe", "netsh advfirewall show allprofiles"},
            new String[] {S + "cscript.exe", "cscript //nologo C:\\Windows\\System32\\slmgr.vbs /dli"},
            new String[] {S + "wscript.exe", "wscript.exe \\\\corp.example\\SYSVOL\\corp.example\\scripts\\map.vbs"},
            new String[] {"C:\\Program Files\\7-Zip\\7z.exe", "7z.exe a D:\\Archive\\2024-05.zip D:\\Reports\\2024-05"},
            new String[] {"C:\\Program Files\\Git\\cmd\\git.exe", "git clone https://git.corp.example/infra/scripts.git"},
            new String[] {"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
                "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\" --single-argument https://portal.corp.example/timesheets"},
            new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
                "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\" \"\\\\FS01\\finance\\budget-2024.xlsx\""},
            new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
                "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\alice\\AppData\\Local\\Temp\\minutes.docx\""},
            new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
                "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" /recycle"},
            new String[] {"C:\\Users\\alice\\AppData\\Local\\Microsoft\\Teams\\Update.exe",
                "\"C:\\Users\\alice\\AppData\\Local\\Microsoft\\Teams\\Update.exe\" --processStart \"Teams.exe\""},
            new String[] {S + "conhost.exe", "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"},
            new String[] {"C:\\Windows\\explorer.exe", "C:\\Windows\\explorer.exe /factory,{75dff2b7-6936-4c06-a8bb-676a7b00b24b} -Embedding"},
            new String[] {"C:\\Windows\\explorer.exe", "\"C:\\Windows\\explorer.exe\" \\\\FS01\\share"},
            new String[] {"C:\\Program Files\\dotnet\\dotnet.exe", "\"C:\\Program Files\\dotnet\\dotnet.exe\" C:\\inetpub\\portal\\Portal.Web.dll"},
            new String[] {S + "curl.exe", "curl -s https://status.corp.example/health"},
            new String[] {S + "tar.exe", "tar -xf C:\\Users\\alice\\Downloads\\tools.zip -C C:\\Tools"},
            new String[] {S + "findstr.exe", "findstr /i error C:\\Logs\\app.log"},
            new String[] {S + "forfiles.exe", "forfiles /p D:\\Logs /s /m *.log /d -30 /c \"cmd /c del @path\""},
            new String[] {S + "mmc.exe", "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Windows\\system32\\compmgmt.msc\" /s"},
            new String[] {S + "vssadmin.exe", "vssadmin list shadows"},
            new String[] {S + "wbadmin.exe", "wbadmin get versions"},
            new String[] {S + "bcdedit.exe", "bcdedit /enum"},
            new String[] {S + "fsutil.exe", "fsutil volume diskfree C:"},
            new String[] {S + "icacls.exe", "icacls D:\\Shares\\HR /grant CORP\\HR-Staff:(OI)(CI)M"},
            new String[] {S + "takeown.exe", "takeown /f D:\\Old /r /d y"},
            new String[] {S + "nltest.exe", "nltest /sc_query:corp.example"},
            new String[] {S + "quser.exe", "quser"},
            new String[] {S + "systeminfo.exe", "systeminfo"},
            new String[] {S + "attrib.exe", "attrib +r C:\\Users\\Public\\Desktop\\Helpdesk.url"},
            new String[] {S + "makecab.exe", "makecab C:\\Windows\\Logs\\CBS\\CBS.log C:\\Windows\\Logs\\CBS\\CbsPersist_20240501.cab"},
            new String[] {S + "expand.exe", "expand -F:* D:\\Drivers\\netdrv.cab D:\\Drivers\\net"},
            new String[] {"C:\\Windows\\hh.exe", "\"C:\\Windows\\hh.exe\" C:\\Program Files\\Vendor\\help.chm"},
            new String[] {S + "control.exe", "control.exe printers"},
            new String[] {S + "regsvr32.exe", "regsvr32 /s \"C:\\Program Files\\Vendor\\plugin.dll\""},
            new String[] {S + "sdbinst.exe", "sdbinst -q \"C:\\Program Files\\Vendor\\compat.sdb\""},
            // the known false positives, medium and named in their rules' falsepositives
            new String[] {S + "msiexec.exe", "msiexec /i \\\\SCCM01\\Packages\\7zip\\7z2301-x64.msi /qn"},
            new String[] {S + "schtasks.exe", "schtasks /create /tn \"Backup\" /tr \"C:\\Scripts\\backup.cmd\" /sc daily /st 02:00 /ru SYSTEM"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe", "powershell.exe -ExecutionPolicy Bypass -File \\\\FS01\\scripts\\inventory.ps1"},
            new String[] {S + "rundll32.exe", "C:\\Windows\\system32\\rundll32.exe C:\\Users\\alice\\AppData\\Local\\Temp\\ns123.tmp\\System.dll,Call"});

    /** Medium alerts expected on the commands above: the rule's title and a piece of the command line. */
    static final Map<String, String> KNOWN_MEDIUM = Map.of(
            "msiexec /i \\\\SCCM01", "Living-off-the-land binary given a remote, shared or user-writable payload",
            "schtasks /create /tn \"Backup\"", "Scheduled task created from the command line to run an interpreter or user-folder program",
            "-File \\\\FS01\\scripts\\inventory.ps1",
                "Shell, script host, browser or Office program given a program from a share, an IP address or a staging folder",
            "ns123.tmp\\System.dll", "Living-off-the-land binary given a remote, shared or user-writable payload");

    @TempDir
    Path dir;

    @Test
    void everydayAdministrationRaisesNothingHighAndMediumOnlyWhereKnown() throws IOException {
        List<String> lines = new ArrayList<>();
        long t = Instant.parse("2024-05-06T08:00:00Z").toEpochMilli();
        String[] hosts = {"WS01.corp.example", "WS02.corp.example", "SRV01.corp.example"};
        for (String host : hosts) {
            for (String[] c : ORDINARY) {
                t += 3_600_000L; // an hour apart: no burst
                String image = c[0];
                String name = image.substring(image.lastIndexOf('\\') + 1);
                lines.add("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":" + q(host)
                        + ",\"TimeCreated\":" + q(Instant.ofEpochMilli(t).toString()) + ",\"Image\":" + q(image)
                        + ",\"OriginalFileName\":" + q(name) + ",\"CommandLine\":" + q(c[1])
                        + ",\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"User\":\"CORP\\\\adm.jones\",\"IntegrityLevel\":\"High\"}");
                t += 1_000L;
                lines.add("{\"EventID\":4688,\"Channel\":\"Security\",\"Computer\":" + q(host)
                        + ",\"TimeCreated\":" + q(Instant.ofEpochMilli(t).toString()) + ",\"NewProcessName\":" + q(image)
                        + ",\"CommandLine\":" + q(c[1]) + ",\"ParentProcessName\":\"C:\\\\Windows\\\\explorer.exe\",\"SubjectUserName\":\"adm.jones\"}");
            }
        }
        Path file = dir.resolve("admin.jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(BuiltinPack.texts()), 2, file.toString());
        assertEquals(lines.size(), r.summary().events(), "every event read");

        Set<String> unexpected = new TreeSet<>();
        Set<String> knownSeen = new TreeSet<>();
        for (Alert a : r.alerts()) {
            if (a.level() == null || a.level().compareTo(Level.MEDIUM) < 0) {
                continue;
            }
            String command = String.valueOf(a.details().get("CommandLine"));
            String known = KNOWN_MEDIUM.entrySet().stream()
                    .filter(k -> command.contains(k.getKey()) && k.getValue().equals(a.ruleTitle()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (a.level().compareTo(Level.MEDIUM) > 0 || known == null) {
                unexpected.add(a.level() + " " + a.ruleTitle() + " on " + command);
            } else {
                knownSeen.add(known);
            }
        }
        assertEquals(Set.of(), unexpected, "ordinary administration raised alerts");
        // the allowance is not stale: each known false positive still fires (else take it out)
        assertEquals(new TreeSet<>(KNOWN_MEDIUM.keySet()), knownSeen);
        assertTrue(ORDINARY.size() >= 70, "the set keeps its size: " + ORDINARY.size());
    }

    private static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
