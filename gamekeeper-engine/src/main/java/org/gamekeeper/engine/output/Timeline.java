package org.gamekeeper.engine.output;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.evtx.render.JsonOut;

/**
 * Alerts as a timeline file with exactly the fields of INTERFACES.md: CSV (RFC 4180, header
 * row, lists joined by ';', details as a JSON object) or JSON lines, chosen by the file name.
 */
public final class Timeline implements Closeable {
    /** The alert fields, in INTERFACES.md order. */
    public static final List<String> FIELDS = List.of("timestamp", "rule_id", "rule_title", "rule_author", "rule_source",
            "level", "tags", "attack", "computer", "channel", "event_id", "record_id", "file", "details", "event_refs", "kind",
            "count", "first_seen", "last_seen");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The file formats. */
    public enum Format {
        CSV, JSONL;

        /** The format a timeline file's name asks for (.csv or .jsonl), or null. */
        public static Format of(Path file) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            return n.endsWith(".csv") ? CSV : n.endsWith(".jsonl") ? JSONL : null;
        }
    }

    private final OutputStream out;
    private final Format format;
    private final JsonOut buf = new JsonOut(4096);

    public Timeline(OutputStream out, Format format) throws IOException {
        this.out = out;
        this.format = format;
        if (format == Format.CSV) {
            buf.raw(String.join(",", FIELDS)).raw("\r\n");
            flushBuffer();
        }
    }

    /** A timeline file; the format comes from its extension (.csv or .jsonl). */
    public static Timeline open(Path file) throws IOException {
        Format f = Format.of(file);
        if (f == null) {
            throw new IllegalArgumentException("timeline file must end in .csv or .jsonl: " + file);
        }
        return new Timeline(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), f);
    }

    public static String time(Instant t) {
        if (t == null) {
            return null;
        }
        long s = t.getEpochSecond();
        // Years 1–9999 by hand (alerts come by the hundred thousand); anything else the formatter writes.
        if (s < -62135596800L || s >= 253402300800L) {
            return MILLIS.format(t);
        }
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(s, 0, java.time.ZoneOffset.UTC);
        char[] c = new char[24];
        digits(c, 0, d.getYear(), 4);
        c[4] = '-';
        digits(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, d.getHour(), 2);
        c[13] = ':';
        digits(c, 14, d.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, d.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    public void write(Alert a) throws IOException {
        if (format == Format.JSONL) {
            json(a, buf);
            buf.raw('\n');
        } else {
            csv(a);
        }
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        buf.writeTo(out);
        buf.reset();
    }

    /** One alert as a JSON object with the INTERFACES.md fields, in order. */
    public static void json(Alert a, JsonOut j) {
        j.raw("{\"timestamp\":");
        str(j, time(a.timestamp()));
        j.raw(",\"rule_id\":");
        str(j, a.ruleId());
        j.raw(",\"rule_title\":");
        str(j, a.ruleTitle());
        j.raw(",\"rule_author\":");
        str(j, a.ruleAuthor());
        j.raw(",\"rule_source\":");
        str(j, a.ruleSource());
        j.raw(",\"level\":");
        str(j, a.level().id());
        j.raw(",\"tags\":");
        list(j, a.tags());
        j.raw(",\"attack\":");
        list(j, a.attack());
        j.raw(",\"computer\":");
        str(j, a.computer());
        j.raw(",\"channel\":");
        str(j, a.channel());
        j.raw(",\"event_id\":");
        num(j, a.eventId() == null ? null : (long) a.eventId());
        j.raw(",\"record_id\":");
        num(j, a.recordId());
        j.raw(",\"file\":");
        str(j, a.file());
        j.raw(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : a.details().entrySet()) {
            j.raw(first ? "" : ",").string(e.getKey()).raw(':');
            str(j, e.getValue());
            first = false;
        }
        j.raw("},\"event_refs\":");
        list(j, a.eventRefs());
        j.raw(",\"kind\":");
        str(j, a.kind().id());
        j.raw(",\"count\":").number(a.count());
        j.raw(",\"first_seen\":");
        str(j, time(a.firstSeen()));
        j.raw(",\"last_seen\":");
        str(j, time(a.lastSeen()));
        j.raw('}');
    }

    private static void str(JsonOut j, String s) {
        if (s == null) {
            j.raw("null");
        } else {
            j.string(s);
        }
    }

    private static void num(JsonOut j, Long v) {
        if (v == null) {
            j.raw("null");
        } else {
            j.number(v);
        }
    }

    private static void list(JsonOut j, List<String> l) {
        j.raw('[');
        for (int i = 0; i < l.size(); i++) {
            j.raw(i > 0 ? "," : "");
            str(j, l.get(i));
        }
        j.raw(']');
    }

    private void csv(Alert a) {
        JsonOut details = new JsonOut(256);
        details.raw('{');
        boolean first = true;
        for (Map.Entry<String, String> e : a.details().entrySet()) {
            details.raw(first ? "" : ",").string(e.getKey()).raw(':');
            str(details, e.getValue());
            first = false;
        }
        details.raw('}');
        String[] cells = {time(a.timestamp()), a.ruleId(), a.ruleTitle(), a.ruleAuthor(), a.ruleSource(), a.level().id(),
                String.join(";", a.tags()), String.join(";", a.attack()), a.computer(), a.channel(),
                a.eventId() == null ? null : a.eventId().toString(), a.recordId() == null ? null : a.recordId().toString(),
                a.file(), details.toString(), String.join(";", a.eventRefs()), a.kind().id(), Long.toString(a.count()),
                time(a.firstSeen()), time(a.lastSeen())};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                buf.raw(',');
            }
            cell(cells[i]);
        }
        buf.raw("\r\n");
    }

    /** RFC 4180: quote a cell holding a comma, quote, CR or LF, doubling its quotes. */
    private void cell(String s) {
        if (s == null) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            buf.text(s);
            return;
        }
        buf.raw('"');
        buf.text(s.replace("\"", "\"\""));
        buf.raw('"');
    }

    @Override
    public void close() throws IOException {
        flushBuffer();
        out.close();
    }
}
