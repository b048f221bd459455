package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.baseline.Learner;
import org.gamekeeper.engine.baseline.LotlTools;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.baseline.Tallies;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.evtx.render.JsonOut;
import org.junit.jupiter.api.Test;

/**
 * Rarity in the stream (against a baseline: judged in detect, one finding per host and behaviour
 * admitted on a store keyed by host) gives the batch hunt's alerts with the same baseline, alert
 * for alert, on corpus events in the files' order: rule, event, level, kind and what rarity says
 * (the other details are compared by the tests of rule alerts: EVTX replayed as JSON keeps a
 * value's trailing blanks, which the EVTX reader trims).
 */
class RarityTopologyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** rule, event, level, kind, and the rarity explanation, host and behaviour (null when absent). */
    private static String key(byte[] alert) throws IOException {
        JsonNode n = JSON.readTree(alert);
        JsonNode d = n.path("details");
        return n.get("rule_id").asText() + " " + n.get("event_refs").get(0).asText() + " " + n.get("level").asText() + " "
            + n.get("kind").asText() + " " + d.path("rarity").asText(null) + " " + d.path("host").asText(null) + " "
            + d.path("behaviour").asText(null);
    }

    @Test
    void againstABaselineTheStreamRaisesTheAlertsOfHuntWithThatBaseline() throws Exception {
        StreamDetector detector = Corpus.rules();
        List<InputFile> inputs = Corpus.evidence();
        // the baseline: one OTRF recording, so the other evidence shows behaviours it never saw
        List<InputFile> learned = Inputs.expand(List.of(Corpus.root()
            .resolve("json-logs/otrf/defense_evasion/host/cmd_bitsadmin_download_psh_script.zip").toString()), p -> { });
        Learner learner = new Learner(LotlTools.builtin(), new Tallies());
        learner.read(learned, p -> { });
        Tallies baseline = learner.tallies();
        assertTrue(learner.observations() > 10, "the baseline learned something: " + learner.observations());

        Map<String, Integer> batch = new HashMap<>();
        JsonOut out = new JsonOut(4096);
        new Hunt(detector.index(), List.of(), Hunt.Settings.defaults(2), null, RarityStage.againstBaseline(baseline, LotlTools.builtin()))
            .run(inputs, new Hunt.Sink() {
                @Override
                public void alert(Alert a) {
                    try {
                    out.reset();
                    Timeline.json(a, out);
                    batch.merge(key(Arrays.copyOf(out.array(), out.length())), 1, Integer::sum);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public void problem(Problem problem) {
                }
            });
        long rarity = batch.keySet().stream().filter(k -> k.contains(" rarity ")).count();
        long raised = batch.keySet().stream().filter(k -> k.contains(" rule ") && !k.endsWith(" null null null")).count();
        assertTrue(rarity >= 5, "the sample should give rarity findings: " + rarity);
        assertTrue(raised >= 1, "and raise rule alerts: " + raised);

        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(producer, "events").send(inputs, p -> { });
        var topics = new DetectionTopology.Topics(List.of("events"), "alerts", "dead");
        var settings = DetectionTopology.Settings.defaults().withRarity(RarityStage.againstBaseline(baseline, LotlTools.builtin()));
        Map<String, Integer> stream = new HashMap<>();
        try (var driver = new TopologyTestDriver(DetectionTopology.build(topics, () -> detector, settings),
                DetectionTopology.config("rarity", "unused:9092", Map.of()))) {
            var in = driver.createInputTopic("events", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
            for (ProducerRecord<byte[], byte[]> r : producer.history()) {
                in.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers()));
            }
            for (var r : driver.createOutputTopic("alerts", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer())
                    .readRecordsToList()) {
                stream.merge(key(r.value()), 1, Integer::sum);
            }
        }
        // findings before admission: more than the batch let through, so admission had work to do
        RarityStage unadmitted = RarityStage.againstBaseline(baseline, LotlTools.builtin());
        long[] all = {0};
        Sources.plain().readAll(inputs, e -> all[0] += unadmitted.accept(e, List.of()).size(), p -> { });
        assertTrue(all[0] > rarity, "repeated findings (" + all[0] + ") beyond those admitted (" + rarity + ")");
        Map<String, Integer> missing = new HashMap<>(batch);
        stream.forEach((k, v) -> missing.merge(k, -v, Integer::sum));
        missing.values().removeIf(v -> v == 0);
        assertEquals(Map.of(), missing, "batch minus stream (" + batch.size() + " distinct batch alerts, " + rarity + " rarity)");
    }
}
