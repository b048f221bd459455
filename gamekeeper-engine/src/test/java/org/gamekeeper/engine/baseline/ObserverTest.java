package org.gamekeeper.engine.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObserverTest {
    private static final Instant T = Instant.parse("2024-02-01T10:00:00Z");

    @TempDir
    Path dir;

    private List<Observation> observe(Estate estate) {
        List<Observation> out = new ArrayList<>();
        Observer observer = new Observer(LotlTools.builtin());
        Estate.read(estate.write(dir, "e.evtx"), e -> observer.observe(e, out::add));
        return out;
    }

    @Test
    void sysmonAndSecurityProcessEventsGiveTheSameBehaviours() {
        List<Observation> sysmon = observe(new Estate().sysmonProcess(T, "EXCH01", "C:\\Windows\\System32\\wbem\\WMIC.exe",
            "C:\\Windows\\System32\\cmd.exe", "wmic /node:10.0.5.20 process call create x.exe", "CORP\\Admin"));
        List<Observation> security = observe(new Estate().securityProcess(T, "EXCH01", "C:\\Windows\\System32\\wbem\\WMIC.exe",
            "C:\\Windows\\System32\\cmd.exe", "WMIC.exe /node:10.0.9.1 process call create x.exe", "CORP", "admin"));
        assertEquals(3, sysmon.size(), sysmon::toString);
        assertEquals(sysmon, security);
        assertEquals(new Observation(Facet.PROCESS_PAIR, "exch01", "cmd.exe > wmic.exe", "wmic.exe started by cmd.exe", true), sysmon.get(0));
        assertEquals(new Observation(Facet.TOOL_USE, "exch01", "wmic.exe | corp\\admin", "wmic.exe run by corp\\admin", true), sysmon.get(1));
        assertEquals("wmic.exe /node:<host> process call create x.exe", sysmon.get(2).key());
    }

    @Test
    void processesThatAreNoLotlToolsAreLearnedButNotWatched() {
        List<Observation> o = observe(new Estate().sysmonProcess(T, "WS01", "C:\\Program Files\\App\\app.exe",
            "C:\\Windows\\explorer.exe", "app.exe --open 12", "CORP\\user1"));
        assertEquals(List.of(Facet.PROCESS_PAIR, Facet.COMMAND_SHAPE), o.stream().map(Observation::facet).toList());
        assertTrue(o.stream().noneMatch(Observation::watched), o::toString);
    }

    /** What a hunt's observer reports: the watched behaviours of the same events, each event still counted as showing some. */
    @Test
    void aHuntsObserverReportsOnlyWatchedBehavioursAndSaysWhichEventsShowedAny() {
        Estate estate = new Estate()
            .sysmonProcess(T, "WS01", "C:\\Program Files\\App\\app.exe", "C:\\Windows\\explorer.exe", "app.exe --open 12", "CORP\\user1")
            .sysmonProcess(T, "EXCH01", "C:\\Windows\\System32\\wbem\\WMIC.exe", "C:\\Windows\\System32\\cmd.exe",
                "wmic /node:10.0.5.20 process call create x.exe", "CORP\\Admin")
            .logon(T, "WS01", "CORP", "Admin", 10, "203.0.113.7")
            .logon(T, "WS01", "CORP", "WS02$", 3, "10.0.0.2")
            .service(T, "WS01", "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe");
        Observer all = new Observer(LotlTools.builtin());
        Observer watched = new Observer(LotlTools.builtin(), true);
        List<Observation> everything = new ArrayList<>();
        List<Observation> judged = new ArrayList<>();
        List<Boolean> showed = new ArrayList<>();
        Estate.read(estate.write(dir, "w.evtx"), e -> {
            List<Observation> one = new ArrayList<>();
            all.observe(e, one::add);
            everything.addAll(one);
            showed.add(watched.observe(e, judged::add) == !one.isEmpty());
        });
        assertEquals(everything.stream().filter(Observation::watched).toList(), judged);
        assertEquals(5, judged.size(), judged::toString); // wmic's pair, use and shape, the remote logon, the service
        assertTrue(everything.size() > judged.size(), everything::toString);
        assertTrue(showed.stream().allMatch(b -> b), showed::toString);
    }

    @Test
    void logonsServicesAndTasksAreRead() {
        List<Observation> o = observe(new Estate()
            .logon(T, "WS01", "CORP", "Admin", 10, "203.0.113.7")
            .logon(T, "WS01", "CORP", "WS02$", 3, "10.0.0.2")
            .service(T, "WS01", "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe")
            .task(T, "WS01", "\\Updater", "C:\\Users\\Public\\u.exe", "-q 5 &gt; C:\\x.log"));
        assertEquals(4, o.size(), o::toString);
        assertEquals("logon | corp\\admin | type 10 | 203.0.113.7", o.get(0).key());
        assertTrue(o.get(0).watched());
        assertTrue(!o.get(1).watched(), "network logons of machine accounts are learned, not judged");
        assertEquals(new Observation(Facet.SERVICE, "ws01", "psexesvc | psexesvc.exe", "service 'PSEXESVC' installed (psexesvc.exe)", true), o.get(2));
        assertEquals("\\updater | u.exe -q <n> > <path>.log", o.get(3).key());
    }

    @Test
    void securityNamesSystemAsSysmonDoes() {
        List<Observation> o = observe(new Estate().securityProcessAsSystem(T, "WS01", "C:\\Windows\\System32\\cmd.exe",
            "C:\\Windows\\System32\\services.exe", "cmd.exe /c echo"));
        assertEquals("cmd.exe | nt authority\\system", o.get(1).key());
    }

    @Test
    void hostsAreShortLowerCaseNames() {
        assertEquals("ec-exch01", Observer.hostName("EC-EXCH01.corp.example"));
        assertEquals("ec-exch01", Observer.hostName("ec-exch01"));
        assertEquals("10.0.0.5", Observer.hostName("10.0.0.5"));
        assertEquals("01566s-win16-ir", Observer.hostName("01566s-win16-ir.threebeesco.com"));
        assertEquals(Observer.UNKNOWN_HOST, Observer.hostName(" "));
    }
}
