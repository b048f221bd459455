package org.gamekeeper.engine.incident;

import org.gamekeeper.engine.Alert;

/** An alert of an incident and why it belongs there. */
public record Member(Alert alert, Reason reason) {

    /** {@code file#record} of the alert's first event, or {@code file} when it has none. */
    public String ref() {
        return alert.eventRefs().isEmpty() ? String.valueOf(alert.file()) : alert.eventRefs().get(0);
    }
}
