package org.gamekeeper.sigma.rule;

import java.util.Locale;

/** The seven correlation types of the correlation spec. */
public enum CorrelationType {
    EVENT_COUNT, VALUE_COUNT, TEMPORAL, TEMPORAL_ORDERED, VALUE_SUM, VALUE_AVG, VALUE_PERCENTILE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CorrelationType of(String text) {
        for (CorrelationType t : values()) {
            if (t.id().equals(text)) {
                return t;
            }
        }
        return null;
    }

    /** Types whose condition names a field (value_count and the metric types). */
    public boolean needsField() {
        return this == VALUE_COUNT || this == VALUE_SUM || this == VALUE_AVG || this == VALUE_PERCENTILE;
    }

    public boolean isTemporal() {
        return this == TEMPORAL || this == TEMPORAL_ORDERED;
    }
}
