package org.gamekeeper.engine.order;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Rendered lines (timeline rows) put in event-time order, stable for equal times: kept in memory
 * up to {@code maxBytes}, then each full buffer is sorted and written to a temporary run file;
 * {@link #writeTo} merges the runs and what is left in memory. Lines without a time sort first.
 * Not thread-safe: one writer adds.
 */
public final class TimeOrder implements Closeable {

    private record Line(long millis, long seq, byte[] bytes) { }

    private static final Comparator<Line> ORDER = Comparator.comparingLong(Line::millis).thenComparingLong(Line::seq);

    private final long maxBytes;
    private final Path spillDir;
    private final List<Line> buffer = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long buffered;
    private long seq;

    /**
     * @param maxBytes bytes of lines held in memory before a run is spilled
     * @param spillDir where run files go (null: the system's temporary folder)
     */
    public TimeOrder(long maxBytes, Path spillDir) {
        this.maxBytes = maxBytes;
        this.spillDir = spillDir;
    }

    /** Adds a line with its event time (epoch milliseconds, or {@link Long#MIN_VALUE} when unknown). */
    public void add(long millis, byte[] line) throws IOException {
        buffer.add(new Line(millis, seq++, line));
        buffered += line.length + 48;
        if (buffered >= maxBytes) {
            spill();
        }
    }

    /** Run files written so far (for tests and the summary). */
    public int runs() {
        return runs.size();
    }

    private void spill() throws IOException {
        buffer.sort(ORDER);
        Path run = spillDir == null ? Files.createTempFile("gamekeeper-run-", ".bin") : Files.createTempFile(spillDir, "gamekeeper-run-", ".bin");
        runs.add(run);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (Line l : buffer) {
                out.writeLong(l.millis);
                out.writeLong(l.seq);
                out.writeInt(l.bytes.length);
                out.write(l.bytes);
            }
        }
        buffer.clear();
        buffered = 0;
    }

    private static final class Run implements Closeable {
        final DataInputStream in;
        Line head;

        Run(Path p) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16));
            advance();
        }

        void advance() throws IOException {
            long millis;
            try {
                millis = in.readLong();
            } catch (EOFException end) {
                head = null;
                return;
            }
            long s = in.readLong();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            head = new Line(millis, s, b);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes every line in order and deletes the run files. */
    public void writeTo(OutputStream out) throws IOException {
        buffer.sort(ORDER);
        if (runs.isEmpty()) {
            for (Line l : buffer) {
                out.write(l.bytes);
            }
            buffer.clear();
            return;
        }
        List<Run> open = new ArrayList<>();
        try {
            PriorityQueue<Run> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
            for (Path p : runs) {
                Run r = new Run(p);
                open.add(r);
                if (r.head != null) {
                    heads.add(r);
                }
            }
            int next = 0;
            while (!heads.isEmpty() || next < buffer.size()) {
                Run r = heads.peek();
                if (r != null && (next >= buffer.size() || ORDER.compare(r.head, buffer.get(next)) < 0)) {
                    heads.poll();
                    out.write(r.head.bytes);
                    r.advance();
                    if (r.head != null) {
                        heads.add(r);
                    }
                } else {
                    out.write(buffer.get(next++).bytes);
                }
            }
            buffer.clear();
        } finally {
            for (Run r : open) {
                r.close();
            }
            close();
        }
    }

    /** Deletes the run files. */
    @Override
    public void close() throws IOException {
        for (Path p : runs) {
            Files.deleteIfExists(p);
        }
        runs.clear();
    }
}
