package org.gamekeeper.stream;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.gamekeeper.engine.baseline.RarityStage;

/**
 * The rarity stage's ordered step in the stream: findings arrive keyed by host, so every finding
 * of one host meets in one task, in the order of its events; the first of each host and behaviour
 * goes on (as {@link RarityStage#admit} in {@code hunt}), later ones do not. What went on is
 * remembered in {@link #STORE} (its {@link RarityStage#admission} key), changelogged and committed
 * with the alert, so a restart neither repeats nor loses one.
 *
 * <p>Input: {@link DetectionTopology#parts} of admission key, alert key, alert JSON, and (with
 * incidents) evidence key and evidence JSON.
 */
final class RarityAdmission implements Processor<byte[], byte[], byte[], byte[]> {

    static final String STORE = "gamekeeper-rarity-admitted";
    private static final byte[] SEEN = {1};

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<byte[], byte[]> store;

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        byte[][] p = record.value() == null ? null : DetectionTopology.parts(record.value(), 5);
        if (p == null || p[0] == null || p[2] == null) {
            return; // not ours: the internal topic is written by this topology only
        }
        if (store.get(p[0]) != null) {
            return;
        }
        store.put(p[0], SEEN);
        context.forward(new Record<>(p[1], DetectionTopology.tag(DetectionTopology.ALERT, p[2], p[2].length), record.timestamp(),
            new RecordHeaders()));
        if (p[4] != null) {
            context.forward(new Record<>(p[3], DetectionTopology.tag(DetectionTopology.EVIDENCE, p[4], p[4].length), record.timestamp(),
                new RecordHeaders()));
        }
    }
}
