package org.gamekeeper.sigma.correlation;

/** The memory bound tripped: why, when (event time) and what was given up. */
public record Trip(Reason reason, long atMillis, long bytes, int groupsDropped) {
    public enum Reason {
        /** Group state over {@code maxBytes}: the least recently updated groups were dropped. */
        STATE_OVER_LIMIT,
        /** The reorder buffer alone over {@code maxBytes}: the oldest buffered events were released early. */
        REORDER_BUFFER_OVER_LIMIT
    }
}
