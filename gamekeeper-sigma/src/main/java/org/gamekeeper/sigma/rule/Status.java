package org.gamekeeper.sigma.rule;

import java.util.Locale;

/** A rule's maturity (spec: status). */
public enum Status {
    STABLE, TEST, EXPERIMENTAL, DEPRECATED, UNSUPPORTED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status written in a rule, or null when it is not one of the spec's words. */
    public static Status of(String text) {
        for (Status s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
