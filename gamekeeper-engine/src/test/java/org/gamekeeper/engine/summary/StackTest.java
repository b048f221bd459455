package org.gamekeeper.engine.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.TestEvents;
import org.junit.jupiter.api.Test;

class StackTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(String name, List<Event> events) {
        Stack<Object> s = (Stack<Object>) Stack.named(name);
        for (Event e : events) {
            Object f = s.fact(e);
            if (f != null) {
                s.add(f);
            }
        }
        return s.rows();
    }

    @Test
    void logonsStackByAccountHostTypeAndSourceWithFailures() {
        List<Event> events = TestEvents.json(
                "{\"EventID\":4624,\"Channel\":\"Security\",\"Computer\":\"DC01\",\"TargetDomainName\":\"CORP\",\"TargetUserName\":\"alice\",\"LogonType\":\"10\",\"IpAddress\":\"10.0.0.5\",\"TimeCreated\":\"2022-01-02T00:00:00Z\"}",
                "{\"EventID\":4625,\"Channel\":\"Security\",\"Computer\":\"DC01\",\"TargetDomainName\":\"CORP\",\"TargetUserName\":\"alice\",\"LogonType\":\"10\",\"IpAddress\":\"10.0.0.5\",\"TimeCreated\":\"2022-01-01T00:00:00Z\"}",
                "{\"EventID\":4624,\"Channel\":\"Security\",\"Computer\":\"DC01\",\"TargetDomainName\":\"CORP\",\"TargetUserName\":\"bob\",\"LogonType\":\"3\",\"IpAddress\":\"-\",\"WorkstationName\":\"WS9\",\"TimeCreated\":\"2022-01-03T00:00:00Z\"}",
                "{\"EventID\":1149,\"Channel\":\"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational\",\"Computer\":\"SRV\",\"Param1\":\"carol\",\"Param2\":\"CORP\",\"Param3\":\"192.0.2.1\"}",
                "{\"EventID\":4688,\"Channel\":\"Security\",\"Computer\":\"DC01\"}");
        List<Map<String, Object>> rows = rows("logons", events);
        assertEquals(3, rows.size());
        assertEquals(Map.of("account", "CORP\\alice", "host", "DC01", "logon_type", "10", "source", "10.0.0.5", "successes", 1L, "failures", 1L,
                "first_seen", "2022-01-01T00:00:00Z", "last_seen", "2022-01-02T00:00:00Z"), rows.get(0));
        assertEquals("WS9", rows.get(1).get("source"));
        assertEquals("10 (RDP authentication)", rows.get(2).get("logon_type"));
    }

    @Test
    void processesLeastFrequentFirstAndEventsMostFrequentFirst() {
        String cmd = "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"WS1\",\"Image\":\"C:\\\\Windows\\\\cmd.exe\",\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\"}";
        String rare = "{\"EventID\":4688,\"Channel\":\"Security\",\"Computer\":\"WS2\",\"NewProcessName\":\"C:\\\\Temp\\\\x.exe\",\"ParentProcessName\":\"C:\\\\Windows\\\\w3wp.exe\"}";
        List<Event> events = TestEvents.json(cmd, cmd.replace("cmd.exe", "CMD.EXE").replace("WS1", "WS3"), rare);
        List<Map<String, Object>> procs = rows("processes", events);
        assertEquals(List.of(1L, 2L), procs.stream().map(r -> r.get("count")).toList());
        assertEquals("C:\\Temp\\x.exe", procs.get(0).get("image"));
        assertEquals(List.of("WS1", "WS3"), procs.get(1).get("hosts"));
        List<Map<String, Object>> ev = rows("events", events);
        assertEquals(Map.of("count", 2L, "percent", "66.7", "channel", "Microsoft-Windows-Sysmon/Operational", "event_id", "1"), ev.get(0));
        assertEquals(3, rows("hosts", events).size());
        assertNull(Stack.named("users"));
    }
}
