package org.gamekeeper.engine.batch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Work on the pieces of many inputs in parallel, results in input order: the one scheduler of
 * {@code dump} and {@code hunt}. Pieces that can be read on their own (EVTX chunks, small files
 * read whole) are {@link #submit submitted} to the worker pool; an input that can only be read
 * from its start (a JSON export) is {@link #stream streamed}: read on a reader thread that hands
 * batches of work to the pool as it goes, at most its share ahead. Results are handed, in the
 * order their work was added, to the consumer on the thread that adds work (never on a worker),
 * so the consumer needs no locking. Memory is bounded by the window: work is added only while
 * the weight in flight (a chunk weighs 1) is below it.
 *
 * @param <R> what a piece of work produces
 */
public final class OrderedBatches<R> implements AutoCloseable {

    /** Takes the results in order, on the adding thread. */
    public interface Consumer<R> {
        void accept(R result) throws IOException;
    }

    /** Hands the batches of a streamed input to the pool, in order. */
    public interface Stream<R> {
        /** Evaluates {@code work} on the pool; waits while the input is its share of batches ahead. */
        void hand(Callable<R> work);
    }

    /** Reads a streamed input on a reader thread, handing its batches on as it goes. */
    public interface StreamReader<R> {
        void read(Stream<R> out);
    }

    private final ExecutorService pool;
    private final ExecutorService readers;
    private final Consumer<R> consumer;
    private final int window;
    private final ArrayDeque<Slot<R>> inFlight = new ArrayDeque<>();
    private int weight;
    private int streams;

    /** Work in flight: a piece's result, or a streamed input's batches; {@code after} is closed once it is consumed. */
    private static final class Slot<R> {
        final int weight;
        final Future<R> result;
        final StreamQueue<R> stream;
        final AutoCloseable after;

        Slot(int weight, Future<R> result, StreamQueue<R> stream, AutoCloseable after) {
            this.weight = weight;
            this.result = result;
            this.stream = stream;
            this.after = after;
        }
    }

    /** A streamed input's batches in order, as its reader hands them on, then {@link #END}. */
    private static final class StreamQueue<R> {
        @SuppressWarnings("rawtypes")
        static final Future END = CompletableFuture.completedFuture(null);
        final BlockingQueue<Future<R>> batches = new LinkedBlockingQueue<>();
        final Semaphore ahead;

        StreamQueue(int batchesAhead) {
            ahead = new Semaphore(batchesAhead);
        }
    }

    /**
     * @param name    worker thread names
     * @param threads workers (and reader threads for streamed inputs)
     * @param window  weight in flight at most
     */
    public OrderedBatches(String name, int threads, int window, Consumer<R> consumer) {
        int n = Math.max(1, threads);
        this.pool = Executors.newFixedThreadPool(n, r -> daemon(r, "gamekeeper-" + name));
        this.readers = Executors.newFixedThreadPool(n, r -> daemon(r, "gamekeeper-read"));
        this.window = Math.max(1, window);
        this.consumer = consumer;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code work} on a worker; its result is consumed in its turn, then {@code after} (if any) is closed. */
    public void submit(int weight, Callable<R> work, AutoCloseable after) throws IOException, InterruptedException {
        add(new Slot<>(weight, pool.submit(work), null, after));
        drain(window);
    }

    /** A result already known (a message, an empty input), consumed in its turn. */
    public void done(R result) throws IOException, InterruptedException {
        add(new Slot<>(0, CompletableFuture.completedFuture(result), null, null));
        drain(window);
    }

    /**
     * Reads an input on a reader thread, whose batches are evaluated on the workers and consumed
     * in their turn. At most {@code maxStreams} streamed inputs are read ahead at once (each holds
     * up to {@code batchesAhead} batches): beyond, this waits for the oldest to be consumed.
     */
    public void stream(int batchesAhead, int maxStreams, StreamReader<R> reader) throws IOException, InterruptedException {
        while (streams > maxStreams) {
            drain(weight - 1);
        }
        StreamQueue<R> q = new StreamQueue<>(batchesAhead);
        readers.execute(() -> read(reader, q));
        add(new Slot<>(1, null, q, null));
        streams++;
        drain(window);
    }

    @SuppressWarnings("unchecked")
    private void read(StreamReader<R> reader, StreamQueue<R> q) {
        try {
            reader.read(work -> {
                try {
                    q.ahead.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stop();
                }
                try {
                    q.batches.add(pool.submit(work));
                } catch (RejectedExecutionException shutDown) {
                    throw new Stop();
                }
            });
        } catch (Stop stopped) {
            // the run is over (failed elsewhere or interrupted): nobody takes these batches
        } catch (RuntimeException | Error bug) {
            q.batches.add(CompletableFuture.failedFuture(bug));
        }
        q.batches.add(StreamQueue.END);
    }

    /** The run stopped while a reader waited to hand on a batch. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private void add(Slot<R> s) {
        inFlight.add(s);
        weight += s.weight;
    }

    /** Consumes finished work in order until at most {@code keep} weight is in flight (and no weightless result leads). */
    public void drain(int keep) throws IOException, InterruptedException {
        while (!inFlight.isEmpty() && (weight > keep || inFlight.peek().weight == 0)) {
            Slot<R> s = inFlight.poll();
            weight -= s.weight;
            if (s.stream != null) {
                streams--;
                for (Future<R> f = s.stream.batches.take(); f != StreamQueue.END; f = s.stream.batches.take()) {
                    R r = await(f);
                    s.stream.ahead.release();
                    consumer.accept(r);
                }
                continue;
            }
            try {
                consumer.accept(await(s.result));
            } finally {
                closeQuietly(s.after);
            }
        }
    }

    /** Consumes everything still in flight. */
    public void finish() throws IOException, InterruptedException {
        drain(0);
    }

    private static <R> R await(Future<R> f) throws IOException, InterruptedException {
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
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // closing a read-only input loses nothing
        }
    }

    /** Stops the threads and closes what is still open; results not consumed are dropped. */
    @Override
    public void close() {
        readers.shutdownNow();
        pool.shutdownNow();
        List<AutoCloseable> open = new ArrayList<>();
        for (Slot<R> s : inFlight) {
            if (s.after != null) {
                open.add(s.after);
            }
        }
        inFlight.clear();
        open.forEach(OrderedBatches::closeQuietly);
    }
}
