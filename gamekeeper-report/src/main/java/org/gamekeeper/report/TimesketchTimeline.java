package org.gamekeeper.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;

/**
 * {@code --timeline FILE.jsonl --timeline-format timesketch}: one JSON object per alert with
 * Timesketch's required {@code message}, {@code datetime} (ISO 8601) and {@code timestamp_desc},
 * its {@code timestamp} (microseconds since the epoch), and our alert fields beside them.
 * Alerts without a time are left out (Timesketch rejects them); the caller counts them.
 */
public final class TimesketchTimeline {
    private TimesketchTimeline() {
    }

    /** Writes the alerts; returns how many were left out for want of a time. */
    public static long write(List<Alert> alerts, Writer out) throws IOException {
        long skipped = 0;
        for (Alert a : alerts) {
            if (!write(a, out)) {
                skipped++;
            }
        }
        out.flush();
        return skipped;
    }

    /** Writes one alert as one line; false (and nothing written) when it has no time. */
    public static boolean write(Alert a, Writer out) throws IOException {
        if (a.timestamp() == null) {
            return false;
        }
        ObjectNode o = AlertJson.MAPPER.createObjectNode();
        o.put("message", message(a));
        o.put("datetime", a.timestamp().toString());
        o.put("timestamp_desc", "Event Recorded");
        o.put("data_type", "gamekeeper:alert");
        o.setAll(AlertJson.write(a));
        // our ISO time is in datetime; Timesketch's timestamp is microseconds
        o.put("timestamp", a.timestamp().getEpochSecond() * 1_000_000L + a.timestamp().getNano() / 1_000);
        out.write(AlertJson.MAPPER.writeValueAsString(o));
        out.write('\n');
        return true;
    }

    static String message(Alert a) {
        StringBuilder b = new StringBuilder();
        b.append('[').append(a.level() == null ? "informational" : a.level().id()).append("] ").append(a.ruleTitle());
        if (a.computer() != null && !a.computer().isEmpty()) {
            b.append(" on ").append(a.computer());
        }
        int n = 0;
        for (Map.Entry<String, String> e : a.details().entrySet()) {
            if (n++ == 3) {
                break;
            }
            String v = e.getValue();
            b.append(n == 1 ? ": " : "; ").append(e.getKey()).append('=').append(v.length() > 200 ? v.substring(0, 200) + "…" : v);
        }
        return b.toString();
    }
}
