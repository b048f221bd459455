package org.gamekeeper.cli;

import java.time.Instant;
import org.gamekeeper.evtx.read.TamperCheck;
import org.gamekeeper.evtx.render.JsonOut;

/** The {@code dump --report-gaps} JSON object for one file, and its one-line summary. */
final class TamperJson {
    private TamperJson() {
    }

    static void write(TamperCheck.Report r, JsonOut j) {
        j.raw("{\"file\":").string(r.file())
                .raw(",\"records\":").number(r.records())
                .raw(",\"first_record_id\":").number(r.firstRecordId())
                .raw(",\"last_record_id\":").number(r.lastRecordId())
                .raw(",\"missing_records\":").number(r.missingRecords())
                .raw(",\"gap_count\":").number(r.gapCount())
                .raw(",\"gaps\":[");
        for (int i = 0; i < r.gaps().size(); i++) {
            TamperCheck.Gap g = r.gaps().get(i);
            j.raw(i > 0 ? "," : "").raw("{\"after\":").number(g.after()).raw(",\"before\":").number(g.before())
                    .raw(",\"missing\":").number(g.missing()).raw('}');
        }
        j.raw("],\"time_reversal_count\":").number(r.timeReversalCount()).raw(",\"time_reversals\":[");
        for (int i = 0; i < r.timeReversals().size(); i++) {
            TamperCheck.TimeReversal t = r.timeReversals().get(i);
            j.raw(i > 0 ? "," : "").raw("{\"record_id\":").number(t.recordId())
                    .raw(",\"time\":").string(Instant.ofEpochMilli(t.timeMillis()).toString())
                    .raw(",\"previous_time\":").string(Instant.ofEpochMilli(t.previousTimeMillis()).toString()).raw('}');
        }
        j.raw("],\"log_cleared\":[");
        for (int i = 0; i < r.logCleared().size(); i++) {
            TamperCheck.LogCleared c = r.logCleared().get(i);
            j.raw(i > 0 ? "," : "").raw("{\"record_id\":").number(c.recordId()).raw(",\"event_id\":").number(c.eventId())
                    .raw(",\"channel\":");
            if (c.channel() == null) {
                j.raw("null");
            } else {
                j.string(c.channel());
            }
            j.raw(",\"time\":").string(Instant.ofEpochMilli(c.timeMillis()).toString()).raw(",\"user\":");
            if (c.user() == null) {
                j.raw("null");
            } else {
                j.string(c.user());
            }
            j.raw('}');
        }
        j.raw("],\"rolled_over\":").raw(r.rolledOver() ? "true" : "false")
                .raw(",\"dirty\":").raw(r.dirty() ? "true" : "false")
                .raw(",\"recovered_records\":").number(r.recoveredRecords()).raw('}');
    }

    static String sentence(TamperCheck.Report r) {
        StringBuilder sb = new StringBuilder(r.file()).append(':');
        if (!r.logCleared().isEmpty()) {
            sb.append(" log cleared ").append(r.logCleared().size()).append(" time(s);");
        }
        if (r.gapCount() > 0) {
            sb.append(' ').append(r.missingRecords()).append(" record id(s) missing in ").append(r.gapCount()).append(" gap(s);");
        }
        if (r.timeReversalCount() > 0) {
            sb.append(" time runs backwards ").append(r.timeReversalCount()).append(" time(s);");
        }
        if (r.recoveredRecords() > 0) {
            sb.append(' ').append(r.recoveredRecords()).append(" record(s) recovered from slack;");
        }
        if (r.rolledOver()) {
            sb.append(" log has rolled over;");
        }
        return sb.toString();
    }
}
