package org.gamekeeper.engine.order;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.output.Timeline;

/**
 * A timeline file in event-time order: each alert rendered by {@link Timeline} as it comes, held
 * (in memory up to a bound, then in sorted runs on disk) by {@link TimeOrder}, and written in
 * order when closed, the CSV header first. Alerts without a time come first; equal times keep
 * the order they came in.
 */
public final class OrderedTimeline implements Closeable {
    /** Rendered rows held in memory before a sorted run is spilled. */
    public static final long MEMORY_BYTES = 64L << 20;

    private final Path file;
    private final ByteArrayOutputStream row = new ByteArrayOutputStream(1024);
    private final Timeline renderer;
    private final byte[] header;
    private final TimeOrder order;

    public OrderedTimeline(Path file, long memoryBytes) throws IOException {
        this.file = file;
        Timeline.Format format = Timeline.Format.of(file);
        if (format == null) {
            throw new IllegalArgumentException("a timeline is a .csv or .jsonl file: " + file);
        }
        renderer = new Timeline(row, format);
        header = row.toByteArray();
        row.reset();
        Path parent = file.toAbsolutePath().getParent();
        order = new TimeOrder(memoryBytes, parent != null && Files.isWritable(parent) ? parent : null);
    }

    public void write(Alert a) throws IOException {
        renderer.write(a);
        order.add(a.timestamp() == null ? Long.MIN_VALUE : a.timestamp().toEpochMilli(), row.toByteArray());
        row.reset();
    }

    /** Sorted runs spilled so far. */
    public int runs() {
        return order.runs();
    }

    @Override
    public void close() throws IOException {
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header);
            order.writeTo(out);
        } finally {
            order.close();
        }
    }
}
