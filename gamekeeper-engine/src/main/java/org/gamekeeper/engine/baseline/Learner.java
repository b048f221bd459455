package org.gamekeeper.engine.baseline;

import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.Problem;

/**
 * Learns behaviour from events into {@link Tallies}: every event counts for its host's span,
 * every observation for its behaviour. {@link #accept} works event by event (no files, no
 * threads); {@link #read} feeds it from EVTX and JSON inputs through the engine's sources.
 */
public final class Learner implements Consumer<Event> {
    private final Observer observer;
    private final Tallies tallies;
    private long observations;

    public Learner(LotlTools tools, Tallies into) {
        this.observer = new Observer(tools);
        this.tallies = into;
    }

    @Override
    public void accept(Event e) {
        long t = e.timestampMillis();
        tallies.event(Observer.host(e), t);
        observer.observe(e, o -> {
            tallies.add(o, t);
            observations++;
        });
    }

    /** Reads each EVTX or JSON input in order (others are reported and skipped). */
    public void read(List<InputFile> inputs, Consumer<Problem> problems) {
        Sources.plain().readAll(inputs, this, problems);
    }

    /** Observations counted so far. */
    public long observations() {
        return observations;
    }

    /** What was learned. */
    public Tallies tallies() {
        return tallies;
    }
}
