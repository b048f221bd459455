package org.gamekeeper.engine.source;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.ValueSink;
import org.gamekeeper.engine.mapping.DerivedFields;

/**
 * One event read from JSON: its leaf texts in document order and the {@link JsonLayout} it shares
 * with every event of the same key set, which resolves a field name (full path, INTERFACES.md
 * name or loose form) to the texts it names, without a map per event.
 */
final class JsonEvent implements Event {

    private final String file;
    private final long line;
    private final long offset;
    private final JsonLayout layout;
    /** Per leaf: its text, or null until a string leaf is first read (then decoded from {@link #value}). */
    private final String[] texts;
    /** Per leaf that is not decoded yet: where in {@link #value} (see {@link JsonEventParser.Leaves}); else null. */
    private final long[] spans;
    /** The event's JSON bytes, when some leaf is a span; else null. */
    private final byte[] value;
    private final int eventId;
    private final long recordId;
    /** The zone of times written without one; null for UTC. */
    private final ZoneId zone;
    private long millis;
    private boolean millisKnown;
    private DerivedFields.Memo derived;

    JsonEvent(String file, long line, long offset, JsonLayout layout, String[] texts, long[] spans, byte[] value, ZoneId zone) {
        this.file = file;
        this.zone = zone;
        this.line = line;
        this.offset = offset;
        this.layout = layout;
        this.texts = texts;
        this.spans = spans;
        this.value = value;
        if (layout.escaped != null) {
            unescapeEventData();
        }
        this.eventId = (int) Math.min(Integer.MAX_VALUE, parseLong(text(layout.exactSlot("EventID"))));
        this.recordId = parseLong(text(layout.exactSlot("EventRecordID")));
    }

    /**
     * Wazuh's eventchannel decoder escapes the event data once more than JSON needs
     * ({@code "C:\\\\Windows"} in the file for {@code C:\Windows}; a quote as {@code \\\"}), a
     * long-standing quirk of its 4.x releases. When every backslash of the event's data is so
     * paired, that escaping is undone (the text then stands decoded, not as bytes); an event
     * with a lone backslash ({@code C:\Windows} as Windows wrote it) was not escaped and stays
     * as it is. The file's bytes are never changed.
     */
    private void unescapeEventData() {
        boolean[] escaped = layout.escaped;
        boolean any = false;
        for (int s = 0; s < escaped.length; s++) {
            if (escaped[s]) {
                for (int i : leaves(s)) {
                    int state = WazuhEscapes.state(leaf(i));
                    if (state == WazuhEscapes.LONE) {
                        return;
                    }
                    any |= state == WazuhEscapes.PAIRED;
                }
            }
        }
        if (!any) {
            return;
        }
        for (int s = 0; s < escaped.length; s++) {
            if (escaped[s]) {
                for (int i : leaves(s)) {
                    String t = texts[i];
                    if (t.indexOf('\\') >= 0) {
                        texts[i] = WazuhEscapes.undo(t);
                        if (spans != null) {
                            spans[i] = 0;
                        }
                    }
                }
            }
        }
    }

    /** The leaf indexes of slot {@code s}. */
    private int[] leaves(int s) {
        int[] all = layout.all[s];
        return all != null ? all : new int[] {layout.first[s]};
    }

    /** The first text of a slot, or null for -1. */
    private String text(int slot) {
        return slot < 0 ? null : leaf(layout.first[slot]);
    }

    /** The text of leaf {@code i}, decoded on first use. */
    private String leaf(int i) {
        return leaf(texts, spans, value, i);
    }

    /** Leaf {@code i} of these texts and spans of {@code value}, decoded (and kept) on first use. */
    static String leaf(String[] texts, long[] spans, byte[] value, int i) {
        String t = texts[i];
        if (t == null) {
            t = JsonEventParser.text(value, spans[i]);
            texts[i] = t; // a race decodes twice and stores equal texts: harmless
        }
        return t;
    }

    /**
     * Every value, the undecoded strings as their bytes where those read as the text does: a
     * search over all values (Sigma keywords) then decodes nothing.
     */
    @Override
    public void forEachValue(ValueSink sink) {
        if (allEscapedAscii() && sink.allEscapedAscii(value, 0, value.length)) {
            return;
        }
        for (int i = 0; i < texts.length; i++) {
            give(i, sink);
        }
    }

