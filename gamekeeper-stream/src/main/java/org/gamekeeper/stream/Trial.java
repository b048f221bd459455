package org.gamekeeper.stream;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.Problem;

/**
 * {@code stream try}: an in-process KRaft node, the files replayed into an events topic, N
 * instances of the topology over it, and, once every event is consumed, the alerts as committed
 * on the alerts topic. Everything stops and the broker's folder is removed before it returns.
 */
public final class Trial {

    /** What the trial produced: each alert's JSON, and the counts. */
    public record Result(List<byte[]> alerts, long deadLetters, Replay.Summary replay) { }

    /** Correlation windows close after this long without candidates: the input has ended. */
    static final long IDLE_FLUSH_MILLIS = 2000;

    private Trial() {
    }

    /**
     * Runs the trial.
     *
     * @param partitions partitions of the events and alerts topics
     * @param timeout    how long the instances may take to consume the replayed events
     */
    public static Result run(List<InputFile> inputs, StreamDetector detector, int instances, int partitions,
                             Consumer<Problem> problems, Duration timeout) throws IOException, TimeoutException, InterruptedException {
        try (KraftBroker broker = KraftBroker.start()) {
            return run(broker, "gamekeeper", inputs, detector, instances, partitions, problems, timeout);
        }
    }

    /**
     * As {@link #run(List, StreamDetector, int, int, Consumer, Duration)} on a running broker, with
     * topics and application id named from {@code name} (each trial on one broker needs its own).
     */
    public static Result run(KraftBroker broker, String name, List<InputFile> inputs, StreamDetector detector, int instances,
                             int partitions, Consumer<Problem> problems, Duration timeout)
            throws TimeoutException, InterruptedException {
        var topics = new DetectionTopology.Topics(List.of(name + "-events"), name + "-alerts", name + "-dead-letters");
        broker.createTopics(Map.of(topics.inputs().get(0), partitions, topics.alerts(), partitions, topics.deadLetters(), 1));
        Properties config = DetectionTopology.config(name + "-try", broker.bootstrap(),
            Map.of(StreamsConfig.STATE_DIR_CONFIG, broker.dataFolder().resolve("streams").toString()));
        var settings = new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES,
            DetectionTopology.Settings.defaults().graceMillis(), IDLE_FLUSH_MILLIS);
        try (StreamInstances app = new StreamInstances(topics, () -> detector, config, settings)) {
            for (int i = 0; i < instances; i++) {
                app.start();
            }
            Replay.Summary sent;
            try (var producer = producer(broker.bootstrap())) {
                sent = new Replay(producer, topics.inputs().get(0)).send(inputs, problems);
            }
            app.awaitConsumed(timeout);
            if (!detector.correlations().isEmpty()) {
                // the end of the input: the correlation stage closes its windows once it has been
                // idle for IDLE_FLUSH_MILLIS; give it that and a commit
                Thread.sleep(3 * IDLE_FLUSH_MILLIS);
            }
            List<byte[]> alerts = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(broker.bootstrap(), topics.alerts(), timeout)) {
                alerts.add(r.value());
            }
            long dead = TopicReader.readAll(broker.bootstrap(), topics.deadLetters(), timeout).size();
            return new Result(alerts, dead, sent);
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
