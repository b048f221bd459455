package org.gamekeeper.engine.source;

import org.gamekeeper.evtx.EventRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.BiConsumer;
import org.gamekeeper.engine.Event;

/**
 * One event read from JSON. Every field name, full path and INTERFACES.md name alike, is in one
 * hash map built when the event is read, so {@link #field} is a single lookup; a value is a
 * {@code String} or, for JSON arrays and repeated keys, a {@code List<String>}.
 */
final class JsonEvent implements Event {

    private final String file;
    private final long line;
    private final long offset;
    private final HashMap<String, Object> fields;
    private final String[] leafPaths;
    private final Object[] leafValues;
    private final int eventId;
    private final long recordId;
    private long millis;
    private boolean millisKnown;

    private JsonEvent(String file, long line, long offset, String[] leafPaths, Object[] leafValues,
                      HashMap<String, Object> fields) {
        this.file = file;
        this.line = line;
        this.offset = offset;
        this.leafPaths = leafPaths;
        this.leafValues = leafValues;
        this.fields = fields;
        this.eventId = (int) Math.min(Integer.MAX_VALUE, parseLong(first(fields.get("EventID"))));
        this.recordId = parseLong(first(fields.get("EventRecordID")));
    }

    /**
     * Builds an event from its leaves in document order ({@code path → String | List<String>}).
     * The map becomes the event's field index: the shape's names are added to it, not copied.
     */
    static JsonEvent of(String file, long line, long offset, LinkedHashMap<String, Object> leaves,
                        boolean hasEventObject) {
        int n = leaves.size();
        String[] paths = new String[n];
        Object[] values = new Object[n];
        int i = 0;
        for (var e : leaves.entrySet()) {
            paths[i] = e.getKey();
            values[i++] = e.getValue();
        }
        JsonShape.of(paths, hasEventObject).name(paths, values, leaves);
        return new JsonEvent(file, line, offset, paths, values, leaves);
    }

    /** Adds one value under {@code path}; a second value for the same path makes it multi-valued. */
    @SuppressWarnings("unchecked")
    static void add(LinkedHashMap<String, Object> leaves, String path, String value) {
        Object old = leaves.putIfAbsent(path, value);
        if (old instanceof String s) {
            List<String> list = new ArrayList<>(2);
            list.add(s);
            list.add(value);
            leaves.put(path, list);
        } else if (old != null) {
            ((List<String>) old).add(value);
        }
    }

    private HashMap<String, Object> loose;

    /** The value under {@code name}, or under its loose form (no spaces, any case) when the exact name is absent. */
    private Object value(String name) {
        Object v = fields.get(name);
        if (v != null) {
            return v;
        }
        if (loose == null) {
            loose = new HashMap<>(fields.size() * 2);
            for (var e : fields.entrySet()) {
                loose.putIfAbsent(EventRecord.looseName(e.getKey()), e.getValue());
            }
        }
        return loose.get(EventRecord.looseName(name));
    }

    @Override
    public String field(String name) {
        return first(value(name));
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean anyValue(String name, java.util.function.Predicate<String> test) {
        Object v = value(name);
        if (v == null) {
            return false;
        }
        if (v instanceof String s) {
            return test.test(s);
        }
        for (String s : (List<String>) v) {
            if (test.test(s)) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> fieldValues(String name) {
        Object v = value(name);
        if (v == null) {
            return List.of();
        }
        return v instanceof String s ? List.of(s) : Collections.unmodifiableList((List<String>) v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEachField(BiConsumer<String, String> sink) {
        for (int i = 0; i < leafPaths.length; i++) {
            Object v = leafValues[i];
            if (v instanceof String s) {
                sink.accept(leafPaths[i], s);
            } else {
                for (String s : (List<String>) v) {
                    sink.accept(leafPaths[i], s);
                }
            }
        }
    }

    @Override
    public long timestampMillis() {
        if (!millisKnown) {
            String t = field("TimeCreated");
            millis = t == null ? Long.MIN_VALUE : parseMillis(t, true);
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

    @Override
    public String toString() {
        return ref();
    }

    @SuppressWarnings("unchecked")
    private static String first(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        List<String> list = (List<String>) v;
        return list.isEmpty() ? null : list.get(0);
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
        char z = t.charAt(n - 1);
        boolean zoned = z == 'Z' || z == 'z'
            || n >= 25 && t.charAt(n - 3) == ':' && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-');
        if (!zoned && !zonelessIsUtc) {
            return Long.MIN_VALUE;
        }
        String iso = t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return Instant.parse(zoned ? iso : iso + 'Z').toEpochMilli();
        } catch (DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