    /** 1 when {@link #allEscapedAscii()}, -1 when not, 0 until asked. */
    private byte wholeBytes;

    /**
     * True when the event's bytes hold every value as {@link ValueSink#allEscapedAscii} asks: each
     * leaf a string or number span of ASCII with at most the one-letter escapes, or a text written
     * as itself ({@code true}, {@code false}) or with nothing to find ({@code null}). A string
     * with {@code \\u} or {@code \/} escapes or beyond ASCII, or one decoded at once, is not.
     */
    private boolean allEscapedAscii() {
        byte w = wholeBytes;
        if (w == 0) {
            w = 1;
            if (spans == null) {
                w = -1;
            } else {
                for (int i = 0; i < spans.length && w == 1; i++) {
                    long span = spans[i];
                    if (span != 0) {
                        int kind = JsonEventParser.kind(span);
                        if (kind != JsonEventParser.PLAIN && kind != JsonEventParser.SIMPLE) {
                            w = -1;
                        }
                    } else {
                        String t = texts[i];
                        if (t == null || !(t.isEmpty() || t.equals("true") || t.equals("false"))) {
                            w = -1;
                        }
                    }
                }
            }
            wholeBytes = w;
        }
        return w == 1;
    }

    @Override
    public String field(String name) {
        if (DerivedFields.isDerived(name)) {
            return derived(name);
        }
        return text(layout.slot(name));
    }

    @Override
    public boolean anyValue(String name, Predicate<String> test) {
        if (DerivedFields.isDerived(name)) {
            String v = derived(name);
            return v != null && test.test(v);
        }
        int s = layout.slot(name);
        if (s < 0) {
            return false;
        }
        int[] all = layout.all[s];
        if (all == null) {
            return test.test(leaf(layout.first[s]));
        }
        for (int i : all) {
            if (test.test(leaf(i))) {
                return true;
            }
        }
        return false;
    }

    /** The field's undecoded strings as their bytes (as {@link #forEachValue(ValueSink)} gives them). */
    @Override
    public boolean forEachValue(String name, ValueSink sink) {
        if (DerivedFields.isDerived(name)) {
            String v = derived(name);
            if (v != null) {
                sink.text(v);
            }
            return true;
        }
        int s = layout.slot(name);
        if (s < 0) {
            return true;
        }
        int[] all = layout.all[s];
        if (all == null) {
            give(layout.first[s], sink);
        } else {
            for (int i : all) {
                give(i, sink);
            }
        }
        return true;
    }

    /** Leaf {@code i} to {@code sink}: its text when decoded or not a plain or simply escaped string, else its bytes. */
    private void give(int i, ValueSink sink) {
        String t = texts[i];
        if (t != null) {
            sink.text(t);
            return;
        }
        long span = spans[i];
        int kind = JsonEventParser.kind(span);
        int start = JsonEventParser.start(span);
        int length = JsonEventParser.end(span) - start;
        if (kind == JsonEventParser.PLAIN) {
            sink.ascii(value, start, length);
        } else if (kind == JsonEventParser.SIMPLE) {
            sink.escapedAscii(value, start, length);
        } else {
            sink.text(leaf(i));
        }
    }

