package org.gamekeeper.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationEngine;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.rule.SigmaCorrelation;

/**
 * The correlation stage: candidates (matches of rules that correlations refer to) arrive keyed by
 * correlation, so every candidate of one correlation meets in one task; there the engine's own
 * {@link CorrelationEngine} (one per correlation) puts them in event-time order within the grace
 * period and evaluates the windows, exactly as the batch hunt does.
 *
 * <p>State store: every candidate taken is kept in {@link #STORE} (changelogged, committed in the
 * same transaction as the alerts it led to). When a task starts (after a crash, or on another
 * instance) its engines are rebuilt by feeding them the stored candidates again in arrival order,
 * and the alerts of that rebuild are dropped: they were committed before. Candidates older than
 * the newest event time minus the grace period and the longest timespan cannot count in any
 * future window and are removed.
 *
 * <p>End of input: a window is closed when event time moves past it. With {@code idleFlushMillis}
 * set ({@code stream try}), a task that received nothing for that long closes all its windows, as
 * hunt does at the end of its files; candidates arriving after that count as late.
 */
final class CorrelationStage implements Processor<byte[], byte[], byte[], byte[]> {

    static final String STORE = "gamekeeper-correlation-candidates";
    private static final byte[] SEQ_KEY = {0};

    private final Supplier<StreamDetector> rules;
    private final long graceMillis;
    private final long idleFlushMillis;
    private final boolean incidents;
    private final JsonOut out = new JsonOut(2048);
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;
    private StreamDetector detector;
    private final Map<String, CorrelationEngine> engines = new HashMap<>();
    private long seq;
    private long maxMillis = Long.MIN_VALUE;
    private long lastRecordWall;
    private boolean open;
    private long sincePrune;

    CorrelationStage(Supplier<StreamDetector> rules, long graceMillis, long idleFlushMillis, boolean incidents) {
        this.rules = rules;
        this.incidents = incidents;
        this.graceMillis = graceMillis;
        this.idleFlushMillis = idleFlushMillis;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        this.detector = rules.get();
        this.lastRecordWall = context.currentSystemTimeMs();
        byte[] s = store.get(SEQ_KEY);
        seq = s == null ? 0 : ByteBuffer.wrap(s).getLong();
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<byte[], byte[]> kv = all.next();
                if (kv.key.length == 9) {
                    StreamDetector.Candidate c = CandidateCodec.read(kv.value);
                    if (c != null) {
                        feed(c);
                    }
                }
            }
        }
        engines.values().forEach(CorrelationEngine::drain); // committed before the restart
        if (idleFlushMillis > 0) {
            context.schedule(java.time.Duration.ofMillis(Math.min(1000, idleFlushMillis)), PunctuationType.WALL_CLOCK_TIME, now -> {
                if (open && now - lastRecordWall >= idleFlushMillis) {
                    engines.values().forEach(CorrelationEngine::flush);
                    emit(context.currentStreamTimeMs());
                    List<byte[]> keys = new ArrayList<>();
                    try (KeyValueIterator<byte[], byte[]> all = store.all()) {
                        all.forEachRemaining(kv -> keys.add(kv.key));
                    }
                    keys.forEach(k -> store.delete(k));
                    store.put(SEQ_KEY, ByteBuffer.allocate(8).putLong(seq).array());
                    engines.clear();
                    maxMillis = Long.MIN_VALUE;
                    open = false;
                }
            });
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        lastRecordWall = context.currentSystemTimeMs();
        StreamDetector.Candidate c = CandidateCodec.read(record.value());
        if (c == null) {
            return;
        }
        byte[] key = ByteBuffer.allocate(9).put((byte) 1).putLong(seq++).array();
        store.put(key, record.value());
        store.put(SEQ_KEY, ByteBuffer.allocate(8).putLong(seq).array());
        open = true;
        feed(c);
        emit(record.timestamp());
        if (++sincePrune >= 10_000) {
            sincePrune = 0;
            prune();
        }
    }

    private void feed(StreamDetector.Candidate c) {
        SigmaCorrelation corr = detector.correlation(c.correlation());
        CompiledRule rule = detector.rule(c.rule());
        if (corr == null || rule == null) {
            return; // the rule set changed since: its correlations start afresh
        }
        CorrelationEngine e = engines.computeIfAbsent(c.correlation(), k -> new CorrelationEngine(List.of(corr),
            new CorrelationLimits(graceMillis, CorrelationLimits.defaults().maxBytes(), CorrelationLimits.defaults().maxRefsPerAlert())));
        e.accept(rule, c, c);
        maxMillis = Math.max(maxMillis, c.millis());
    }

    /** Forwards the alerts of windows that closed: to the alerts topic, and with their identity fields to incidents. */
    private void emit(long timestamp) {
        for (CorrelationEngine e : engines.values()) {
            for (CorrelationAlert a : e.drain()) {
                Alert alert = detector.alert(a);
                context.forward(DetectionTopology.alert(alert, out, timestamp));
                if (incidents) {
                    context.forward(DetectionTopology.evidence(alert, timestamp));
                }
            }
        }
    }

    /** Drops stored candidates too old for any window still open. */
    private void prune() {
        long longest = 0;
        for (SigmaCorrelation c : detector.correlations()) {
            longest = Math.max(longest, c.timespanMillis());
        }
        long before = maxMillis - graceMillis - longest;
        List<byte[]> old = new ArrayList<>();
        try (KeyValueIterator<byte[], byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<byte[], byte[]> kv = all.next();
                if (kv.key.length == 9) {
                    StreamDetector.Candidate c = CandidateCodec.read(kv.value);
                    if (c == null || c.millis() < before) {
                        old.add(kv.key);
                    }
                }
            }
        }
        old.forEach(store::delete);
    }
}
