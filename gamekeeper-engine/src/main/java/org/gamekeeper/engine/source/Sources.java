package org.gamekeeper.engine.source;

/** The event source for each kind of input that carries events, with the run's reading settings. */
public final class Sources {
    private final EvtxSource evtx;
    private final JsonSource json;

    /**
     * @param carve    also return EVTX records recovered from slack space
     * @param zoneless the zone of event times written without one (NXLog's EventTime), null for UTC
     */
    public Sources(boolean carve, java.time.ZoneId zoneless) {
        this.evtx = new EvtxSource(carve);
        this.json = new JsonSource().withZonelessTimesIn(zoneless);
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
