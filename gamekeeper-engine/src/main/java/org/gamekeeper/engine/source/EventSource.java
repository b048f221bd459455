package org.gamekeeper.engine.source;

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
}
