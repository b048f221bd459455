package org.gamekeeper.engine.source;

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
     * Every event of the EVTX and JSON inputs, one input after another on the caller's thread
     * (for commands that need no parallel reading: baseline learning, coverage). Inputs of other
     * kinds are reported as problems.
     */
    static void readAll(List<InputFile> inputs, Consumer<Event> events, Consumer<Problem> problems) {
        EventSource evtx = new EvtxSource(false);
        EventSource json = new JsonSource();
        for (InputFile in : inputs) {
            switch (in.kind()) {
                case EVTX -> evtx.read(in, events, problems);
                case JSON -> json.read(in, events, problems);
                default -> problems.accept(new Problem(in.name(), -1, -1, "not an event log; not read"));
            }
        }
    }
}
