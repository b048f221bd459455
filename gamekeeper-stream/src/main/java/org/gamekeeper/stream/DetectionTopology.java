package org.gamekeeper.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.Stores;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.evtx.render.JsonOut;

/**
 * The detection topology:
 *
 * <pre>
 *  input topics ──▶ detect ──┬──────────────────────────────────────────▶ alerts topic (JSON alert, key: host)
 *  (JSON events)             ├──▶ dead-letter topic (the record unchanged, headers gamekeeper.reason, .source)
 *                            └──▶ repartition by correlation ──▶ correlate ──▶ alerts topic
 *                                 (candidates: matches of rules   [state store: candidates,
 *                                  that correlations refer to)     engines rebuilt on restart]
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
     * How the topology treats its input.
     *
     * @param maxEventBytes   larger records are dead letters
     * @param graceMillis     how late (in event time) a correlation candidate may arrive and still be put in order
     * @param idleFlushMillis close every correlation window when no candidate came for this long (0: never; end of input)
     */
    public record Settings(int maxEventBytes, long graceMillis, long idleFlushMillis) {
        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_EVENT_BYTES, 5 * 60_000L, 0);
        }
    }

    /** As {@link #build(Topics, Supplier, Settings)} with the default grace period and no idle flush. */
    public static Topology build(Topics topics, Supplier<StreamDetector> rules, int maxEventBytes) {
        Settings d = Settings.defaults();
        return build(topics, rules, new Settings(maxEventBytes, d.graceMillis(), d.idleFlushMillis()));
    }

    /**
     * The topology. {@code rules} is asked for the current detector on every record: a new one
     * (a rule reload) is taken up from the next record on, without a restart. The correlation
     * stage exists when the rule set at build time has correlations; it keeps the correlations of
     * the set its task started with.
     */
    public static Topology build(Topics topics, Supplier<StreamDetector> rules, Settings settings) {
        StreamsBuilder b = new StreamsBuilder();
        var bytes = Serdes.ByteArray();
        KStream<byte[], byte[]> detected = b.stream(topics.inputs(), Consumed.with(bytes, bytes).withName("events"))
            .process(() -> new Detect(rules, settings.maxEventBytes()), Named.as("detect"));
        var branches = detected.split(Named.as("kind-"))
            .branch((k, v) -> v[0] == ALERT, Branched.as("alerts"))
            .branch((k, v) -> v[0] == DEAD, Branched.as("dead-letters"))
            .defaultBranch(Branched.as("candidates"));
        Produced<byte[], byte[]> out = Produced.with(bytes, bytes);
        branches.get("kind-alerts").mapValues(DetectionTopology::untag, Named.as("alert")).to(topics.alerts(), out);
        branches.get("kind-dead-letters").mapValues(DetectionTopology::untag, Named.as("dead-letter")).to(topics.deadLetters(), out);
        if (!rules.get().correlations().isEmpty()) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CorrelationStage.STORE), bytes, bytes));
            branches.get("kind-candidates").mapValues(DetectionTopology::untag, Named.as("candidate"))
                .repartition(Repartitioned.with(bytes, bytes).withName("correlation-candidates"))
                .process(() -> new CorrelationStage(rules, settings.graceMillis(), settings.idleFlushMillis()), Named.as("correlate"),
                    CorrelationStage.STORE)
                .to(topics.alerts(), out);
        }
        return b.build();
    }

    private static final byte ALERT = 'A';
    private static final byte DEAD = 'D';
    private static final byte CANDIDATE = 'C';

    private static byte[] tag(byte kind, byte[] value, int length) {
        byte[] v = new byte[length + 1];
        v[0] = kind;
        System.arraycopy(value, 0, v, 1, length);
        return v;
    }

    private static byte[] untag(byte[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
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
                byte[] v = record.value() == null ? new byte[0] : record.value();
                context.forward(new Record<>(record.key(), tag(DEAD, v, v.length), record.timestamp(), h));
                return;
            }
            long start = System.nanoTime();
            List<Alert> found = detection.detect(e);
            ruleTime.record((double) (System.nanoTime() - start));
            for (Alert a : found) {
                alerts.record();
                out.reset();
                Timeline.json(a, out);
                byte[] key = a.computer() == null ? null : a.computer().getBytes(StandardCharsets.UTF_8);
                context.forward(new Record<>(key, tag(ALERT, out.array(), out.length()), record.timestamp(), new RecordHeaders()));
            }
            for (StreamDetector.Candidate c : detection.candidates()) {
                byte[] value = CandidateCodec.write(c, out);
                context.forward(new Record<>(c.correlation().getBytes(StandardCharsets.UTF_8), tag(CANDIDATE, value, value.length),
                    record.timestamp(), new RecordHeaders()));
            }
        }

        private static String text(Header h) {
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }
}
