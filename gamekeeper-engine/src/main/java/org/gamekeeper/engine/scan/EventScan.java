package org.gamekeeper.engine.scan;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.source.EvtxEvent;
import org.gamekeeper.engine.source.EvtxSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.evtx.Chunk;
import org.gamekeeper.evtx.ChunkHeader;
import org.gamekeeper.evtx.Damage;
import org.gamekeeper.evtx.EventRecord;
import org.gamekeeper.evtx.EvtxFile;

/**
 * Every event of the inputs through a {@link Visitor} on worker threads (EVTX chunk by chunk,
 * JSON in batches read on reader threads), results handed to the {@link Sink} on the calling
 * thread in input order. Memory is bounded by the number of chunks and batches in flight.
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

    private static final int JSON_BATCH_EVENTS = 256;
    private static final int JSON_BATCHES_AHEAD = 24;

    private final int threads;
    private final boolean carve;

    public EventScan(int threads, boolean carve) {
        this.threads = Math.max(1, threads);
        this.carve = carve;
    }

    private record Batch<R>(List<R> results, long events, List<Problem> problems, long bytes) { }

    private static final class JsonFile<R> {
        final BlockingQueue<Future<Batch<R>>> batches = new LinkedBlockingQueue<>();
        final Semaphore ahead;

        JsonFile(int ahead) {
            this.ahead = new Semaphore(ahead);
        }
    }

    private record Pending<R>(EvtxSource.Opened file, boolean lastChunk, Future<Batch<R>> result, JsonFile<R> json) { }


    public Totals run(List<InputFile> inputs, Visitor<R> visitor, Sink<R> sink) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon("gamekeeper-scan"));
        ExecutorService readers = Executors.newFixedThreadPool(threads, daemon("gamekeeper-read"));
        ArrayDeque<Pending<R>> inFlight = new ArrayDeque<>();
        long[] totals = new long[4];
        int window = Math.max(8, threads * 16);
        try {
            for (InputFile in : inputs) {
                if (in.kind() == InputKind.EVTX) {
                    EvtxSource.Opened opened;
                    try {
                        opened = EvtxSource.open(in);
                    } catch (IOException e) {
                        drain(inFlight, 0, sink, totals);
                        totals[2]++;
                        sink.problem(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage()));
                        continue;
                    }
                    totals[0]++;
                    EvtxFile file = opened.file();
                    List<Problem> header = new ArrayList<>();
                    for (Damage d : file.headerDamage()) {
                        header.add(EvtxSource.problem(in.name(), d));
                    }
                    int slots = file.chunkSlots();
                    if (slots == 0) {
                        inFlight.add(new Pending<>(opened, true, CompletableFuture.completedFuture(new Batch<>(List.of(), 0, header, 0)), null));
                    }
                    for (int c = 0; c < slots; c++) {
                        final int chunk = c;
                        final List<Problem> first = c == 0 ? header : List.of();
                        inFlight.add(new Pending<>(opened, c == slots - 1, pool.submit(() -> chunk(file, chunk, first, visitor)), null));
                        drain(inFlight, window, sink, totals);
                    }
                } else if (in.kind() == InputKind.JSON) {
                    totals[0]++;
                    while (jsonFiles(inFlight) > threads) {
                        drain(inFlight, inFlight.size() - 1, sink, totals);
                    }
                    JsonFile<R> file = new JsonFile<>(Math.max(3, JSON_BATCHES_AHEAD / (threads + 1)));
                    readers.execute(() -> json(in, file, pool, visitor));
                    inFlight.add(new Pending<>(null, false, null, file));
                    drain(inFlight, window, sink, totals);
                }
            }
            drain(inFlight, 0, sink, totals);
        } finally {
            readers.shutdownNow();
            pool.shutdownNow();
            for (Pending<R> p : inFlight) {
                if (p.file != null && p.lastChunk) {
                    close(p.file);
                }
            }
        }
        return new Totals(totals[0], totals[1], totals[2]);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void close(EvtxSource.Opened o) {
        try {
            o.close();
        } catch (IOException e) {
            // closing a file we only read loses nothing
        }
    }

    private static int jsonFiles(ArrayDeque<? extends Pending<?>> inFlight) {
        int n = 0;
        for (Pending<?> p : inFlight) {
            n += p.json != null ? 1 : 0;
        }
        return n;
    }

    private void drain(ArrayDeque<Pending<R>> inFlight, int keep, Sink<R> sink, long[] totals) throws InterruptedException {
        while (inFlight.size() > keep) {
            Pending<R> p = inFlight.poll();
            if (p.json != null) {
                while (true) {
                    Future<Batch<R>> f = p.json.batches.take();
                    Batch<R> b = await(f);
                    if (b == null) {
                        break;
                    }
                    p.json.ahead.release();
                    take(b, sink, totals);
                }
                continue;
            }
            try {
                take(await(p.result), sink, totals);
            } finally {
                if (p.lastChunk) {
                    close(p.file);
                }
            }
        }
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

    private static <R> Batch<R> await(Future<Batch<R>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private Batch<R> chunk(EvtxFile file, int index, List<Problem> first, Visitor<R> visitor) throws IOException {
        Chunk c = file.readChunk(index, carve);
        List<Problem> problems = new ArrayList<>(first);
        for (Damage d : c.damage()) {
            problems.add(EvtxSource.problem(file.name(), d));
        }
        List<R> out = new ArrayList<>();
        for (EventRecord r : c.records()) {
            visitor.visit(new EvtxEvent(r), out);
        }
        return new Batch<>(out, c.records().size(), problems, ChunkHeader.SIZE);
    }

    @SuppressWarnings("unchecked")
    private void json(InputFile in, JsonFile<R> file, ExecutorService pool, Visitor<R> visitor) {
        try {
            List<Event> events = new ArrayList<>(JSON_BATCH_EVENTS);
            List<Problem> problems = new ArrayList<>();
            new JsonSource().read(in, e -> {
                events.add(e);
                if (events.size() >= JSON_BATCH_EVENTS) {
                    hand(file, pool, visitor, new ArrayList<>(events), new ArrayList<>(problems), 0);
                    events.clear();
                    problems.clear();
                }
            }, problems::add);
            long size;
            try {
                size = java.nio.file.Files.size(in.path());
            } catch (IOException e) {
                size = 0;
            }
            hand(file, pool, visitor, events, problems, size);
        } catch (Stopped stopped) {
            // the scan is over (failed elsewhere or interrupted): nobody takes these batches
        } catch (RuntimeException | Error bug) {
            file.batches.add(CompletableFuture.failedFuture(bug));
        }
        file.batches.add((Future<Batch<R>>) (Future<?>) CompletableFuture.completedFuture(null));
    }

    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super(null, null, false, false);
        }
    }

    private void hand(JsonFile<R> file, ExecutorService pool, Visitor<R> visitor, List<Event> events, List<Problem> problems, long bytes) {
        try {
            file.ahead.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        try {
            file.batches.add(pool.submit(() -> {
                List<R> out = new ArrayList<>();
                for (Event e : events) {
                    visitor.visit(e, out);
                }
                return new Batch<>(out, events.size(), problems, bytes);
            }));
        } catch (RejectedExecutionException shutDown) {
            throw new Stopped();
        }
    }
}
