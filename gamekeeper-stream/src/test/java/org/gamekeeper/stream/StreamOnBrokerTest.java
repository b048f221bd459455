package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.sigma.LoadOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.engine.Problem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The topology against a real Kafka node (KRaft, in this process, on loopback), one node for the
 * whole class: its alerts equal the batch hunt's on the same files and rules, with two instances
 * on four partitions, and still when an instance is killed mid-stream and another takes over.
 */
class StreamOnBrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static KraftBroker broker;
    static StreamDetector detector;
    static List<InputFile> inputs;
    static Map<String, Integer> batch;
    static int batchAlerts;

    @BeforeAll
    static void start() throws Exception {
        broker = KraftBroker.start();
        detector = Corpus.rules();
        inputs = Corpus.evidence();
        var alerts = Corpus.hunt(detector, inputs);
        batch = Corpus.keys(alerts);
        batchAlerts = alerts.size();
        assertTrue(batchAlerts > 20, "the sample should raise alerts: " + batchAlerts);
    }

    @AfterAll
    static void stop() {
        Path dir = broker.dataFolder();
        broker.close();
        assertFalse(Files.exists(dir), "the broker's temporary folder is removed");
    }

    @Test
    void twoInstancesOnFourPartitionsRaiseTheAlertsOfHuntOnTheSameFiles() throws Exception {
        List<Problem> problems = new ArrayList<>();
        Trial.Result r = Trial.run(broker, "try", inputs, detector, 2, 4, problems::add, Duration.ofMinutes(2));
        assertEquals(batch, Corpus.jsonKeys(r.alerts()));
        assertEquals(batchAlerts, r.alerts().size());
        assertEquals(0, r.deadLetters());
        assertTrue(r.replay().events() > 1000, "events replayed: " + r.replay().events());
        // the two instances share the four partitions, each some, and between them read every event once
        assertEquals(2, r.shares().size());
        assertEquals(List.of(0, 1, 2, 3), r.shares().stream().flatMap(sh -> sh.partitions().stream()).sorted().toList());
        assertTrue(r.shares().stream().allMatch(sh -> !sh.partitions().isEmpty()), "shares: " + r.shares());
        assertEquals(r.replay().events(), r.shares().stream().mapToLong(StreamInstances.Share::events).sum(), "shares: " + r.shares());
    }

    /** Shorter timeouts than the defaults, so a killed instance's partitions and transaction move on in seconds. */
    static Map<String, String> killConfig(String stateDir) {
        return Map.of(StreamsConfig.STATE_DIR_CONFIG, stateDir,
            StreamsConfig.consumerPrefix("session.timeout.ms"), "6000",
            StreamsConfig.consumerPrefix("heartbeat.interval.ms"), "1000",
            StreamsConfig.producerPrefix("transaction.timeout.ms"), "6000");
    }

    @Test
    void anInstanceKilledMidStreamLosesAndDuplicatesNoAlert() throws Exception {
        int passes = 4;
        String app = "kill-app";
        var topics = new DetectionTopology.Topics(List.of("kill-events"), "kill-alerts", "kill-dead-letters");
        broker.createTopics(Map.of("kill-events", 4, "kill-alerts", 4, "kill-dead-letters", 1));
        Path state = broker.dataFolder().resolve("kill-state");
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        Process child = child(said, broker.bootstrap(), app, state.resolve("child").toString(), "kill-events", "kill-alerts",
            "kill-dead-letters");
        try (var instances = new StreamInstances(topics, () -> detector,
                DetectionTopology.config(app, broker.bootstrap(), killConfig(state.resolve("parent").toString())),
                DetectionTopology.DEFAULT_MAX_EVENT_BYTES)) {
            assertEquals("started", said.poll(2, TimeUnit.MINUTES));
            instances.start();
            Thread replay = new Thread(() -> {
                try (var producer = Trial.producer(broker.bootstrap())) {
                    for (int i = 0; i < passes; i++) {
                        new Replay(producer, "kill-events").send(inputs, p -> { });
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            replay.start();
            assertEquals("busy", said.poll(2, TimeUnit.MINUTES), "the child processed events");
            child.destroyForcibly().waitFor();
            assertTrue(replay.isAlive(), "the instance was killed while events were still coming in");
            instances.start(); // the restart: a fresh instance joins and takes over with the survivor
            replay.join();
            instances.awaitConsumed(Duration.ofMinutes(3));
            assertEquals(List.of(), instances.failures());
        } finally {
            child.destroyForcibly();
        }
        List<byte[]> alerts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(broker.bootstrap(), "kill-alerts", Duration.ofMinutes(1))) {
            alerts.add(r.value());
        }
        Map<String, Integer> expected = new HashMap<>();
        batch.forEach((k, v) -> expected.put(k, v * passes));
        assertEquals(expected, Corpus.jsonKeys(alerts));
    }

    /** An instance in its own JVM ({@link ChildInstance} with {@code args}); what it prints goes to {@code said}. */
    static Process child(BlockingQueue<String> said, String... args) throws java.io.IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
            "-cp", classPath, "-Dgamekeeper.corpus=" + Corpus.root(), ChildInstance.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    said.add(line);
                }
            } catch (java.io.IOException gone) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /** rule id, time, level and the sorted event references: an alert, rule or correlation, as itself. */
    private static String alertKey(String ruleId, String time, String level, List<String> refs) {
        List<String> sorted = new ArrayList<>(refs);
        sorted.sort(null);
        return ruleId + " " + time + " " + level + " " + sorted;
    }

    private static Map<String, Integer> alertKeys(List<ConsumerRecord<byte[], byte[]>> records, boolean correlationsOnly)
            throws java.io.IOException {
        Map<String, Integer> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode n = JSON.readTree(r.value());
            if (correlationsOnly && !n.get("kind").asText().equals("correlation")) {
                continue;
            }
            List<String> refs = new ArrayList<>();
            n.get("event_refs").forEach(x -> refs.add(x.asText()));
            out.merge(alertKey(n.get("rule_id").asText(), n.get("timestamp").asText(), n.get("level").asText(), refs), 1, Integer::sum);
        }
        return out;
    }

    /**
     * The correlation state rebuilt after a crash: one instance (its own JVM) takes every task, the
     * corpus events arrive in time order in slices, and it is killed once a third of them are
     * processed, while correlation windows are open (their candidates are in its store: alerts
     * come whose events were committed on both sides of the kill); a new instance takes over, rebuilds the
     * correlation engines from the store's changelog and goes on. The committed alerts, rule and
     * correlation, equal the batch hunt's one for one: none lost, none duplicated.
     */
    @Test
    void correlationWindowsOpenAcrossAKillGiveTheBatchCorrelations() throws Exception {
        Path rules = Path.of(StreamOnBrokerTest.class.getResource("/correlations").toURI());
        StreamDetector corr = StreamDetector.load(List.of(rules), LoadOptions.defaults(), List.of());
        Map<String, Integer> expected = new HashMap<>();
        new Hunt(corr.index(), corr.correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                expected.merge(alertKey(a.ruleId(), Timeline.time(a.timestamp()), a.level().id(), a.eventRefs()), 1, Integer::sum);
            }

            @Override
            public void problem(Problem problem) {
            }
        });
        long batchCorrelations = expected.keySet().stream().filter(k -> k.startsWith("7d1c2b3a-0000-4000-8000-00000000001"))
            .mapToLong(expected::get).sum();
        assertTrue(batchCorrelations >= 10, "the sample should raise correlations: " + batchCorrelations);

        MockProducer<byte[], byte[]> once = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(once, "x").send(inputs, p -> { });
        List<ProducerRecord<byte[], byte[]>> records = Corpus.inTimeOrder(once.history());
        String app = "corr-kill-app";
        var topics = new DetectionTopology.Topics(List.of("corr-kill-events"), "corr-kill-alerts", "corr-kill-dead-letters");
        // one input partition, so candidates reach the correlation stage in the time order they were
        // sent: with several, the grace period must also cover how far apart in event time the
        // partitions are processed (years of evidence replayed at speed), which is not this test's subject
        broker.createTopics(Map.of("corr-kill-events", 1, "corr-kill-alerts", 2, "corr-kill-dead-letters", 1));
        Path state = broker.dataFolder().resolve("corr-kill-state");
        // the idle flush (the end of the input, as in stream try) must outlast the failover: after the
        // kill no candidate arrives for up to the session timeout plus the transaction timeout (6 s +
        // 6 s here); with 3 s the new instance's task closed its windows early, mid-stream
        long idle = 20_000;
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
        Process child = child(said, broker.bootstrap(), app, state.resolve("child").toString(), "corr-kill-events", "corr-kill-alerts",
            "corr-kill-dead-letters", rules.toString(), Long.toString(idle), Integer.toString(records.size() / 3));
        var settings = new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES,
            DetectionTopology.Settings.defaults().graceMillis(), idle);
        List<java.util.concurrent.Future<RecordMetadata>> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<TopicPartition, OffsetAndMetadata> committedAtKill;
        try (var instances = new StreamInstances(topics, () -> corr,
                DetectionTopology.config(app, broker.bootstrap(), killConfig(state.resolve("parent").toString())), settings)) {
            assertEquals("started", said.poll(2, TimeUnit.MINUTES));
            Thread replay = new Thread(() -> {
                try (var producer = Trial.producer(broker.bootstrap())) {
                    int slice = Math.max(1, records.size() / 120);
                    for (int i = 0; i < records.size(); i++) {
                        ProducerRecord<byte[], byte[]> r = records.get(i);
                        sent.add(producer.send(new ProducerRecord<>("corr-kill-events", null, r.key(), r.value(), r.headers())));
                        if (i % slice == slice - 1) {
                            producer.flush();
                            Thread.sleep(250); // far under the idle flush: the input has not ended
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            replay.start();
            assertEquals("busy", said.poll(2, TimeUnit.MINUTES), "the child processed a third of the events");
            child.destroyForcibly().waitFor();
            assertTrue(replay.isAlive(), "the instance was killed while events were still coming in");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                committedAtKill = admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get(1, TimeUnit.MINUTES);
            }
            instances.start(); // the restart: a fresh instance takes every task over
            replay.join();
            instances.awaitConsumed(Duration.ofMinutes(3));
            // the end of the input: windows close after the idle flush; wait until nothing more comes
            long last = -1;
            Thread.sleep(idle + 5000);
            for (int i = 0; i < 30; i++) {
                Thread.sleep(5000);
                long now = TopicReader.end(broker.bootstrap(), List.of("corr-kill-alerts"), Duration.ofMinutes(1));
                if (now == last) {
                    break;
                }
                last = now;
            }
            assertEquals(List.of(), instances.failures());
        } finally {
            child.destroyForcibly();
        }
        Map<String, Integer> stream = alertKeys(TopicReader.readAll(broker.bootstrap(), "corr-kill-alerts", Duration.ofMinutes(1)), false);
        // the events the killed instance had processed and committed; a correlation alert with
        // events on both sides of that line had its window open across the kill
        JsonRecords decoder = new JsonRecords(DetectionTopology.DEFAULT_MAX_EVENT_BYTES);
        java.util.Set<String> done = new java.util.HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            RecordMetadata m = sent.get(i).get();
            OffsetAndMetadata c = committedAtKill.get(new TopicPartition(m.topic(), m.partition()));
            if (c != null && m.offset() < c.offset()) {
                ProducerRecord<byte[], byte[]> r = records.get(i);
                String file = new String(r.headers().lastHeader(Replay.FILE).value(), StandardCharsets.UTF_8);
                var line = r.headers().lastHeader(Replay.LINE);
                done.add(decoder.decode(r.value(), file, line == null ? -1 : Long.parseLong(new String(line.value(),
                    StandardCharsets.UTF_8))).ref());
            }
        }
        assertTrue(!done.isEmpty() && done.size() < records.size(), "events committed before the kill: " + done.size());
        long spanning = 0;
        for (String k : stream.keySet()) {
            if (k.startsWith("7d1c2b3a-0000-4000-8000-00000000001")) {
                List<String> refs = List.of(k.substring(k.indexOf('[') + 1, k.length() - 1).split(", "));
                if (refs.stream().anyMatch(done::contains) && !done.containsAll(refs)) {
                    spanning++;
                }
            }
        }
        assertTrue(spanning > 0, "correlation alerts whose events span the kill: " + spanning);
        Map<String, Integer> diff = new HashMap<>(expected);
        stream.forEach((k, v) -> diff.merge(k, -v, Integer::sum));
        diff.values().removeIf(v -> v == 0);
        assertEquals(Map.of(), diff, "batch minus stream (positive: lost; negative: duplicated or extra)");
    }
}
