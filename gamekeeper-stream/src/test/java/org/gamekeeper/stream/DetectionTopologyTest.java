package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.gamekeeper.sigma.LoadOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionTopologyTest {

    static final String WHOAMI = """
        title: Whoami run
        id: 5a0c8b2e-0f7e-4a55-9d0c-000000000001
        status: test
        author: test
        logsource: {product: windows, category: process_creation}
        detection:
          selection: {Image|endswith: '\\\\whoami.exe'}
          condition: selection
        level: high
        tags: [attack.discovery, attack.t1033]
        """;

    static final String CLEARED = """
        title: Log cleared
        id: 5a0c8b2e-0f7e-4a55-9d0c-000000000002
        status: test
        author: test
        logsource: {product: windows, service: security}
        detection:
          selection: {EventID: 1102}
          condition: selection
        level: medium
        """;

    @TempDir
    Path dir;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> in;
    TestOutputTopic<String, String> alerts;
    TestOutputTopic<String, String> dead;
    AtomicReference<StreamDetector> rules = new AtomicReference<>();

    StreamDetector detector(String... yaml) throws Exception {
        Path folder = Files.createTempDirectory(dir, "rules");
        for (int i = 0; i < yaml.length; i++) {
            Files.writeString(folder.resolve("r" + i + ".yml"), yaml[i]);
        }
        return StreamDetector.load(List.of(folder), LoadOptions.defaults(), List.of());
    }

    @BeforeEach
    void start() throws Exception {
        rules.set(detector(WHOAMI));
        var topics = new DetectionTopology.Topics(List.of("events"), "alerts", "dead");
        driver = new TopologyTestDriver(DetectionTopology.build(topics, rules::get, 4096),
            DetectionTopology.config("test", "unused:9092", Map.of()));
        in = driver.createInputTopic("events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        alerts = driver.createOutputTopic("alerts", Serdes.String().deserializer(), Serdes.String().deserializer());
        dead = driver.createOutputTopic("dead", Serdes.String().deserializer(), Serdes.String().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    void send(String json, String file, Long line) {
        RecordHeaders h = new RecordHeaders();
        if (file != null) {
            h.add(Replay.FILE, file.getBytes(StandardCharsets.UTF_8));
        }
        if (line != null) {
            h.add(Replay.LINE, line.toString().getBytes(StandardCharsets.UTF_8));
        }
        in.pipeInput(new TestRecord<>(null, json.getBytes(StandardCharsets.UTF_8), h));
    }

    static final String EVTX_DUMP = """
        {"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},
        "System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon"}},"EventID":1,
        "Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws1.corp","EventRecordID":77,
        "TimeCreated":{"#attributes":{"SystemTime":"2021-03-01T10:00:00.000000Z"}}},
        "EventData":{"Image":"C:\\\\Windows\\\\System32\\\\whoami.exe","CommandLine":"whoami /all"}}}""";
    static final String WINLOGBEAT = """
        {"@timestamp":"2021-03-01T10:00:01.000Z","winlog":{"event_id":1,"channel":"Microsoft-Windows-Sysmon/Operational",
        "computer_name":"ws2.corp","record_id":78,"provider_name":"Microsoft-Windows-Sysmon",
        "event_data":{"Image":"C:\\\\Windows\\\\System32\\\\WHOAMI.EXE"}}}""";
    static final String FLAT = """
        {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"ws3.corp",
        "Image":"C:\\\\Windows\\\\System32\\\\whoami.exe","EventTime":"2021-03-01 10:00:02"}""";

    @Test
    void everyShapeRaisesTheAlertKeyedByHostWithTheFileAndPlaceItCameFrom() {
        send(EVTX_DUMP, "Sysmon.evtx", null);
        send(WINLOGBEAT, null, null);
        send(FLAT, "otrf.json", 12L);
        send("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Image\":\"C:\\\\x\\\\cmd.exe\"}", "x.json", 1L);
        var out = alerts.readRecordsToList();
        assertEquals(3, out.size(), out.toString());
        assertEquals("ws1.corp", out.get(0).key());
        assertTrue(out.get(0).value().contains("\"rule_id\":\"5a0c8b2e-0f7e-4a55-9d0c-000000000001\""));
        assertTrue(out.get(0).value().contains("\"record_id\":77"), out.get(0).value());
        assertTrue(out.get(0).value().contains("\"file\":\"Sysmon.evtx\""));
        assertTrue(out.get(0).value().contains("\"attack\":[\"T1033\"]"));
        assertTrue(out.get(0).value().contains("\"level\":\"high\""));
        assertTrue(out.get(0).value().contains("\"timestamp\":\"2021-03-01T10:00:00.000Z\""), out.get(0).value());
        assertEquals("ws2.corp", out.get(1).key());
        assertTrue(out.get(1).value().contains("\"file\":\"kafka:events/0\""), out.get(1).value());
        assertTrue(out.get(1).value().contains("\"record_id\":78"));
        assertEquals("ws3.corp", out.get(2).key());
        assertTrue(out.get(2).value().contains("\"event_refs\":[\"otrf.json#L12\"]"), out.get(2).value());
        assertTrue(dead.isEmpty());
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithItsReasonAndTheRestGoesOn() {
        send("not json at all", null, null);
        send("{\"EventID\":1,", "cut.json", 3L);
        send("{\"message\":\"hello\",\"level\":\"info\"}", null, null);
        send("{\"EventID\":1,\"Channel\":\"x\",\"pad\":\"" + "a".repeat(5000) + "\"}", null, null);
        send("{\"EventID\":1} {\"EventID\":2}", null, null);
        send(EVTX_DUMP, "Sysmon.evtx", null);
        List<TestRecord<String, String>> letters = dead.readRecordsToList();
        assertEquals(5, letters.size());
        List<String> reasons = new ArrayList<>();
        for (var r : letters) {
            var reason = r.headers().lastHeader(DetectionTopology.REASON);
            assertNotNull(reason);
            reasons.add(new String(reason.value(), StandardCharsets.UTF_8));
            assertNotNull(r.headers().lastHeader(DetectionTopology.SOURCE));
        }
        assertTrue(reasons.get(0).startsWith("not JSON"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("not JSON"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("unknown shape"), reasons.get(2));
        assertTrue(reasons.get(3).startsWith("oversized"), reasons.get(3));
        assertTrue(reasons.get(4).startsWith("not one JSON object"), reasons.get(4));
        assertEquals("not json at all", letters.get(0).value());
        assertEquals("cut.json", new String(letters.get(1).headers().lastHeader(Replay.FILE).value(), StandardCharsets.UTF_8));
        assertEquals(1, alerts.readRecordsToList().size());
    }

    @Test
    void aNewRuleSetIsTakenUpFromTheNextRecordWithoutARestart() throws Exception {
        String cleared = """
            {"Event":{"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Eventlog"}},"EventID":1102,
            "Channel":"Security","Computer":"dc1","EventRecordID":5}}}""";
        send(cleared, "Security.evtx", null);
        assertTrue(alerts.isEmpty());
        rules.set(detector(WHOAMI, CLEARED));
        send(cleared, "Security.evtx", null);
        var out = alerts.readRecordsToList();
        assertEquals(1, out.size());
        assertTrue(out.get(0).value().contains("Log cleared"));
    }

    @Test
    void countsEventsAlertsAndDeadLettersInKafkaStreamsMetrics() {
        send(EVTX_DUMP, "Sysmon.evtx", null);
        send("nope", null, null);
        send(FLAT, "otrf.json", 2L);
        assertEquals(3.0, total("events-total"));
        assertEquals(2.0, total("alerts-total"));
        assertEquals(1.0, total("dead-letters-total"));
    }

    double total(String name) {
        double sum = 0;
        for (var e : driver.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().contains(DetectionTopology.METRIC_SCOPE)) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }
}
