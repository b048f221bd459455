package org.gamekeeper.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.source.EvtxEvent;
import org.gamekeeper.engine.source.EvtxSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.evtx.render.JsonOut;

/**
 * Replays evidence files into a topic, one JSON event per record, keyed by host
 * ({@code Computer}). EVTX records are rendered in the evtx_dump shape (the shape the JSON source
 * reads back); JSON events go out as the text they were read from, unchanged. Each record says
 * where its event came from in the headers {@link #FILE} and {@link #LINE}, so alerts from the
 * stream name the same file and line as {@code hunt}'s. Damage is reported as problems, as in hunt.
 */
public final class Replay {

    /** Header: the evidence file as given. */
    public static final String FILE = "gamekeeper.file";
    /** Header: the 1-based line of a JSON event in its file (absent for EVTX). */
    public static final String LINE = "gamekeeper.line";

    /** What was sent. */
    public record Summary(long files, long events, long bytes) { }

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public Replay(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * Sends every event of {@code inputs} (EVTX and JSON; other kinds are skipped with a problem)
     * and waits until the broker has them all.
     *
     * @throws IllegalStateException when the broker refused a record (the first failure's reason)
     */
    public Summary send(List<InputFile> inputs, Consumer<Problem> problems) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong bytes = new AtomicLong();
        long[] counts = new long[2];
        JsonOut out = new JsonOut(8192);
        Consumer<Event> send = e -> {
            byte[] value;
            if (e instanceof EvtxEvent ev) {
                out.reset();
                ev.record().writeJson(out);
                value = Arrays.copyOf(out.array(), out.length());
            } else {
                value = JsonRecords.text(e);
                if (value == null) {
                    problems.accept(new Problem(e.file(), e.offset(), e.line(), "event without any string value; not replayed"));
                    return;
                }
            }
            RecordHeaders headers = new RecordHeaders();
            headers.add(FILE, e.file().getBytes(StandardCharsets.UTF_8));
            if (e.line() >= 0) {
                headers.add(LINE, Long.toString(e.line()).getBytes(StandardCharsets.US_ASCII));
            }
            String host = e.computer();
            byte[] key = host == null ? null : host.getBytes(StandardCharsets.UTF_8);
            counts[1]++;
            bytes.addAndGet(value.length);
            producer.send(new ProducerRecord<>(topic, null, key, value, headers), (meta, ex) -> {
                if (ex != null) {
                    failure.compareAndSet(null, ex);
                }
            });
        };
        for (InputFile in : inputs) {
            if (failure.get() != null) {
                break;
            }
            if (in.kind() == InputKind.EVTX) {
                new EvtxSource(false).read(in, send, problems);
            } else if (in.kind() == InputKind.JSON) {
                new JsonSource().read(in, send, problems);
            } else {
                problems.accept(new Problem(in.name(), -1, -1, "not replayed: " + in.kind() + " is not an event log"));
                continue;
            }
            counts[0]++;
        }
        producer.flush();
        if (failure.get() != null) {
            throw new IllegalStateException("the broker refused a record of topic " + topic + ": " + failure.get().getMessage(),
                failure.get());
        }
        return new Summary(counts[0], counts[1], bytes.get());
    }
}
