package org.gamekeeper.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
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
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.report.AlertJson;

/**
 * The detection topology:
 *
 * <pre>
 *  input topics ──▶ detect ──┬─────────────────────────────────────────────────────────┬─▶ alerts topic (JSON alert, key: host)
 *  (JSON events)             ├──▶ dead-letter topic (the record unchanged, headers     │
 *                            │    gamekeeper.reason, gamekeeper.source)                │
 *                            ├──▶ repartition by correlation ──▶ correlate ────────────┤
 *                            │    (candidates)                   [store: candidates]   │
 *                            ├──▶ repartition by host ──▶ admit ───────────────────────┤
 *                            │    (rarity findings)       [store: admitted keys]       │
 *                            └─ every alert, with its identity fields ─────────────────┴─▶ repartition by host ──▶ incidents ──▶ incidents topic
 *                                                                                             [store: the host's alerts,   (key: incident id,
 *                                                                                              incidents emitted]           latest version)
 * </pre>
 *
 * <p>{@code detect} decodes each record with the engine's JSON parser and shapes
 * ({@link JsonRecords}), runs the rule index on it ({@link StreamDetector}) and, with a baseline,
 * the rarity stage's judgement ({@link RarityStage#observe}, {@link RarityStage#pass}), and forwards one
 * record per alert. Rule matching and judging against a baseline need no state, so any
 * partitioning of the input works and instances share the partitions; alerts leave keyed by host.
 * What needs state is keyed so that the state stays in one task: correlation candidates by
 * correlation ({@link CorrelationStage}), rarity findings by host ({@link RarityAdmission}: one per
 * host and behaviour), alerts for incidents by host ({@link IncidentStage}; incidents never span
 * hosts). Exactly-once: the consumed offsets, the produced records and the stores' changelogs
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

    /** The sum of one of our sensors' metrics (e.g. {@code events-total}) over every task of an instance. */
    static double total(Map<MetricName, ? extends Metric> metrics, String name) {
        double sum = 0;
        for (var e : metrics.entrySet()) {
            if (e.getKey().group().contains(METRIC_SCOPE) && e.getKey().name().equals(name)
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sum += n.doubleValue();
            }
        }
        return sum;
    }

    /** The topics the topology reads and writes; {@code incidents} null: no incidents. */
    public record Topics(List<String> inputs, String alerts, String deadLetters, String incidents) {
        public Topics {
            inputs = List.copyOf(inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("at least one input topic is needed");
            }
        }

        /** Without an incidents topic. */
        public Topics(List<String> inputs, String alerts, String deadLetters) {
            this(inputs, alerts, deadLetters, null);
        }
    }

    private DetectionTopology() {
    }

    /**
     * How the topology treats its input.
     *
     * @param maxEventBytes           larger records are dead letters
     * @param graceMillis             how late (in event time) a correlation candidate may arrive and still be put in order
     * @param idleFlushMillis         close every correlation window when no candidate came for this long (0: never; end of input)
     * @param rarity                  the rarity stage, against a baseline (null: none); see {@link RarityAdmission}
     * @param incidentQuietMillis     a host's incidents are (re-)emitted once no alert came for it for this long (wall clock)
     * @param incidentRetentionMillis an incident whose last evidence is this much older than its host's newest alert is final:
     *                                its alerts leave the store and later alerts start new incidents
     */
    public record Settings(int maxEventBytes, long graceMillis, long idleFlushMillis, RarityStage rarity, long incidentQuietMillis,
                           long incidentRetentionMillis) {
        public Settings {
            if (rarity != null && !rarity.hasBaseline()) {
                throw new IllegalArgumentException("the stream judges rarity against a baseline only (a stream has no end to stack within)");
            }
        }

        /** No rarity, incidents with their default timing. */
        public Settings(int maxEventBytes, long graceMillis, long idleFlushMillis) {
            this(maxEventBytes, graceMillis, idleFlushMillis, null, IncidentStage.DEFAULT_QUIET_MILLIS, IncidentStage.DEFAULT_RETENTION_MILLIS);
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_MAX_EVENT_BYTES, 5 * 60_000L, 0);
        }

        /** These settings with the rarity stage {@code r} (against a baseline; null: none). */
        public Settings withRarity(RarityStage r) {
            return new Settings(maxEventBytes, graceMillis, idleFlushMillis, r, incidentQuietMillis, incidentRetentionMillis);
        }

        /** These settings with other incident timing. */
        public Settings withIncidents(long quietMillis, long retentionMillis) {
            return new Settings(maxEventBytes, graceMillis, idleFlushMillis, rarity, quietMillis, retentionMillis);
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
        boolean incidents = topics.incidents() != null;
        KStream<byte[], byte[]> detected = b.stream(topics.inputs(), Consumed.with(bytes, bytes).withName("events"))
            .process(() -> new Detect(rules, settings, incidents), Named.as("detect"));
        Produced<byte[], byte[]> out = Produced.with(bytes, bytes);
        detected.filter((k, v) -> v[0] == DEAD, Named.as("dead-letters")).mapValues(DetectionTopology::untag, Named.as("dead-letter"))
            .to(topics.deadLetters(), out);
        KStream<byte[], byte[]> results = detected.filter((k, v) -> v[0] == ALERT || v[0] == EVIDENCE, Named.as("alerts"));
        if (!rules.get().correlations().isEmpty()) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CorrelationStage.STORE), bytes, bytes));
            results = results.merge(detected.filter((k, v) -> v[0] == CANDIDATE, Named.as("candidates"))
                .mapValues(DetectionTopology::untag, Named.as("candidate"))
                .repartition(Repartitioned.with(bytes, bytes).withName("correlation-candidates"))
                .process(() -> new CorrelationStage(rules, settings.graceMillis(), settings.idleFlushMillis(), incidents),
                    Named.as("correlate"), CorrelationStage.STORE), Named.as("with-correlations"));
        }
        if (settings.rarity() != null) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RarityAdmission.STORE), bytes, bytes));
            results = results.merge(detected.filter((k, v) -> v[0] == RARITY, Named.as("rarity-findings"))
                .mapValues(DetectionTopology::untag, Named.as("rarity-finding"))
                .repartition(Repartitioned.with(bytes, bytes).withName("rarity-findings"))
                .process(RarityAdmission::new, Named.as("admit"), RarityAdmission.STORE), Named.as("with-rarity"));
        }
        results.filter((k, v) -> v[0] == ALERT, Named.as("alerts-only")).mapValues(DetectionTopology::untag, Named.as("alert"))
            .to(topics.alerts(), out);
        if (incidents) {
            b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IncidentStage.STORE), bytes, bytes));
            results.filter((k, v) -> v[0] == EVIDENCE, Named.as("evidence")).mapValues(DetectionTopology::untag, Named.as("alert-evidence"))
                .repartition(Repartitioned.with(bytes, bytes).withName("incident-alerts"))
                .process(() -> new IncidentStage(settings.incidentQuietMillis(), settings.incidentRetentionMillis(),
                    IncidentStage.DEFAULT_MAX_ALERTS_PER_HOST), Named.as("incidents"), IncidentStage.STORE)
                .to(topics.incidents(), out);
        }
        return b.build();
    }

    /** Kinds of record between the processors (the first byte of the value). */
    static final byte ALERT = 'A';
    static final byte DEAD = 'D';
    static final byte CANDIDATE = 'C';
    static final byte RARITY = 'R';
    static final byte EVIDENCE = 'E';

    static byte[] tag(byte kind, byte[] value, int length) {
        byte[] v = new byte[length + 1];
        v[0] = kind;
        System.arraycopy(value, 0, v, 1, length);
        return v;
    }

    private static byte[] untag(byte[] v) {
        return Arrays.copyOfRange(v, 1, v.length);
    }

    /** Several byte strings as one value: each as its length (4 bytes) and its bytes. */
    static byte[] parts(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += 4 + (p == null ? 0 : p.length);
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.putInt(p == null ? -1 : p.length);
            if (p != null) {
                b.put(p);
            }
        }
        return b.array();
    }

    /** What {@link #parts} wrote; null when {@code v} is not that (a foreign record on an internal topic). */
    static byte[][] parts(byte[] v, int count) {
        byte[][] out = new byte[count][];
        ByteBuffer b = ByteBuffer.wrap(v);
        for (int i = 0; i < count; i++) {
            if (b.remaining() < 4) {
                return null;
            }
            int n = b.getInt();
            if (n > b.remaining() || n < -1) {
                return null;
            }
            if (n >= 0) {
                out[i] = new byte[n];
                b.get(out[i]);
            }
        }
        return out;
    }

    /** An alert as it goes to the incidents stage: keyed by the host it is grouped on, with its identity fields. */
    static Record<byte[], byte[]> evidence(Alert a, long timestamp) {
        AlertEvidence ae = AlertEvidence.of(a);
        String host = IncidentGrouping.host(ae);
        byte[] v = AlertJson.evidence(ae);
        return new Record<>(host == null ? new byte[0] : host.getBytes(StandardCharsets.UTF_8), tag(EVIDENCE, v, v.length), timestamp,
            new RecordHeaders());
    }

    /** An alert as it goes to the alerts topic, keyed by its host. */
    static Record<byte[], byte[]> alert(Alert a, JsonOut out, long timestamp) {
        out.reset();
        Timeline.json(a, out);
        return new Record<>(key(a), tag(ALERT, out.array(), out.length()), timestamp, new RecordHeaders());
    }

    static byte[] key(Alert a) {
        return a.computer() == null ? null : a.computer().getBytes(StandardCharsets.UTF_8);
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

    /** Decodes, detects, judges rarity; forwards alerts, dead letters, candidates, findings and evidence. One per stream task. */
    static final class Detect implements Processor<byte[], byte[], byte[], byte[]> {
        private final Supplier<StreamDetector> rules;
        private final RarityStage rarity;
        private final boolean incidents;
        private final JsonRecords decoder;
        private final JsonOut out = new JsonOut(4096);
        private ProcessorContext<byte[], byte[]> context;
        private StreamDetector detector;
        private StreamDetector.Detection detection;
        private Sensor events;
        private Sensor alerts;
        private Sensor deadLetters;
        private Sensor ruleTime;

        Detect(Supplier<StreamDetector> rules, Settings settings, boolean incidents) {
            this.rules = rules;
            this.rarity = settings.rarity();
            this.incidents = incidents;
            this.decoder = new JsonRecords(settings.maxEventBytes());
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
            if (rarity != null) {
                // against a baseline the judgement needs no state: it is made here, on any partition;
                // keeping one finding per host and behaviour is the admit stage's, keyed by host
                RarityStage.Observed o = rarity.observe(e, found.isEmpty() ? List.of() : List.copyOf(found));
                if (o != null) {
                    found = rarity.pass(o);
                }
            }
            long ts = record.timestamp();
            for (Alert a : found) {
                alerts.record();
                String admission = RarityStage.admission(a);
                if (admission != null) {
                    out.reset();
                    Timeline.json(a, out);
                    AlertEvidence ae = incidents ? AlertEvidence.of(a) : null;
                    String host = ae == null ? null : IncidentGrouping.host(ae);
                    byte[] v = parts(admission.getBytes(StandardCharsets.UTF_8), key(a), Arrays.copyOf(out.array(), out.length()),
                        ae == null ? null : host == null ? new byte[0] : host.getBytes(StandardCharsets.UTF_8),
                        ae == null ? null : AlertJson.evidence(ae));
                    String by = a.details().get("host");
                    context.forward(new Record<>((by == null ? "" : by).getBytes(StandardCharsets.UTF_8), tag(RARITY, v, v.length), ts,
                        new RecordHeaders()));
                    continue;
                }
                context.forward(alert(a, out, ts));
                if (incidents) {
                    context.forward(evidence(a, ts));
                }
            }
            for (StreamDetector.Candidate c : detection.candidates()) {
                byte[] value = CandidateCodec.write(c, out);
                context.forward(new Record<>(c.correlation().getBytes(StandardCharsets.UTF_8), tag(CANDIDATE, value, value.length),
                    ts, new RecordHeaders()));
            }
        }

        private static String text(Header h) {
            return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }
}
