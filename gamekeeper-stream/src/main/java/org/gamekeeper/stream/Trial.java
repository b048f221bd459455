package org.gamekeeper.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.Problem;

/**
 * {@code stream try}: an in-process KRaft node, the files replayed into an events topic, N
 * instances of the topology over it, and, once every event is consumed, the alerts as committed
 * on the alerts topic. Everything stops and the broker's folder is removed before it returns.
 */
public final class Trial {

    /**
     * What the trial produced: each alert's JSON, the counts, and (when asked for) the incidents,
     * each in its latest version, in order of first evidence.
     */
    public record Result(List<byte[]> alerts, long deadLetters, Replay.Summary replay, List<byte[]> incidents,
                         List<StreamInstances.Share> shares) { }

    /** What the topology runs besides rule matching and correlations. */
    public record Stages(RarityStage rarity, boolean incidents) {
        public static Stages none() {
            return new Stages(null, false);
        }
    }

    /** Correlation windows close, and incidents are written, after this long without input: the input has ended. */
    static final long IDLE_FLUSH_MILLIS = 2000;

    private Trial() {
    }

    /**
     * Runs the trial.
     *
     * @param partitions partitions of the events and alerts topics
     * @param timeout    how long the instances may take to consume the replayed events
     */
    public static Result run(List<InputFile> inputs, StreamDetector detector, Stages stages, int instances, int partitions,
                             Consumer<Problem> problems, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        try (KraftBroker broker = KraftBroker.start()) {
            return run(broker, "gamekeeper", inputs, detector, stages, instances, partitions, problems, timeout);
        }
    }

    /** As {@link #run(KraftBroker, String, List, StreamDetector, Stages, int, int, Consumer, Duration)} with rules and correlations only. */
    public static Result run(KraftBroker broker, String name, List<InputFile> inputs, StreamDetector detector, int instances,
                             int partitions, Consumer<Problem> problems, Duration timeout) throws TimeoutException, InterruptedException {
        return run(broker, name, inputs, detector, Stages.none(), instances, partitions, problems, timeout);
    }

    /**
     * As {@link #run(List, StreamDetector, Stages, int, int, Consumer, Duration)} on a running broker, with
     * topics and application id named from {@code name} (each trial on one broker needs its own).
     */
    public static Result run(KraftBroker broker, String name, List<InputFile> inputs, StreamDetector detector, Stages stages,
                             int instances, int partitions, Consumer<Problem> problems, Duration timeout)
            throws TimeoutException, InterruptedException {
        var topics = new DetectionTopology.Topics(List.of(name + "-events"), name + "-alerts", name + "-dead-letters",
            stages.incidents() ? name + "-incidents" : null);
        Map<String, Integer> create = new HashMap<>(Map.of(topics.inputs().get(0), partitions, topics.alerts(), partitions,
            topics.deadLetters(), 1));
        if (topics.incidents() != null) {
            create.put(topics.incidents(), partitions);
        }
        broker.createTopics(create);
        Properties config = DetectionTopology.config(name + "-try", broker.bootstrap(),
            Map.of(StreamsConfig.STATE_DIR_CONFIG, broker.dataFolder().resolve("streams").toString()));
        var settings = new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES,
            DetectionTopology.Settings.defaults().graceMillis(), IDLE_FLUSH_MILLIS)
            .withRarity(stages.rarity()).withIncidents(IDLE_FLUSH_MILLIS, IncidentStage.DEFAULT_RETENTION_MILLIS);
        try (StreamInstances app = new StreamInstances(topics, () -> detector, config, settings)) {
            for (int i = 0; i < instances; i++) {
                app.start();
            }
            app.awaitAssigned(timeout);
            Replay.Summary sent;
            try (var producer = producer(broker.bootstrap())) {
                sent = new Replay(producer, topics.inputs().get(0)).send(inputs, problems);
            }
            app.awaitConsumed(timeout);
            List<StreamInstances.Share> shares = app.shares();
            if (!detector.correlations().isEmpty() || topics.incidents() != null) {
                // the end of the input: the correlation stage closes its windows once it has been
                // idle for IDLE_FLUSH_MILLIS, and the incidents of a host are written once it has been
                // quiet as long; wait until nothing more comes
                List<String> out = topics.incidents() == null ? List.of(topics.alerts()) : List.of(topics.alerts(), topics.incidents());
                long last = -1;
                Thread.sleep(2 * IDLE_FLUSH_MILLIS);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (true) {
                    long now = TopicReader.end(broker.bootstrap(), out, timeout);
                    if (now == last || System.nanoTime() > deadline) {
                        break;
                    }
                    last = now;
                    Thread.sleep(2 * IDLE_FLUSH_MILLIS);
                }
            }
            List<byte[]> alerts = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(broker.bootstrap(), topics.alerts(), timeout)) {
                alerts.add(r.value());
            }
            long dead = TopicReader.readAll(broker.bootstrap(), topics.deadLetters(), timeout).size();
            List<byte[]> incidents = topics.incidents() == null ? List.of()
                : IncidentVersions.latest(TopicReader.readAll(broker.bootstrap(), topics.incidents(), timeout));
            return new Result(alerts, dead, sent, incidents, shares);
        }
    }

    /** A producer for replay: idempotent, batched, compressed. */
    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 10,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
