package org.gamekeeper.engine.summary;

import java.time.Instant;

/** A count with the first and last event time seen (epoch milliseconds; unknown times are left out). */
final class Span {
    long count;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    void add(long millis) {
        count++;
        if (millis != Long.MIN_VALUE) {
            first = Math.min(first, millis);
            last = Math.max(last, millis);
        }
    }

    String firstText() {
        return first == Long.MAX_VALUE ? "" : Instant.ofEpochMilli(first).toString();
    }

    String lastText() {
        return last == Long.MIN_VALUE ? "" : Instant.ofEpochMilli(last).toString();
    }

    static String text(String s) {
        return s == null ? "" : s;
    }
}
