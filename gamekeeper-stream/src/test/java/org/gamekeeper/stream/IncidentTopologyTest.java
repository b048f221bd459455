package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.report.IncidentsJsonl;
import org.gamekeeper.sigma.LoadOptions;
import org.junit.jupiter.api.Test;

/**
 * Incidents in the stream (alerts re-keyed by host, grouped on a store, each incident written
 * under its id when its host goes quiet, later versions replacing earlier ones) are those of
 * {@code hunt --incidents} on the same corpus events in time order: rule and correlation alerts,
 * with the incidents of a host written mid-stream and then updated.
 */
class IncidentTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one host's task knows as the batch does: everything but the cross-host intrusion and its dwell to the run's end. */
    static final List<String> SAME = List.of("incident_id", "first_evidence", "last_evidence", "dwell_days_to_last_evidence", "hosts",
        "accounts", "tactics", "techniques", "severity", "alerts");

    /**
     * A process GUID in a reason as the stream's events give it: EVTX replayed in the evtx_dump
     * shape writes GUIDs without the braces the EVTX reader gives them (as {@code dump} does).
     */
    private static String braceless(JsonNode n) {
        return n.toString().replaceAll("\\{([0-9a-fA-F-]{36})}", "$1");
    }

    /** The levels named in a summary's "Most telling" part, in order. */
    private static List<String> levels(String mostTelling) {
        List<String> out = new ArrayList<>();
        var m = Pattern.compile("\\((informational|low|medium|high|critical)\\)").matcher(mostTelling);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theStreamsIncidentsAreHuntsOnTheSameEvents() throws Exception {
        Path w = Corpus.root().resolve("sigma/rules/windows");
        Path correlations = Path.of(IncidentTopologyTest.class.getResource("/correlations").toURI());
        StreamDetector detector = StreamDetector.load(List.of(w.resolve("process_creation"), w.resolve("builtin"), correlations),
            LoadOptions.defaults(), List.of());
        List<InputFile> inputs = Corpus.evidence();

        List<Alert> alerts = new ArrayList<>();
        new Hunt(detector.index(), detector.correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                alerts.add(a);
            }

            @Override
            public void problem(Problem problem) {
            }
        });
        IncidentGrouping.Result grouped = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults())
            .group(alerts.stream().map(AlertEvidence::of).toList());
        Map<String, Intrusion> intrusions = new HashMap<>();
        grouped.intrusions().forEach(i -> intrusions.put(i.id(), i));
        Map<String, JsonNode> batch = new LinkedHashMap<>();
        for (Incident inc : grouped.incidents()) {
            batch.put(inc.id(), JSON.readTree(IncidentsJsonl.line(inc, intrusions.get(inc.intrusionId()), grouped.asOf())));
        }
        assertTrue(batch.size() >= 5, "the sample should give incidents: " + batch.size());
        assertTrue(alerts.stream().anyMatch(a -> a.kind() == Alert.Kind.CORRELATION), "and correlation alerts");

        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(producer, "events").send(inputs, p -> { });
        var topics = new DetectionTopology.Topics(List.of("events"), "alerts", "dead", "incidents");
        // windows close after 60 s idle (the end of the input), a host's incidents are written after 1 s quiet
        var settings = new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES, 5 * 60_000L, 60_000)
            .withIncidents(1000, Duration.ofDays(3650).toMillis());
        Map<String, JsonNode> stream = new TreeMap<>();
        int versions = 0;
        int tombstones = 0;
        try (var driver = new TopologyTestDriver(DetectionTopology.build(topics, () -> detector, settings),
                DetectionTopology.config("incidents", "unused:9092", Map.of()))) {
            var in = driver.createInputTopic("events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            var out = driver.createOutputTopic("incidents", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            // in event time (the files' order where times tie): correlations need their events within
            // the grace period, and the evidence files span years
            List<ProducerRecord<byte[], byte[]>> records = Corpus.inTimeOrder(producer.history());
            for (int i = 0; i < records.size(); i++) {
                ProducerRecord<byte[], byte[]> r = records.get(i);
                in.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers()));
                if (i == records.size() / 3 || i == 2 * records.size() / 3) {
                    driver.advanceWallClockTime(Duration.ofSeconds(5)); // hosts quiet mid-stream: first versions written
                }
            }
            driver.advanceWallClockTime(Duration.ofSeconds(90)); // the end: correlation windows close
            driver.advanceWallClockTime(Duration.ofSeconds(5)); // and the incidents of their hosts are written again
            for (var r : out.readRecordsToList()) {
                versions++;
                if (r.value() == null) {
                    tombstones++;
                    stream.remove(r.key());
                } else {
                    stream.put(r.key(), JSON.readTree(r.value()));
                }
            }
        }
        assertTrue(versions > stream.size(), "incidents were written more than once (" + versions + " versions of " + stream.size() + ")");
        assertEquals(new TreeMap<>(batch).keySet(), stream.keySet(), "incident ids (" + tombstones + " tombstones)");
        int reordered = 0;
        for (Map.Entry<String, JsonNode> e : batch.entrySet()) {
            JsonNode b = e.getValue();
            JsonNode s = stream.get(e.getKey());
            for (String f : SAME) {
                assertEquals(braceless(b.get(f)), braceless(s.get(f)), e.getKey() + " " + f);
            }
            // what differs, and only so: key events are ranked by level, then by how rare their rule is
            // among the alerts grouped (the run's in the batch, the host's in the stream), so among
            // alerts of one level they may be others, and the summary names them
            assertEquals(b.get("key_events").size(), s.get("key_events").size(), e.getKey() + " key events");
            String bs = b.get("summary").asText();
            String ss = s.get("summary").asText();
            int cut = bs.indexOf(" Most telling: ");
            assertEquals(bs.substring(0, cut), ss.substring(0, Math.min(ss.length(), cut)), e.getKey() + " summary");
            assertEquals(levels(bs.substring(cut)), levels(ss.substring(cut)), e.getKey() + " levels of the most telling alerts");
            if (!b.get("key_events").equals(s.get("key_events"))) {
                reordered++;
            }
            // dwell: to the incident's last evidence (a stream has no end of the run to count to)
            assertEquals(s.get("dwell_days_to_last_evidence"), s.get("dwell_days"), e.getKey() + " dwell");
        }
        assertTrue(reordered <= batch.size() / 4, reordered + " of " + batch.size() + " incidents with other key events");
    }
}
