package org.gamekeeper.stream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.hunt.Timeline;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.evtx.JsonOut;

/**
 * The detection topology:
 *
 * <pre>
 *  input topics ──▶ detect ──┬──▶ alerts topic        (JSON alert, key: host)
 *  (JSON events)             └──▶ dead-letter topic   (the record unchanged, key: as read,
 *                                                      headers gamekeeper.reason, gamekeeper.source)
 * </pre>
 *
 * <p>{@code detect} decodes each record with the engine's JSON parser and shapes
 * ({@link JsonRecords}), runs the rule index on it ({@link StreamDetector}) and forwards one
 * record per alert. Rule matching needs no state, so any partitioning of the input works and
 * instances share the partitions; alerts leave keyed by host, so downstream per-host state stays
 * in one partition. Exactly-once: the consumed offsets and the produced alerts and dead letters
 * commit in one transaction ({@code processing.guarantee=exactly_once_v2}).
 */
public final class DetectionTopology {

    /** Header on a dead letter: why it is one. */
    public static final String REASON = "gamekeeper.reason";
    /** Header on a dead letter: {@code topic/partition@offset} it was read from. */
    public static final String SOURCE = "gamekeeper.source";
    /** Records larger than this go to the dead-letter topic (real events are kilobytes). */
    public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;
    /** The metric group of our sensors in Kafka Streams' metrics (and JMX). */
    public static final String METRIC_SCOPE = "gamekeeper";

    /** The topics the topology reads and writes. */
    public record Topics(List<String> inputs, String alerts, String deadLetters) {
        public Topics {
            inputs = List.copyOf(inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("at least one input topic is needed");
            }
        }
    }

    private DetectionTopology() {
    }

    /**
     * The topology. {@code rules} is asked for the current detector on every record: a new one
     * (a rule reload) is taken up from the next record on, without a restart.
     */
    public static Topology build(Topics topics, Supplier<StreamDetector> rules, int maxEventBytes) {
        Topology t = new Topology();
        t.addSource("events", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
            topics.inputs().toArray(new String[0]));
        t.addProcessor("detect", () -> new Detect(rules, maxEventBytes), "events");
        t.addSink("alerts", topics.alerts(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "detect");
        t.addSink("dead-letters", topics.deadLetters(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(), "detect");
        return t;
    }

    /**
     * Kafka Streams settings for one instance: exactly-once, byte-array serdes, and then
     * {@code extra} (the user's client properties) over them.
     */
    public static Properties config(String applicationId, String bootstrap, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        // Bounded memory under a burst: the consumer fetches and buffers at most this much per
        // partition; the rest waits on the broker as lag.
        p.put(StreamsConfig.consumerPrefix("max.poll.records"), "2000");
        p.put(StreamsConfig.consumerPrefix("fetch.max.bytes"), Integer.toString(16 << 20));
        p.put(StreamsConfig.consumerPrefix("max.partition.fetch.bytes"), Integer.toString(2 << 20));
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, "2000");
        p.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "INFO");
        p.putAll(extra);
        return p;
    }

    /** Decodes, detects, forwards alerts and dead letters. One per stream task. */
    static final class Detect implements Processor<byte[], byte[], byte[], byte[]> {
        private final Supplier<StreamDetector> rules;
        private final JsonRecords decoder;
        private final JsonOut out = new JsonOut(4096);
        private ProcessorContext<byte[], byte[]> context;
        private StreamDetector detector;
        private StreamDetector.Detection detection;
        private Sensor events;
        private Sensor alerts;
        private Sensor deadLetters;
        private Sensor ruleTime;

        Detect(Supplier<StreamDetector> rules, int maxEventBytes) {
            this.rules = rules;
            this.decoder = new JsonRecords(maxEventBytes);
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
            var metrics = context.metrics();
            String task = context.taskId().toString();
            events = metrics.addRateTotalSensor(METRIC_SCOPE, task, "events", Sensor.RecordingLevel.INFO);
            alerts = metrics.addRateTotalSensor(METRIC_SCOPE, task, "alerts", Sensor.RecordingLevel.INFO);
            deadLetters = metrics.addRateTotalSensor(METRIC_SCOPE, task, "dead-letters", Sensor.RecordingLevel.INFO);
            ruleTime = metrics.addLatencyRateTotalSensor(METRIC_SCOPE, task, "rules", Sensor.RecordingLevel.INFO);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            events.record();
            StreamDetector current = rules.get();
            if (current != detector) {
                detector = current;
                detection = current.detection();
            }
            Headers headers = record.headers();
            String file = text(headers.lastHeader(Replay.FILE));
            long line = -1;
            Header lineHeader = headers.lastHeader(Replay.LINE);
            if (lineHeader != null) {
                try {
                    line = Long.parseLong(text(lineHeader));
                } catch (NumberFormatException bad) {
                    line = -1;
                }
            }
            RecordMetadata where = context.recordMetadata().orElse(null);
            if (file == null) {
                // live input: the place is the topic and partition, the line its offset
                file = where == null ? "kafka" : "kafka:" + where.topic() + "/" + where.partition();
                line = where == null ? -1 : where.offset();
            }
            Event e;
            try {
                e = decoder.decode(record.value(), file, line);
            } catch (JsonRecords.Rejected r) {
                deadLetters.record();
                RecordHeaders h = new RecordHeaders(headers.toArray());
                h.add(REASON, r.getMessage().getBytes(StandardCharsets.UTF_8));
                if (where != null) {
                    h.add(SOURCE, (where.topic() + "/" + where.partition() + "@" + where.offset()).getBytes(StandardCharsets.UTF_8));
                }
                context.forward(new Record<>(record.key(), record.value(), record.timestamp(), h), "dead-letters");
                return;
            }
            long start = System.nanoTime();
            List<Alert> found = detection.detect(e);
            ruleTime.record((double) (System.nanoTime() - start));
            for (Alert a : found) {
                alerts.record();
                out.reset();
                Timeline.json(a, out);
                byte[] value = java.util.Arrays.copyOf(out.array(), out.length());
                byte[] key = a.computer() == null ? null : a.computer().getBytes(StandardCharsets.UTF_8);
                context.forward(new Record<>(key, value, record.timestamp(), new RecordHeaders()), "alerts");
            }
        }

        private static String text(Header h) {
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }
}
