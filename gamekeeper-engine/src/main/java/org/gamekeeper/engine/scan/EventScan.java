package org.gamekeeper.engine.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.batch.OrderedBatches;
import org.gamekeeper.engine.batch.StreamedInput;
import org.gamekeeper.engine.source.EventSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Sources;

/**
 * Every event of the inputs through a {@link Visitor} on worker threads, results handed to the
 * {@link Sink} on the calling thread in input order: {@code search} and {@code summary} on the
 * same scheduler ({@link OrderedBatches}) and sources as {@code hunt} and {@code dump} (EVTX
 * chunk by chunk, JSON in batches read on reader threads). Memory is bounded by the work in
 * flight.
 *
 * @param <R> what the visitor makes of an event
 */
public final class EventScan<R> {

    /** Called on worker threads, concurrently: must keep no shared mutable state. */
    @FunctionalInterface
    public interface Visitor<R> {
        void visit(Event event, List<R> out);
    }

    /** Called on the thread that runs the scan, in input order. */
    public interface Sink<R> {
        void result(R r);

        void problem(Problem p);

        /** Bytes of input done so far, for a progress bar. */
        default void progress(long bytes) {
        }
    }

    /** What was read. */
    public record Totals(long files, long events, long problems) { }

    private static final int STREAM_BATCHES_AHEAD = 24;

    private final int threads;
    private final Sources sources;

    public EventScan(int threads, boolean carve) {
        this.threads = Math.max(1, threads);
        this.sources = new Sources(carve, null);
    }

    private record Batch<R>(List<R> results, long events, List<Problem> problems, long bytes) { }

    public Totals run(List<InputFile> inputs, Visitor<R> visitor, Sink<R> sink) throws InterruptedException {
        long[] totals = new long[4]; // files, events, problems, bytes
        try (OrderedBatches<Batch<R>> batches = new OrderedBatches<>("scan", threads, Math.max(8, threads * 16),
                b -> take(b, sink, totals))) {
            for (InputFile in : inputs) {
                EventSource source = sources.of(in.kind());
                if (source == null) {
                    continue; // kinds that carry no events are the caller's to report
                }
                if (add(batches, in, source, visitor)) {
                    totals[0]++;
                }
            }
            batches.finish();
        } catch (IOException e) {
            throw new IllegalStateException("taking a scan's results cannot fail on I/O", e);
        }
        return new Totals(totals[0], totals[1], totals[2]);
    }

    /** Adds the work of one input; false when it cannot be opened at all (reported as a problem, not counted as read). */
    private boolean add(OrderedBatches<Batch<R>> batches, InputFile in, EventSource source, Visitor<R> visitor)
            throws IOException, InterruptedException {
        EventSource.Pieces pieces;
        try {
            pieces = source.pieces(in);
        } catch (IOException e) {
            batches.done(new Batch<>(List.of(), 0, List.of(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage())), 0));
            return false;
        }
        if (pieces == null) {
            batches.stream(Math.max(3, STREAM_BATCHES_AHEAD / (threads + 1)), threads, out -> stream(in, source, visitor, out));
            return true;
        }
        if (pieces.count() == 0) {
            batches.submit(1, () -> new Batch<>(List.of(), 0, pieces.problems(), 0), pieces);
            return true;
        }
        for (int p = 0; p < pieces.count(); p++) {
            final int piece = p;
            final List<Problem> first = p == 0 ? pieces.problems() : List.of();
            batches.submit(1, () -> {
                List<R> out = new ArrayList<>();
                List<Problem> problems = new ArrayList<>(first);
                long[] events = {0};
                pieces.read(piece, e -> {
                    events[0]++;
                    visitor.visit(e, out);
                }, problems::add);
                return new Batch<>(out, events[0], problems, pieces.bytes(piece));
            }, p == pieces.count() - 1 ? pieces : null);
        }
        return true;
    }

    /** Reads a streamed input on a reader thread and hands its events to the workers in batches. */
    private void stream(InputFile in, EventSource source, Visitor<R> visitor, OrderedBatches.Stream<Batch<R>> out) {
        StreamedInput.read(in, source, (events, problems, bytes) -> hand(out, visitor, events, problems, bytes));
    }

    private void hand(OrderedBatches.Stream<Batch<R>> out, Visitor<R> visitor, List<Event> events, List<Problem> problems, long bytes) {
        out.hand(() -> {
            List<R> results = new ArrayList<>();
            for (Event e : events) {
                visitor.visit(e, results);
            }
            return new Batch<>(results, events.size(), problems, bytes);
        });
    }

    private void take(Batch<R> b, Sink<R> sink, long[] totals) {
        totals[1] += b.events;
        totals[3] += b.bytes;
        for (Problem p : b.problems) {
            totals[2]++;
            sink.problem(p);
        }
        for (R r : b.results) {
            sink.result(r);
        }
        sink.progress(totals[3]);
    }
}
