package org.gamekeeper.engine.source;

import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;

/** The event source for each kind of input that carries events, with the run's reading settings. */
public final class Sources {
    private final EvtxSource evtx;
    private final JsonSource json;

    /**
     * @param carve    also return EVTX records recovered from slack space
     * @param zoneless the zone of event times written without one (NXLog's EventTime), null for UTC
     */
    public Sources(boolean carve, ZoneId zoneless) {
        this.evtx = new EvtxSource(carve);
        this.json = new JsonSource().withZonelessTimesIn(zoneless);
    }

    /** Reading settings of a run that neither carves nor meets zoneless times (baselines, coverage). */
    public static Sources plain() {
        return new Sources(false, null);
    }

    /**
     * Every event of the EVTX and JSON inputs, one input after another on the caller's thread,
     * for commands that need no parallel reading (baseline learning, coverage). Inputs of other
     * kinds are reported as problems.
     */
    public void readAll(List<InputFile> inputs, Consumer<Event> events,
                        Consumer<Problem> problems) {
        for (InputFile in : inputs) {
            EventSource source = of(in.kind());
            if (source == null) {
                problems.accept(new Problem(in.name(), -1, -1, "not an event log; not read"));
            } else {
                source.read(in, events, problems);
            }
        }
    }

    /** The source that reads inputs of this kind, or null for kinds read elsewhere (mail, web logs). */
    public EventSource of(InputKind kind) {
        return switch (kind) {
            case EVTX -> evtx;
            case JSON -> json;
            default -> null;
        };
    }
}