    @Override
    public List<String> fieldValues(String name) {
        if (DerivedFields.isDerived(name)) {
            String v = derived(name);
            return v == null ? List.of() : List.of(v);
        }
        int s = layout.slot(name);
        if (s < 0) {
            return List.of();
        }
        int[] all = layout.all[s];
        if (all == null) {
            return List.of(leaf(layout.first[s]));
        }
        String[] values = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            values[i] = leaf(all[i]);
        }
        return List.of(values);
    }

    @Override
    public void forEachField(BiConsumer<String, String> sink) {
        String[] names = layout.names;
        for (int k = 0; k < names.length; k++) {
            int s = layout.slotAt(k);
            int[] all = layout.all[s];
            if (all == null) {
                sink.accept(names[s], leaf(layout.first[s]));
            } else {
                for (int i : all) {
                    sink.accept(names[s], leaf(i));
                }
            }
        }
    }

    /** As {@link #forEachField}, stopping at the first value that passes, with no capture per call. */
    @Override
    public boolean anyFieldValue(Predicate<String> test) {
        int n = layout.names.length;
        for (int s = 0; s < n; s++) {
            int[] all = layout.all[s];
            if (all == null) {
                if (test.test(leaf(layout.first[s]))) {
                    return true;
                }
            } else {
                for (int i : all) {
                    if (test.test(leaf(i))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private String derived(String name) {
        if (derived == null) {
            derived = new DerivedFields.Memo();
        }
        return derived.get(name, this);
    }

    @Override
    public long timestampMillis() {
        if (!millisKnown) {
            String t = field("TimeCreated");
            millis = t == null ? Long.MIN_VALUE : parseMillis(t, true);
            if (zone != null && millis != Long.MIN_VALUE && !zoned(t)) {
                // the text is the zone's wall-clock time: read as UTC above, now placed in the zone
                LocalDateTime local = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), 0, ZoneOffset.UTC);
                millis = local.atZone(zone).toEpochSecond() * 1000 + Math.floorMod(millis, 1000);
            }
            millisKnown = true;
        }
        return millis;
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public long recordId() {
        return recordId;
    }

    @Override
    public long line() {
        return line;
    }

    /** Byte offset of the event in the uncompressed content. */
    @Override
    public long offset() {
        return offset;
    }

    @Override
    public int eventId() {
        return eventId;
    }

    /** The event's JSON text when it keeps it (any string value is kept as bytes), else null. */
    byte[] text() {
        return value;
    }

    @Override
    public String toString() {
        return ref();
    }

    /** Digits only (an optional minus), else -1: no exceptions on the way in. */
    private static long parseLong(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * ISO-8601 ({@code T} or a space between date and time) in epoch milliseconds, or
     * {@link Long#MIN_VALUE}. Without a zone the time is UTC only when {@code zonelessIsUtc}:
     * true for {@code TimeCreated}, which Windows records in UTC (some exporters drop the
     * {@code Z}), false for NXLog's {@code EventTime}, which is the collector's local time.
     */
    static long parseMillis(String t, boolean zonelessIsUtc) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(10) != 'T' && t.charAt(10) != ' ') {
            return Long.MIN_VALUE;
        }
        boolean zoned = zoned(t);
        if (!zoned && !zonelessIsUtc) {
            return Long.MIN_VALUE;
        }
        long fast = fastMillis(t, n, zoned);
        if (fast != NOT_FAST) {
            return fast;
        }
        String iso = t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return Instant.parse(zoned ? iso : iso + 'Z').toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }

    /** The time text ends in a zone ({@code Z} or an offset {@code +hh:mm}). */
    static boolean zoned(String t) {
        int n = t.length();
        char z = n == 0 ? 0 : t.charAt(n - 1);
        return z == 'Z' || z == 'z' || n >= 25 && t.charAt(n - 3) == ':' && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-');
    }

    private static final long NOT_FAST = Long.MIN_VALUE + 1;

    /**
     * The common forms, {@code yyyy-MM-dd[T ]HH:mm:ss[.f{1,9}][Z]}, without {@link Instant#parse}
     * and its parsed-field maps (it was a tenth of the time of a JSON hunt); anything else
     * (offsets, leap seconds, a lower-case {@code z}, odd widths) is {@link #NOT_FAST} and goes the
     * general way, so both give the same answer for every text.
     */
    private static long fastMillis(String t, int n, boolean zoned) {
        int body = zoned ? n - 1 : n;
        if (zoned && t.charAt(n - 1) != 'Z') {
            return NOT_FAST;
        }
        if (t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return NOT_FAST;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
            || second < 0 || second > 59) {
            return NOT_FAST;
        }
        int millis = 0;
        if (body > 19) {
            int fraction = body - 20;
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return NOT_FAST;
            }
            int f = digits(t, 20, fraction);
            if (f < 0) {
                return NOT_FAST;
            }
            for (int i = fraction; i < 9; i++) {
                f *= 10;
            }
            millis = f / 1_000_000;
        }
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        int monthDays = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
        if (day > monthDays) {
            return NOT_FAST;
        }
        // days from the civil date (Howard Hinnant's algorithm), proleptic Gregorian like java.time
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = (long) era * 146097 + doe - 719468;
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The decimal number of {@code t[from, from + count)}, or -1 when one of them is not a digit. */
    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
