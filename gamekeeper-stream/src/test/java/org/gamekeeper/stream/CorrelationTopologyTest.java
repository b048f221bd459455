package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.sigma.LoadOptions;
import org.junit.jupiter.api.Test;

/**
 * Correlations in the stream give the batch hunt's results on the same events, when the events
 * arrive shuffled within the grace period (state store, event-time windows, idle flush at the end).
 */
class CorrelationTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GRACE = 5 * 60_000L;

    /** rule id, time, level and the sorted event references: what makes a correlation alert itself. */
    private static String key(String ruleId, String time, String level, List<String> refs) {
        List<String> sorted = new ArrayList<>(refs);
        sorted.sort(null);
        return ruleId + " " + time + " " + level + " " + sorted;
    }

    @Test
    void shuffledWithinTheGracePeriodTheStreamRaisesTheBatchCorrelations() throws Exception {
        Path rules = Path.of(CorrelationTopologyTest.class.getResource("/correlations").toURI());
        StreamDetector detector = StreamDetector.load(List.of(rules), LoadOptions.defaults(), List.of());
        assertEquals(3, detector.correlations().size());
        List<InputFile> inputs = Corpus.evidence();

        Map<String, Integer> batch = new HashMap<>();
        new Hunt(detector.index(), detector.correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                batch.merge(key(a.ruleId(), org.gamekeeper.engine.output.Timeline.time(a.timestamp()), a.level().id(), a.eventRefs()), 1,
                    Integer::sum);
            }

            @Override
            public void problem(Problem problem) {
            }
        });
        assertTrue(batch.size() >= 10, "the sample should raise correlations: " + batch.size());
        for (String id : List.of("011", "012", "013")) {
            assertTrue(batch.keySet().stream().anyMatch(k -> k.startsWith("7d1c2b3a-0000-4000-8000-000000000" + id)), id);
        }

        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(producer, "events").send(inputs, p -> { });
        // each event time moved by up to half the grace period, then sent in that order; events of
        // one time move together, so ties (which event time cannot order) keep the files' order
        Random random = new Random(24);
        Map<Long, Long> moved = new HashMap<>();
        JsonRecords decoder = new JsonRecords(DetectionTopology.DEFAULT_MAX_EVENT_BYTES);
        List<Object[]> shuffled = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            long t = decoder.decode(r.value(), "x", -1).timestampMillis();
            long to = moved.computeIfAbsent(t, k -> k + (long) (random.nextDouble() * GRACE / 2));
            shuffled.add(new Object[] {to, r});
        }
        shuffled.sort(Comparator.comparingLong(o -> (Long) o[0]));

        var topics = new DetectionTopology.Topics(List.of("events"), "alerts", "dead");
        Map<String, Integer> stream = new HashMap<>();
        try (var driver = new TopologyTestDriver(DetectionTopology.build(topics, () -> detector,
                new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES, GRACE, 1000)),
                DetectionTopology.config("corr", "unused:9092", Map.of()))) {
            var in = driver.createInputTopic("events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            for (Object[] o : shuffled) {
                @SuppressWarnings("unchecked")
                ProducerRecord<byte[], byte[]> r = (ProducerRecord<byte[], byte[]>) o[1];
                in.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers()));
            }
            driver.advanceWallClockTime(Duration.ofSeconds(5));
            var out = driver.createOutputTopic("alerts", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
            for (var r : out.readRecordsToList()) {
                JsonNode n = JSON.readTree(r.value());
                List<String> refs = new ArrayList<>();
                n.get("event_refs").forEach(x -> refs.add(x.asText()));
                assertEquals("correlation", n.get("kind").asText());
                stream.merge(key(n.get("rule_id").asText(), n.get("timestamp").asText(), n.get("level").asText(), refs), 1, Integer::sum);
            }
            assertTrue(driver.createOutputTopic("dead", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()).isEmpty());
        }
        Map<String, Integer> missing = new HashMap<>(batch);
        stream.forEach((k, v) -> missing.merge(k, -v, Integer::sum));
        missing.values().removeIf(v -> v == 0);
        long displaced = 0;
        for (int i = 1; i < shuffled.size(); i++) {
            @SuppressWarnings("unchecked")
            var a = (ProducerRecord<byte[], byte[]>) shuffled.get(i - 1)[1];
            @SuppressWarnings("unchecked")
            var b = (ProducerRecord<byte[], byte[]>) shuffled.get(i)[1];
            if (decoder.decode(a.value(), "x", -1).timestampMillis() > decoder.decode(b.value(), "x", -1).timestampMillis()) {
                displaced++;
            }
        }
        assertTrue(displaced > shuffled.size() / 10, "the events arrive out of event-time order: " + displaced);
        assertEquals(Map.of(), missing, "batch minus stream (of " + batch.size() + " batch and " + stream.size() + " stream alerts)");
        assertTrue(new String(producer.history().get(0).headers().lastHeader(Replay.FILE).value(), StandardCharsets.UTF_8).length() > 0);
    }
}
