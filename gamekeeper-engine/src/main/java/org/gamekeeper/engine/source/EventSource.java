package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;

/**
 * Reads one input into events. One implementation per {@link InputKind} that carries events
 * (EVTX, JSON); the caller picks it by {@link InputFile#kind()}. Damage goes to {@code problems}
 * and reading goes on; nothing is thrown for bad evidence.
 */
public interface EventSource {

    /** Every event of {@code in} in file order, and a problem for each damaged place. */
    void read(InputFile in, Consumer<Event> events, Consumer<Problem> problems);

    /**
     * {@code in} opened as pieces that can be read independently and in parallel (EVTX chunks),
     * or null when the input can only be read from its start (then use {@link #read}).
     *
     * @throws IOException when the input cannot be opened at all
     */
    default Pieces pieces(InputFile in) throws IOException {
        return null;
    }

    /** An input split into pieces, each read on any thread; closing it releases the input. */
    interface Pieces extends AutoCloseable {
        /** Damage found on opening (file header), reported before any piece. */
        List<Problem> problems();

        int count();

        /** Bytes of the input a piece stands for (for progress). */
        long bytes(int piece);

        /** Every event of one piece in order, and a problem for each damaged place. */
        void read(int piece, Consumer<Event> events, Consumer<Problem> problems) throws IOException;

        @Override
        void close() throws IOException;
    }
}
