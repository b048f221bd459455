package org.gamekeeper.mail.analysis;

import java.util.Locale;

/** The verdict on one message, in increasing order of danger. */
public enum Verdict {
    CLEAN, SUSPICIOUS, MALICIOUS;

    /** The lower-case word used in output and on the command line. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code clean}, {@code suspicious} or {@code malicious}; null if none of them. */
    public static Verdict parse(String s) {
        for (Verdict v : values()) {
            if (v.word().equalsIgnoreCase(s)) {
                return v;
            }
        }
        return null;
    }
}
