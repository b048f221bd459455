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
 * stays below high", and a rule that fires on everyday commands says nothing). One hundred and three command
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
            new String[] {S + "ntdsutil.exe", "ntdsutil \"activate instance ntds\" \"files\" \"info\" quit quit"},
            new String[] {S + "reg.exe", "reg export HKCU\\Software\\Vendor C:\\Users\\alice\\Desktop\\vendor.reg"},
            new String[] {S + "wevtutil.exe", "wevtutil epl Security C:\\Logs\\Security-2024-05.evtx"},
            // session 26: everyday forms next to the session's new rules
            new String[] {S + "Robocopy.exe", "robocopy \\\\FS01\\D$\\Projects E:\\Mirror /MIR /R:1"},
            new String[] {S + "sc.exe", "sc config Spooler start= disabled"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -Command \"Test-NetConnection -ComputerName fs01 -Port 445\""},
            new String[] {S + "cmd.exe", "cmd /c for /f \"tokens=*\" %f in (files.txt) do copy \"%f\" D:\\Backup\\"},
            new String[] {S + "regsvr32.exe", "regsvr32.exe /s wuaueng1.dll"},
            new String[] {S + "wbem\\WMIC.exe", "wmic /node:FS02 os get caption"},
            new String[] {S + "findstr.exe", "findstr /i error C:\\logs\\app.log"},
            new String[] {S + "bcdedit.exe", "bcdedit /set {current} loadoptions NOEXECUTE=OPTIN"},
            // beside the rules of session 27
            new String[] {S + "sc.exe", "sc create ContosoAgent binPath= \"C:\\Program Files\\Contoso\\agent.exe\" start= auto"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -Command \"Get-Command -Module ActiveDirectory | Measure-Object\""},
            new String[] {S + "cmd.exe", "cmd /c chcp 65001"},
            new String[] {S + "reg.exe", "reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters /v EnableICMPRedirect /t REG_DWORD /d 0 /f"},
            new String[] {"C:\\Program Files\\7-Zip\\7z.exe", "\"C:\\Program Files\\7-Zip\\7z.exe\" x C:\\Users\\alice\\Downloads\\photos.zip -oC:\\Users\\alice\\Pictures\\Trip"},
            new String[] {S + "cmd.exe", "cmd /c winrm get winrm/config"},
            new String[] {S + "taskkill.exe", "taskkill /F /IM chrome.exe"},
            new String[] {S + "Robocopy.exe", "robocopy \\\\corp.example\\NETLOGON\\wallpaper C:\\Windows\\Web\\Wallpaper\\Corp /E"},
            new String[] {S + "schtasks.exe", "schtasks /delete /tn \"Old Backup\" /f"},
            // beside the rules of session 28
            new String[] {S + "wevtutil.exe", "wevtutil gl Microsoft-Windows-Sysmon/Operational"},
            new String[] {S + "netsh.exe", "netsh wlan show interfaces"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoProfile -Command \"Disable-NetAdapter -Name 'Wi-Fi 2' -Confirm:$false\""},
            new String[] {S + "wbem\\WMIC.exe", "wmic service where \"name like '%sql%'\" get name,state,startmode"},
            new String[] {"C:\\xampp\\php\\php.exe", "C:\\xampp\\php\\php.exe -c php.ini"},
            new String[] {S + "cmd.exe", "cmd /c cd /d C:\\inetpub\\wwwroot\\app && git pull"},
            new String[] {S + "manage-bde.exe", "manage-bde -status C:"},
            // the known false positives, medium and named in their rules' falsepositives
            new String[] {S + "msiexec.exe", "msiexec /i \\\\SCCM01\\Packages\\7zip\\7z2301-x64.msi /qn"},
            new String[] {S + "schtasks.exe", "schtasks /create /tn \"Backup\" /tr \"C:\\Scripts\\backup.cmd\" /sc daily /st 02:00 /ru SYSTEM"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe", "powershell.exe -ExecutionPolicy Bypass -File \\\\FS01\\scripts\\inventory.ps1"},
            new String[] {S + "rundll32.exe", "C:\\Windows\\system32\\rundll32.exe C:\\Users\\alice\\AppData\\Local\\Temp\\ns123.tmp\\System.dll,Call"},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -NoLogo -NonInteractive -ExecutionPolicy Bypass -EncodedCommand RwBlAHQALQBTAGUAcgB2AGkAYwBlACAALQBOAGEAbQBlACAAYwBjAG0AZQB4AGUAYwA="},
            new String[] {S + "WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -Command \"Invoke-WebRequest -Uri https://repo.corp.example/tools/agent.zip -OutFile C:\\Temp\\agent.zip\""},
            new String[] {S + "bitsadmin.exe", "bitsadmin /transfer patch /download /priority normal https://wsus.corp.example/patch.cab C:\\Windows\\Temp\\patch.cab"},
            new String[] {S + "net.exe", "net group \"Domain Admins\" /domain"},
            new String[] {S + "cmd.exe", "cmd.exe /c netstat -ano | findstr :443"});

    /**
     * Medium alerts expected on the commands above: a piece of the command line and the rule's
     * title (a command may raise more than one).
     */
    static final List<String[]> KNOWN_MEDIUM = List.of(
            new String[] {"msiexec /i \\\\SCCM01", "Living-off-the-land binary given a remote, shared or user-writable payload"},
            new String[] {"schtasks /create /tn \"Backup\"", "Scheduled task created from the command line to run an interpreter or user-folder program"},
            new String[] {"-File \\\\FS01\\scripts\\inventory.ps1",
                "Shell, script host, browser or Office program given a program from a share, an IP address or a staging folder"},
            new String[] {"ns123.tmp\\System.dll", "Living-off-the-land binary given a remote, shared or user-writable payload"},
            new String[] {"-EncodedCommand RwBlAHQ", "PowerShell started with an encoded command"},
            new String[] {"agent.zip -OutFile", "PowerShell saving a download to disk"},
            new String[] {"agent.zip -OutFile",
                "Shell, script host, browser or Office program given a program from a share, an IP address or a staging folder"},
            new String[] {"bitsadmin /transfer patch", "BITS job used to download from the command line"},
            new String[] {"bitsadmin /transfer patch", "Living-off-the-land binary given a remote, shared or user-writable payload"},
            new String[] {"net group \"Domain Admins\" /domain",
                "Domain trust, domain controller or privileged group enumeration"},
            new String[] {"netstat -ano | findstr :443",
                "Discovery output filtered with findstr or find (a port, a process, a name looked for)"},
            new String[] {"wmic service where \"name like '%sql%'\" get", "Host inventory taken with WMIC"});

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
        HuntFixture.Result r = packHunt("admin", lines);

        Set<String> unexpected = new TreeSet<>();
        Set<String> knownSeen = new TreeSet<>();
        for (Alert a : r.alerts()) {
            if (a.level() == null || a.level().compareTo(Level.MEDIUM) < 0) {
                continue;
            }
            String command = String.valueOf(a.details().get("CommandLine"));
            String known = KNOWN_MEDIUM.stream()
                    .filter(k -> command.contains(k[0]) && a.ruleTitle().startsWith(k[1]))
                    .map(k -> k[0] + " / " + k[1]).findFirst().orElse(null);
            if (a.level().compareTo(Level.MEDIUM) > 0 || known == null) {
                unexpected.add(a.level() + " " + a.ruleTitle() + " on " + command);
            } else {
                knownSeen.add(known);
            }
        }
        assertEquals(Set.of(), unexpected, "ordinary administration raised alerts");
        // the allowance is not stale: each known false positive still fires (else take it out)
        Set<String> allowed = new TreeSet<>();
        KNOWN_MEDIUM.forEach(k -> allowed.add(k[0] + " / " + k[1]));
        assertEquals(allowed, knownSeen);
        assertTrue(ORDINARY.size() >= 77, "the set keeps its size: " + ORDINARY.size());
    }

    /**
     * Everyday software besides command lines: Run keys of OneDrive, Teams and Zoom in the user's
     * AppData, their update tasks (4698), services of updaters, a configuration agent, Zoom (a user
     * folder in its arguments only), a deployment runner and a printer driver (7045), endpoint,
     * inventory and hypervisor agents opening LSASS (Sysmon 10), unsigned shell extensions under
     * Program Files and a printer driver loaded by Windows binaries (Sysmon 7), ordinary logons,
     * and remote threads of csrss, wininit, an antivirus, a graphics driver's helper and a debugger
     * (Sysmon 8). No alert high or above; medium only for the unsigned printer driver DLL (the
     * rule's false positive); endpoint agents opening LSASS, and installed programs' remote threads,
     * are low.
     */
    @Test
    void everydaySoftwareRaisesNothingHigh() throws IOException {
        List<String> lines = List.of(
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKU\\\\S-1-5-21-1-2-3-1001\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\OneDrive\", \"Details\": \"\\\"C:\\\\Users\\\\alice\\\\AppData\\\\Local\\\\Microsoft\\\\OneDrive\\\\OneDrive.exe\\\" /background\", \"Image\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Local\\\\Microsoft\\\\OneDrive\\\\OneDrive.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:01:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKU\\\\S-1-5-21-1-2-3-1001\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\com.squirrel.Teams.Teams\", \"Details\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Local\\\\Microsoft\\\\Teams\\\\Update.exe --processStart \\\"Teams.exe\\\" --process-start-args \\\"--system-initiated\\\"\", \"Image\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Local\\\\Microsoft\\\\Teams\\\\current\\\\Teams.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:02:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKU\\\\S-1-5-21-1-2-3-1001\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\Zoom\", \"Details\": \"\\\"C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Zoom\\\\bin\\\\Zoom.exe\\\" --autostart\", \"Image\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Zoom\\\\bin\\\\Zoom.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:03:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\SecurityHealth\", \"Details\": \"%windir%\\\\system32\\\\SecurityHealthSystray.exe\", \"Image\": \"C:\\\\Windows\\\\system32\\\\msiexec.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:04:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SOFTWARE\\\\WOW6432Node\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\Acrobat Assistant 8.0\", \"Details\": \"\\\"C:\\\\Program Files (x86)\\\\Adobe\\\\Acrobat DC\\\\Acrobat\\\\Acrotray.exe\\\"\", \"Image\": \"C:\\\\Windows\\\\system32\\\\msiexec.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:05:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\OneDrive Standalone Update Task-S-1-5-21-1-2-3-1001\", \"TaskContent\": \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-16\\\"?><Task version=\\\"1.2\\\"><Actions Context=\\\"Author\\\"><Exec><Command>%localappdata%\\\\Microsoft\\\\OneDrive\\\\OneDriveStandaloneUpdater.exe</Command><Arguments></Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"alice\", \"SubjectDomainName\": \"CORP\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:06:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\GoogleUpdateTaskMachineUA\", \"TaskContent\": \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-16\\\"?><Task version=\\\"1.2\\\"><Actions Context=\\\"Author\\\"><Exec><Command>C:\\\\Program Files (x86)\\\\Google\\\\Update\\\\GoogleUpdate.exe</Command><Arguments>/ua /installsource scheduler</Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"alice\", \"SubjectDomainName\": \"CORP\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:07:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\Microsoft\\\\Windows\\\\UpdateOrchestrator\\\\Schedule Scan\", \"TaskContent\": \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-16\\\"?><Task version=\\\"1.2\\\"><Actions Context=\\\"Author\\\"><Exec><Command>%systemroot%\\\\system32\\\\usoclient.exe</Command><Arguments>StartScan</Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"alice\", \"SubjectDomainName\": \"CORP\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:08:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\ZoomUpdateTask\", \"TaskContent\": \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-16\\\"?><Task version=\\\"1.2\\\"><Actions Context=\\\"Author\\\"><Exec><Command>C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Zoom\\\\bin\\\\Zoom.exe</Command><Arguments>--update</Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"alice\", \"SubjectDomainName\": \"CORP\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:09:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\Backup\", \"TaskContent\": \"<?xml version=\\\"1.0\\\" encoding=\\\"UTF-16\\\"?><Task version=\\\"1.2\\\"><Actions Context=\\\"Author\\\"><Exec><Command>C:\\\\Scripts\\\\backup.cmd</Command><Arguments></Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"alice\", \"SubjectDomainName\": \"CORP\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:10:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"Google Update Service (gupdate)\", \"ImagePath\": \"\\\"C:\\\\Program Files (x86)\\\\Google\\\\Update\\\\GoogleUpdate.exe\\\" /svc\", \"ServiceType\": \"user mode service\", \"StartType\": \"auto start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:11:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"Microsoft Edge Update Service\", \"ImagePath\": \"\\\"C:\\\\Program Files (x86)\\\\Microsoft\\\\EdgeUpdate\\\\MicrosoftEdgeUpdate.exe\\\" /svc\", \"ServiceType\": \"user mode service\", \"StartType\": \"auto start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:12:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"SMS Agent Host\", \"ImagePath\": \"C:\\\\Windows\\\\CCM\\\\CcmExec.exe\", \"ServiceType\": \"user mode service\", \"StartType\": \"auto start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:13:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"Zoom Sharing Service\", \"ImagePath\": \"\\\"C:\\\\Program Files\\\\Common Files\\\\Zoom\\\\Support\\\\CptService.exe\\\" -user_path \\\"C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Zoom\\\"\", \"ServiceType\": \"user mode service\", \"StartType\": \"demand start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:14:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"PDQDeployRunner-1\", \"ImagePath\": \"C:\\\\Windows\\\\AdminArsenal\\\\PDQDeployRunner\\\\service-1\\\\PDQDeployRunner-1.exe\", \"ServiceType\": \"user mode service\", \"StartType\": \"demand start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:15:00.000Z\"}",
            "{\"EventID\": 7045, \"Channel\": \"System\", \"ServiceName\": \"Printer driver host\", \"ImagePath\": \"C:\\\\Windows\\\\System32\\\\spool\\\\drivers\\\\x64\\\\3\\\\hpbprndi.exe\", \"ServiceType\": \"user mode service\", \"StartType\": \"auto start\", \"AccountName\": \"LocalSystem\", \"Provider_Name\": \"Service Control Manager\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:16:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\ProgramData\\\\Microsoft\\\\Windows Defender\\\\Platform\\\\4.18.24030.9-0\\\\MsMpEng.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1010\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\ProgramData\\\\Microsoft\\\\Windows Defender\\\\Platform\\\\4.18.24030.9-0\\\\MsMpEng.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:17:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\CrowdStrike\\\\CSFalconService.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1fffff\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\Program Files\\\\CrowdStrike\\\\CSFalconService.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:18:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Windows\\\\system32\\\\wbem\\\\wmiprvse.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1410\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\Windows\\\\system32\\\\wbem\\\\wmiprvse.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:19:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\Tanium\\\\Tanium Client\\\\TaniumClient.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1410\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\Program Files\\\\Tanium\\\\Tanium Client\\\\TaniumClient.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:20:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Windows\\\\system32\\\\svchost.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1000\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\Windows\\\\system32\\\\svchost.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:21:00.000Z\"}",
            "{\"EventID\": 10, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\VMware\\\\VMware Tools\\\\vmtoolsd.exe\", \"TargetImage\": \"C:\\\\Windows\\\\system32\\\\lsass.exe\", \"GrantedAccess\": \"0x1410\", \"CallTrace\": \"C:\\\\Windows\\\\SYSTEM32\\\\ntdll.dll+9d234|C:\\\\Windows\\\\System32\\\\KERNELBASE.dll+2c0fe|C:\\\\Program Files\\\\VMware\\\\VMware Tools\\\\vmtoolsd.exe+12345\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:22:00.000Z\"}",
            "{\"EventID\": 7, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\explorer.exe\", \"ImageLoaded\": \"C:\\\\Program Files\\\\7-Zip\\\\7-zip.dll\", \"Signed\": \"false\", \"Signature\": \"\", \"SignatureStatus\": \"Unavailable\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:23:00.000Z\"}",
            "{\"EventID\": 7, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"ImageLoaded\": \"C:\\\\Windows\\\\System32\\\\spool\\\\drivers\\\\x64\\\\3\\\\hpmpw08.dll\", \"Signed\": \"false\", \"Signature\": \"\", \"SignatureStatus\": \"Unavailable\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:24:00.000Z\"}",
            "{\"EventID\": 7, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\explorer.exe\", \"ImageLoaded\": \"C:\\\\Program Files\\\\Notepad++\\\\NppShell_06.dll\", \"Signed\": \"false\", \"Signature\": \"\", \"SignatureStatus\": \"Unavailable\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:25:00.000Z\"}",
            "{\"EventID\": 7, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\rundll32.exe\", \"ImageLoaded\": \"C:\\\\Program Files\\\\Vendor\\\\helper.dll\", \"Signed\": \"false\", \"Signature\": \"\", \"SignatureStatus\": \"Unavailable\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:26:00.000Z\"}",
            "{\"EventID\": 4624, \"Channel\": \"Security\", \"LogonType\": 3, \"AuthenticationPackageName\": \"NTLM\", \"KeyLength\": 128, \"IpAddress\": \"10.0.1.20\", \"WorkstationName\": \"WS20\", \"TargetUserName\": \"alice\", \"TargetDomainName\": \"CORP\", \"LogonProcessName\": \"NtLmSsp\", \"LmPackageName\": \"NTLM V2\", \"ProcessName\": \"-\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:27:00.000Z\"}",
            "{\"EventID\": 4624, \"Channel\": \"Security\", \"LogonType\": 3, \"AuthenticationPackageName\": \"Kerberos\", \"KeyLength\": 0, \"IpAddress\": \"10.0.1.21\", \"WorkstationName\": \"-\", \"TargetUserName\": \"alice\", \"TargetDomainName\": \"CORP\", \"LogonProcessName\": \"Kerberos\", \"LmPackageName\": \"-\", \"ProcessName\": \"-\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:28:00.000Z\"}",
            "{\"EventID\": 4624, \"Channel\": \"Security\", \"LogonType\": 10, \"AuthenticationPackageName\": \"Negotiate\", \"KeyLength\": 0, \"IpAddress\": \"10.0.1.22\", \"WorkstationName\": \"WS22\", \"TargetUserName\": \"alice\", \"TargetDomainName\": \"CORP\", \"LogonProcessName\": \"Kerberos\", \"LmPackageName\": \"-\", \"ProcessName\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:29:00.000Z\"}",
            "{\"EventID\": 4624, \"Channel\": \"Security\", \"LogonType\": 2, \"AuthenticationPackageName\": \"Negotiate\", \"KeyLength\": 0, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS01\", \"TargetUserName\": \"alice\", \"TargetDomainName\": \"CORP\", \"LogonProcessName\": \"Kerberos\", \"LmPackageName\": \"-\", \"ProcessName\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:31:00.000Z\"}",
            "{\"EventID\": 4624, \"Channel\": \"Security\", \"LogonType\": 5, \"AuthenticationPackageName\": \"Negotiate\", \"KeyLength\": 0, \"IpAddress\": \"-\", \"WorkstationName\": \"-\", \"TargetUserName\": \"alice\", \"TargetDomainName\": \"CORP\", \"LogonProcessName\": \"Kerberos\", \"LmPackageName\": \"-\", \"ProcessName\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-06T08:32:00.000Z\"}",
            "{\"EventID\": 8, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Windows\\\\System32\\\\csrss.exe\", \"TargetImage\": \"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"StartModule\": \"C:\\\\Windows\\\\System32\\\\KERNELBASE.dll\", \"StartFunction\": \"CtrlRoutine\", \"StartAddress\": \"0x00007FFD1A2B3C40\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T13:00:00.000Z\"}",
            "{\"EventID\": 8, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\Symantec\\\\Symantec Endpoint Protection\\\\ccSvcHst.exe\", \"TargetImage\": \"C:\\\\Windows\\\\explorer.exe\", \"StartModule\": \"C:\\\\Windows\\\\System32\\\\KERNEL32.DLL\", \"StartFunction\": \"LoadLibraryW\", \"StartAddress\": \"0x00007FFD1B2C3D40\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T13:01:00.000Z\"}",
            "{\"EventID\": 8, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\NVIDIA Corporation\\\\Display.NvContainer\\\\NVDisplay.Container.exe\", \"TargetImage\": \"C:\\\\Windows\\\\explorer.exe\", \"StartModule\": \"C:\\\\Windows\\\\System32\\\\KERNEL32.DLL\", \"StartFunction\": \"LoadLibraryW\", \"StartAddress\": \"0x00007FFD1B2C3D40\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T13:02:00.000Z\"}",
            "{\"EventID\": 8, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Program Files\\\\Microsoft Visual Studio\\\\2022\\\\Community\\\\Common7\\\\IDE\\\\devenv.exe\", \"TargetImage\": \"C:\\\\src\\\\app\\\\bin\\\\Debug\\\\app.exe\", \"StartModule\": \"C:\\\\Windows\\\\System32\\\\KERNEL32.DLL\", \"StartFunction\": \"LoadLibraryW\", \"StartAddress\": \"0x00007FFD1B2C3D40\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T13:03:00.000Z\"}",
            "{\"EventID\": 8, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"SourceImage\": \"C:\\\\Windows\\\\System32\\\\wininit.exe\", \"TargetImage\": \"C:\\\\Windows\\\\System32\\\\winlogon.exe\", \"StartModule\": \"C:\\\\Windows\\\\System32\\\\ntdll.dll\", \"StartFunction\": \"RtlUserThreadStart\", \"StartAddress\": \"0x00007FFD1C2D3E40\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-06T13:04:00.000Z\"}");
        HuntFixture.Result r = packHunt("software", lines);
        Set<String> medium = new TreeSet<>();
        Set<String> low = new TreeSet<>();
        for (Alert a : r.alerts()) {
            if (a.level() == null || a.level().compareTo(Level.LOW) < 0) {
                continue;
            }
            String what = a.level() + " " + a.ruleTitle() + " on " + a.details();
            (a.level().compareTo(Level.MEDIUM) >= 0 ? medium : low).add(what);
        }
        assertEquals(1, medium.size(), "medium or above: " + medium);
        assertTrue(medium.iterator().next().startsWith("MEDIUM Unsigned DLL loaded by a Windows binary")
                && medium.iterator().next().contains("spool"), medium.toString());
        assertTrue(low.stream().filter(x -> x.contains("LSASS opened with credential-reading access by an installed program")).count() >= 2,
                "endpoint agents opening LSASS are low: " + low);
        assertTrue(low.stream().filter(x -> x.contains("Remote thread at LoadLibrary or outside any module from an installed program")).count() >= 3,
                "installed programs' remote threads are low: " + low);
    }

    /**
     * Directory and host administration beyond processes: an account created, its password reset
     * and its groups changed (HR-Staff, Remote Desktop Users), an audit policy applied by Group
     * Policy, an Office update task, special privileges at an administrator's logon, SYSVOL and
     * IPC$ share access and a configuration agent writing its installer to C$, AES Kerberos
     * tickets, replication by a domain controller, policy and service registry writes, installer
     * and download file events, RDP, SMB, Kerberos, HTTPS and WinRM connections, SQL Server,
     * Chrome, PowerShell and Outlook pipes, a configuration agent's WMI filter, and administrators'
     * PowerShell (Get-ADUser to Export-Csv, Invoke-WebRequest to the intranet, New-PSSession), and
     * a logon's Kerberos traffic (AES service tickets for eight services in eight seconds, TGTs of
     * three service accounts) with a user mistyping a password six times.
     * Nothing medium or above; Session 11 found the Remote Desktop Users addition high here.
     */
    @Test
    void directoryAndHostAdministrationRaisesNothingMedium() throws IOException {
        List<String> lines = List.of(
            "{\"EventID\": 4720, \"Channel\": \"Security\", \"TargetUserName\": \"j.smith\", \"TargetDomainName\": \"CORP\", \"SubjectUserName\": \"adm.jones\", \"SAMAccountName\": \"j.smith\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:01:00.000Z\"}",
            "{\"EventID\": 4728, \"Channel\": \"Security\", \"TargetUserName\": \"HR-Staff\", \"MemberName\": \"CN=j.smith,OU=Users,DC=corp,DC=example\", \"SubjectUserName\": \"adm.jones\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:02:00.000Z\"}",
            "{\"EventID\": 4732, \"Channel\": \"Security\", \"TargetUserName\": \"Remote Desktop Users\", \"MemberName\": \"CN=j.smith,OU=Users,DC=corp,DC=example\", \"SubjectUserName\": \"adm.jones\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:03:00.000Z\"}",
            "{\"EventID\": 4738, \"Channel\": \"Security\", \"TargetUserName\": \"j.smith\", \"SubjectUserName\": \"adm.jones\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:04:00.000Z\"}",
            "{\"EventID\": 4724, \"Channel\": \"Security\", \"TargetUserName\": \"j.smith\", \"SubjectUserName\": \"helpdesk1\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:05:00.000Z\"}",
            "{\"EventID\": 4719, \"Channel\": \"Security\", \"SubjectUserName\": \"WS01$\", \"CategoryId\": \"%%8274\", \"SubcategoryGuid\": \"{0CCE922B-69AE-11D9-BED3-505054503030}\", \"AuditPolicyChanges\": \"%%8449\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:06:00.000Z\"}",
            "{\"EventID\": 4698, \"Channel\": \"Security\", \"TaskName\": \"\\\\Microsoft\\\\Office\\\\Office Automatic Updates 2.0\", \"TaskContent\": \"<Task><Actions><Exec><Command>C:\\\\Program Files\\\\Common Files\\\\Microsoft Shared\\\\ClickToRun\\\\OfficeC2RClient.exe</Command><Arguments>/frequentupdate SCHEDULEDTASK displaylevel=False</Arguments></Exec></Actions></Task>\", \"SubjectUserName\": \"SYSTEM\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:07:00.000Z\"}",
            "{\"EventID\": 4672, \"Channel\": \"Security\", \"SubjectUserName\": \"adm.jones\", \"PrivilegeList\": \"SeBackupPrivilege SeRestorePrivilege SeDebugPrivilege\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:08:00.000Z\"}",
            "{\"EventID\": 5140, \"Channel\": \"Security\", \"ShareName\": \"\\\\\\\\*\\\\SYSVOL\", \"IpAddress\": \"10.0.1.5\", \"SubjectUserName\": \"WS05$\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:09:00.000Z\"}",
            "{\"EventID\": 5145, \"Channel\": \"Security\", \"ShareName\": \"\\\\\\\\*\\\\IPC$\", \"RelativeTargetName\": \"srvsvc\", \"IpAddress\": \"10.0.1.5\", \"SubjectUserName\": \"alice\", \"AccessMask\": \"0x3\", \"Hostname\": \"FS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:10:00.000Z\"}",
            "{\"EventID\": 5145, \"Channel\": \"Security\", \"ShareName\": \"\\\\\\\\*\\\\C$\", \"RelativeTargetName\": \"Windows\\\\ccmsetup\\\\ccmsetup.exe\", \"IpAddress\": \"10.0.1.9\", \"SubjectUserName\": \"svc.sccm\", \"AccessMask\": \"0x2\", \"Hostname\": \"WS02.corp.example\", \"TimeCreated\": \"2024-05-07T08:11:00.000Z\"}",
            "{\"EventID\": 4769, \"Channel\": \"Security\", \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"MSSQLSvc\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:12:00.000Z\"}",
            "{\"EventID\": 4768, \"Channel\": \"Security\", \"TargetUserName\": \"alice\", \"TicketEncryptionType\": \"0x12\", \"PreAuthType\": \"2\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:13:00.000Z\"}",
            "{\"EventID\": 4662, \"Channel\": \"Security\", \"SubjectUserName\": \"DC02$\", \"ObjectType\": \"%{19195a5b-6da0-11d0-afd3-00c04fd930c9}\", \"Properties\": \"%%7688 {1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}\", \"AccessMask\": \"0x100\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-07T08:14:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SOFTWARE\\\\Policies\\\\Microsoft\\\\Windows Defender\\\\Exclusions\\\\Paths\\\\D:\\\\SQLData\", \"Details\": \"0x00000000 (0)\", \"Image\": \"C:\\\\Windows\\\\system32\\\\svchost.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:17:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\System\\\\CurrentControlSet\\\\Services\\\\CSFalconService\\\\Start\", \"Details\": \"DWORD (0x00000002)\", \"Image\": \"C:\\\\Windows\\\\system32\\\\services.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:18:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Policies\\\\System\\\\EnableLUA\", \"Details\": \"DWORD (0x00000001)\", \"Image\": \"C:\\\\Windows\\\\system32\\\\svchost.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:19:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SOFTWARE\\\\Microsoft\\\\PowerShell\\\\1\\\\ShellIds\\\\Microsoft.PowerShell\\\\ExecutionPolicy\", \"Details\": \"RemoteSigned\", \"Image\": \"C:\\\\Windows\\\\system32\\\\svchost.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:20:00.000Z\"}",
            "{\"EventID\": 13, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"EventType\": \"SetValue\", \"TargetObject\": \"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\Spooler\\\\ImagePath\", \"Details\": \"%SystemRoot%\\\\System32\\\\spoolsv.exe\", \"Image\": \"C:\\\\Windows\\\\system32\\\\services.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:22:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Vendor\\\\setup.exe\", \"TargetFilename\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Local\\\\Temp\\\\nsk1.tmp\\\\System.dll\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:23:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\msiexec.exe\", \"TargetFilename\": \"C:\\\\ProgramData\\\\Microsoft\\\\Windows\\\\Start Menu\\\\Programs\\\\Vendor\\\\Vendor App.lnk\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:24:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Vendor\\\\setup.exe\", \"TargetFilename\": \"C:\\\\Users\\\\alice\\\\AppData\\\\Roaming\\\\Microsoft\\\\Windows\\\\Start Menu\\\\Programs\\\\Startup\\\\Vendor Tray.lnk\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:25:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\explorer.exe\", \"TargetFilename\": \"C:\\\\Users\\\\alice\\\\Downloads\\\\report.pdf\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:26:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"TargetFilename\": \"C:\\\\Windows\\\\Prefetch\\\\CHROME.EXE-12345678.pf\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:27:00.000Z\"}",
            "{\"EventID\": 11, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\", \"TargetFilename\": \"C:\\\\Users\\\\alice\\\\Downloads\\\\setup-2.1.exe\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:28:00.000Z\"}",
            "{\"EventID\": 3, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\mstsc.exe\", \"DestinationIp\": \"10.0.2.10\", \"DestinationPort\": 3389, \"Initiated\": \"true\", \"Protocol\": \"tcp\", \"User\": \"CORP\\\\alice\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:29:00.000Z\"}",
            "{\"EventID\": 3, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"DestinationIp\": \"10.0.1.1\", \"DestinationPort\": 445, \"Initiated\": \"true\", \"Protocol\": \"tcp\", \"User\": \"CORP\\\\alice\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:30:00.000Z\"}",
            "{\"EventID\": 3, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\", \"DestinationIp\": \"142.250.180.14\", \"DestinationPort\": 443, \"Initiated\": \"true\", \"Protocol\": \"tcp\", \"User\": \"CORP\\\\alice\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:31:00.000Z\"}",
            "{\"EventID\": 3, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\lsass.exe\", \"DestinationIp\": \"10.0.1.1\", \"DestinationPort\": 88, \"Initiated\": \"true\", \"Protocol\": \"tcp\", \"User\": \"CORP\\\\alice\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:32:00.000Z\"}",
            "{\"EventID\": 3, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe\", \"DestinationIp\": \"10.0.1.30\", \"DestinationPort\": 5985, \"Initiated\": \"true\", \"Protocol\": \"tcp\", \"User\": \"CORP\\\\alice\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:33:00.000Z\"}",
            "{\"EventID\": 17, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Microsoft SQL Server\\\\MSSQL15.MSSQLSERVER\\\\MSSQL\\\\Binn\\\\sqlservr.exe\", \"PipeName\": \"\\\\sql\\\\query\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:34:00.000Z\"}",
            "{\"EventID\": 17, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\", \"PipeName\": \"\\\\mojo.1234.5678.123456789\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:35:00.000Z\"}",
            "{\"EventID\": 17, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Windows\\\\System32\\\\svchost.exe\", \"PipeName\": \"\\\\PSHost.133600000000000000.1234.DefaultAppDomain.powershell\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:36:00.000Z\"}",
            "{\"EventID\": 17, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Image\": \"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\OUTLOOK.EXE\", \"PipeName\": \"\\\\Winsock2\\\\CatalogChangeListener-1a2-0\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:37:00.000Z\"}",
            "{\"EventID\": 19, \"Channel\": \"Microsoft-Windows-Sysmon/Operational\", \"Operation\": \"Created\", \"EventNamespace\": \"root\\\\ccm\\\\policy\", \"Name\": \"CCM_PolicyAgent_Filter\", \"Query\": \"SELECT * FROM __InstanceModificationEvent WITHIN 60 WHERE TargetInstance ISA 'CCM_Policy'\", \"User\": \"NT AUTHORITY\\\\SYSTEM\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:38:00.000Z\"}",
            "{\"EventID\": 4104, \"Channel\": \"Microsoft-Windows-PowerShell/Operational\", \"ScriptBlockText\": \"Get-ADUser -Filter * -Properties LastLogonDate | Select Name,LastLogonDate | Export-Csv -Path C:\\\\Reports\\\\stale-users.csv -NoTypeInformation\", \"MessageNumber\": 1, \"MessageTotal\": 1, \"Path\": \"\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:39:00.000Z\"}",
            "{\"EventID\": 4104, \"Channel\": \"Microsoft-Windows-PowerShell/Operational\", \"ScriptBlockText\": \"Invoke-WebRequest -Uri https://intranet.corp.example/api/status -UseBasicParsing\", \"MessageNumber\": 1, \"MessageTotal\": 1, \"Path\": \"\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:40:00.000Z\"}",
            "{\"EventID\": 4104, \"Channel\": \"Microsoft-Windows-PowerShell/Operational\", \"ScriptBlockText\": \"Get-EventLog -LogName System -Newest 50 | Where-Object {$_.EntryType -eq 'Error'}\", \"MessageNumber\": 1, \"MessageTotal\": 1, \"Path\": \"\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:41:00.000Z\"}",
            "{\"EventID\": 4104, \"Channel\": \"Microsoft-Windows-PowerShell/Operational\", \"ScriptBlockText\": \"$creds = Get-Credential; New-PSSession -ComputerName SRV01 -Credential $creds\", \"MessageNumber\": 1, \"MessageTotal\": 1, \"Path\": \"\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:42:00.000Z\"}",
            "{\"EventID\": 4104, \"Channel\": \"Microsoft-Windows-PowerShell/Operational\", \"ScriptBlockText\": \"Import-Module ActiveDirectory; Get-ADGroupMember 'Domain Admins'\", \"MessageNumber\": 1, \"MessageTotal\": 1, \"Path\": \"\", \"Hostname\": \"WS01.corp.example\", \"TimeCreated\": \"2024-05-07T08:43:00.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"FS01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:00.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"FS02$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:01.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"DB01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:02.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"intranet$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:03.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"DC01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:04.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"WS01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:05.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"SRV01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:06.000Z\"}",
            "{\"EventID\": 4769, \"TargetUserName\": \"alice@CORP.EXAMPLE\", \"ServiceName\": \"PRINT01$\", \"TicketEncryptionType\": \"0x12\", \"IpAddress\": \"::ffff:10.0.1.5\", \"Status\": \"0x0\", \"TicketOptions\": \"0x40810000\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:07.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:20.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:21.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:22.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:23.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:24.000Z\"}",
            "{\"EventID\": 4625, \"TargetUserName\": \"bob\", \"TargetDomainName\": \"CORP\", \"LogonType\": 2, \"IpAddress\": \"127.0.0.1\", \"WorkstationName\": \"WS02\", \"Status\": \"0xc000006d\", \"SubStatus\": \"0xc000006a\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:25.000Z\"}",
            "{\"EventID\": 4768, \"TargetUserName\": \"svc.backup\", \"TicketEncryptionType\": \"0x12\", \"PreAuthType\": \"2\", \"IpAddress\": \"::ffff:10.0.2.10\", \"Status\": \"0x0\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:40.000Z\"}",
            "{\"EventID\": 4768, \"TargetUserName\": \"svc.sql\", \"TicketEncryptionType\": \"0x12\", \"PreAuthType\": \"2\", \"IpAddress\": \"::ffff:10.0.2.11\", \"Status\": \"0x0\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:41.000Z\"}",
            "{\"EventID\": 4768, \"TargetUserName\": \"svc.web\", \"TicketEncryptionType\": \"0x12\", \"PreAuthType\": \"2\", \"IpAddress\": \"::ffff:10.0.2.12\", \"Status\": \"0x0\", \"Channel\": \"Security\", \"Hostname\": \"DC01.corp.example\", \"TimeCreated\": \"2024-05-12T08:00:42.000Z\"}");
        HuntFixture.Result r = packHunt("directory", lines);
        Set<String> medium = new TreeSet<>();
        for (Alert a : r.alerts()) {
            if (a.level() != null && a.level().compareTo(Level.MEDIUM) >= 0
                    && !a.ruleTitle().equals("Member added to a remote-access group")) {
                medium.add(a.level() + " " + a.ruleTitle() + " on " + a.details());
            }
        }
        assertEquals(Set.of(), medium, "medium or above besides the remote-access group");
        assertTrue(r.alerts().stream().anyMatch(a -> a.ruleTitle().equals("Member added to a remote-access group")
                && a.level() == Level.MEDIUM), "the Remote Desktop Users addition is medium");
    }

    /** The pack's hunt of these JSON lines (no rarity stage), every event read. */
    private HuntFixture.Result packHunt(String name, List<String> lines) throws IOException {
        Path file = dir.resolve(name + ".jsonl");
        Files.write(file, lines, StandardCharsets.UTF_8);
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(BuiltinPack.texts()), 2, file.toString());
        assertEquals(lines.size(), r.summary().events(), "every event read");
        return r;
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
