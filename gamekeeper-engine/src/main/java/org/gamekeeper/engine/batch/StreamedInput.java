package org.gamekeeper.engine.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.source.EventSource;
import org.gamekeeper.engine.source.InputFile;

/**
 * An input that can only be read from its start (a JSON export), cut into batches of events for
 * the workers as it is read: at most {@link #BATCH_EVENTS} events or {@link #BATCH_BYTES} of
 * input a batch. Problems travel with the batch of the events read after them; the last batch
 * carries the input's size (for progress) and is handed on even when empty.
 */
public final class StreamedInput {
    public static final int BATCH_EVENTS = 256;
    public static final long BATCH_BYTES = 1 << 19;

    /** Takes one batch (on the reading thread): its events, its problems, the input's bytes it completes (0 but for the last). */
    @FunctionalInterface
    public interface Batches {
        void hand(List<Event> events, List<Problem> problems, long bytes);
    }

    private StreamedInput() {
    }

    /** Reads {@code in} with {@code source}, handing its events on in batches. */
    public static void read(InputFile in, EventSource source, Batches out) {
        List<Event> events = new ArrayList<>(BATCH_EVENTS);
        List<Problem> problems = new ArrayList<>();
        source.read(in, e -> {
            events.add(e);
            if (events.size() >= BATCH_EVENTS || e.offset() - events.get(0).offset() >= BATCH_BYTES) {
                out.hand(new ArrayList<>(events), new ArrayList<>(problems), 0);
                events.clear();
                problems.clear();
            }
        }, problems::add);
        long size;
        try {
            size = Files.size(in.path());
        } catch (IOException | UnsupportedOperationException e) {
            size = 0;
        }
        out.hand(events, problems, size);
    }
}
