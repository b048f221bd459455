package org.gamekeeper.sigma.rule;

import java.util.Locale;

/** A rule's severity, least first (spec: level). */
public enum Level {
    INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level written in a rule, or null when it is not one of the spec's words. */
    public static Level of(String text) {
        for (Level l : values()) {
            if (l.id().equals(text)) {
                return l;
            }
        }
        return null;
    }
}
