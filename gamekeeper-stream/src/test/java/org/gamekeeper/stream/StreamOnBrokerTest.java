package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.gamekeeper.engine.source.InputFile;
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
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
            "-cp", classPath, "-Dgamekeeper.corpus=" + Corpus.root(), ChildInstance.class.getName(),
            broker.bootstrap(), app, state.resolve("child").toString(), "kill-events", "kill-alerts", "kill-dead-letters")
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> said = new LinkedBlockingQueue<>();
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
}
