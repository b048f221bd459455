package org.gamekeeper.engine.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;

/**
 * A small made-up estate for tests: events written with our EVTX writer and read back through
 * the engine's sources. Ten hosts (ws01..ws09 and the Exchange server exch01), benign days of
 * routine work, and the LOTL sequence of a web-shell intrusion on exch01.
 */
final class Estate {
    static final String SYSMON = "Microsoft-Windows-Sysmon/Operational";
    static final List<String> HOSTS = List.of("WS01", "WS02", "WS03", "WS04", "WS05", "WS06", "WS07", "WS08", "WS09", "EXCH01");

    private final List<XmlNode.Element> events = new ArrayList<>();
    private long record = 1;

    Estate sysmonProcess(Instant t, String host, String image, String parent, String commandLine, String user) {
        events.add(new EventBuilder("Microsoft-Windows-Sysmon", 1).channel(SYSMON).computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("UtcTime", t.toString()).data("Image", image)
            .data("CommandLine", commandLine).data("User", user).data("ParentImage", parent).build());
        return this;
    }

    Estate securityProcess(Instant t, String host, String image, String parent, String commandLine, String domain, String user) {
        events.add(new EventBuilder("Microsoft-Windows-Security-Auditing", 4688).channel("Security").computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("SubjectUserSid", "S-1-5-21-1-2-3-1104").data("SubjectUserName", user)
            .data("SubjectDomainName", domain).data("NewProcessName", image).data("CommandLine", commandLine)
            .data("TargetUserName", "-").data("ParentProcessName", parent).build());
        return this;
    }

    /** 4688 as Windows writes a process started by SYSTEM: the machine account, with SYSTEM's SID. */
    Estate securityProcessAsSystem(Instant t, String host, String image, String parent, String commandLine) {
        events.add(new EventBuilder("Microsoft-Windows-Security-Auditing", 4688).channel("Security").computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("SubjectUserSid", "S-1-5-18").data("SubjectUserName", host + "$")
            .data("SubjectDomainName", "CORP").data("NewProcessName", image).data("CommandLine", commandLine)
            .data("TargetUserName", "-").data("ParentProcessName", parent).build());
        return this;
    }

    Estate logon(Instant t, String host, String domain, String user, int type, String ip) {
        events.add(new EventBuilder("Microsoft-Windows-Security-Auditing", 4624).channel("Security").computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("TargetUserName", user).data("TargetDomainName", domain)
            .data("LogonType", Integer.toString(type)).data("IpAddress", ip).data("WorkstationName", "-").build());
        return this;
    }

    Estate service(Instant t, String host, String name, String imagePath) {
        events.add(new EventBuilder("Service Control Manager", 7045).channel("System").computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("ServiceName", name).data("ImagePath", imagePath)
            .data("ServiceType", "user mode service").data("StartType", "demand start").data("AccountName", "LocalSystem").build());
        return this;
    }

    Estate task(Instant t, String host, String name, String command, String arguments) {
        String xml = "<Task><Actions><Exec><Command>" + command + "</Command><Arguments>" + arguments + "</Arguments></Exec></Actions></Task>";
        events.add(new EventBuilder("Microsoft-Windows-Security-Auditing", 4698).channel("Security").computer(host + ".corp.example")
            .timeCreated(t).eventRecordId(record++).data("SubjectUserName", "admin").data("SubjectDomainName", "CORP")
            .data("TaskName", name).data("TaskContent", xml).build());
        return this;
    }

    /**
     * Routine days on every host: Office and browsers under Explorer, the inventory script the
     * scheduler runs each morning, mapped drives, the Exchange worker starting its own helpers,
     * and a daily patch service refresh. Numbers, dates and paths change from day to day.
     */
    Estate routine(Instant firstDay, int days) {
        for (int d = 0; d < days; d++) {
            Instant day = firstDay.plusSeconds(86_400L * d);
            for (int h = 0; h < HOSTS.size(); h++) {
                String host = HOSTS.get(h);
                String user = "user" + h;
                Instant t = day.plusSeconds(8 * 3600 + h * 60);
                sysmonProcess(t, host, "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "C:\\Windows\\explorer.exe",
                    "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\" + user + "\\Documents\\report-" + d + ".docx\"",
                    "CORP\\" + user);
                securityProcess(t.plusSeconds(5), host, "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                    "C:\\Windows\\System32\\svchost.exe",
                    "powershell.exe -NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\inventory.ps1 -Day " + (20240100 + d),
                    "CORP", "svc-inventory");
                sysmonProcess(t.plusSeconds(30), host, "C:\\Windows\\System32\\net.exe", "C:\\Windows\\explorer.exe",
                    "net.exe use H: \\\\files" + (d % 3) + ".corp.example\\home\\" + user, "CORP\\" + user);
                logon(t.plusSeconds(40), host, "CORP", user, 3, "10.0.1." + (10 + h));
                service(t.plusSeconds(50), host, "PatchAgent", "\"C:\\Program Files\\Patch\\agent.exe\" --run " + d);
                if (host.equals("EXCH01")) {
                    sysmonProcess(t.plusSeconds(60), host, "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
                        "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
                        "\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe\" /noconfig /fullpaths @\"C:\\Windows\\TEMP\\"
                            + Long.toHexString(0xabc000L + d) + ".cmdline\"", "NT AUTHORITY\\SYSTEM");
                }
            }
        }
        return this;
    }

    /**
     * The web-shell sequence on EXCH01 at {@code t}: w3wp.exe starts cmd.exe, which runs
     * discovery, WMI lateral movement, an ntds.dit copy and a PsExec service, then an RDP logon
     * from a new address.
     */
    Estate intrusion(Instant t) {
        String w3wp = "C:\\Windows\\System32\\inetsrv\\w3wp.exe";
        String cmd = "C:\\Windows\\System32\\cmd.exe";
        String system = "NT AUTHORITY\\SYSTEM";
        sysmonProcess(t, "EXCH01", cmd, w3wp, "cmd.exe /c whoami /all", system);
        sysmonProcess(t.plusSeconds(10), "EXCH01", "C:\\Windows\\System32\\wbem\\WMIC.exe", cmd,
            "wmic /node:10.0.5.20 process call create \"cmd.exe /c ntdsutil \\\"ac i ntds\\\" ifm \\\"create full c:\\temp\\x\\\" q q\"", system);
        sysmonProcess(t.plusSeconds(20), "EXCH01", "C:\\Windows\\System32\\ntdsutil.exe", cmd,
            "ntdsutil \"ac i ntds\" ifm \"create full c:\\temp\\x\" q q", system);
        service(t.plusSeconds(30), "EXCH01", "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe");
        logon(t.plusSeconds(40), "EXCH01", "CORP", "admin", 10, "203.0.113.7");
        return this;
    }

    int size() {
        return events.size();
    }

    Path write(Path dir, String name) {
        Path p = dir.resolve(name);
        try {
            EvtxWriter.standard().write(events, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Each event of {@code file} as the engine reads it (while its file is open). */
    static void read(Path file, java.util.function.Consumer<Event> events) {
        List<String> problems = new ArrayList<>();
        Sources.plain().readAll(Inputs.expand(List.of(file.toString()), p -> problems.add(p.toString())), events, p -> problems.add(p.toString()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("reading " + file + ": " + problems);
        }
    }
}
