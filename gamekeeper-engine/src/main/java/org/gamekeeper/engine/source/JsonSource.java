package org.gamekeeper.engine.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;

/**
 * Reads JSON events as users export them: one value per line, pretty-printed values one after
 * another, or one top-level array, in any of the shapes of {@link JsonShape}.
 *
 * <p>Why it frames before it parses: a parser that meets a broken value cannot go on, but
 * evidence must not be lost behind one bad line. So a small byte scanner finds where each
 * top-level value starts and ends (tracking strings and nesting), and only then is that one
 * value parsed with Jackson's streaming parser. A bad value costs exactly itself; the scanner
 * resynchronises on the next value. Memory is one read buffer plus the largest event, which is
 * bounded ({@link #DEFAULT_MAX_EVENT_BYTES}); a bigger one is reported and skipped.
 *
 * <p>How a broken value is told from a long one: JSON strings never hold a raw line break, so
 * a line break inside a string means the line was cut off; and pretty printers indent nested
 * content, so an opening brace that starts a line no deeper than the unfinished value starts a
 * new one.
 *
 * <p>Thread-safe: the state of a read lives in that read, so one instance serves parallel readers.
 */
public final class JsonSource implements EventSource {

    /** The largest single event read: 16 MiB. Real events are kilobytes; more is damage or not events. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 << 20;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final int maxEventBytes;

    /** A source with the default event size bound. */
    public JsonSource() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** A source that skips (and reports) events larger than {@code maxEventBytes}. */
    public JsonSource(int maxEventBytes) {
        if (maxEventBytes < 2) {
            throw new IllegalArgumentException("maxEventBytes must be at least 2: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** Reads a {@link InputKind#JSON} input; any other kind is the caller's mistake. */
    @Override
    public void read(InputFile in, Consumer<Event> events, Consumer<Problem> problems) {
        if (in.kind() != InputKind.JSON) {
            throw new IllegalArgumentException("not a JSON input: " + in.name() + " is " + in.kind());
        }
        InputStream content;
        try {
            content = in.open();
        } catch (IOException e) {
            problems.accept(new Problem(in.name(), -1, -1, "cannot open: " + e.getMessage()));
            return;
        }
        read(in.name(), content, events, problems);
    }

    /** Reads every event of {@code content} (uncompressed) and closes it; {@code name} labels events and problems. */
    public void read(String name, InputStream content, Consumer<Event> events, Consumer<Problem> problems) {
        try (InputStream in = content) {
            new Scan(name, events, problems).run(in);
        } catch (IOException closing) {
            problems.accept(new Problem(name, -1, -1, "error closing: " + closing.getMessage()));
        }
    }

    /** The state of one pass over one input. */
    private final class Scan {
        private final String name;
        private final Consumer<Event> events;
        private final Consumer<Problem> problems;

        private byte[] value = new byte[8192];
        private int valueLength;
        private boolean oversized;
        private long valueLine;
        private long valueOffset;
        private long valueColumn;

        private long line = 1;
        private long lineStart;
        private boolean lineBlank = true;

        private boolean inValue;
        private boolean skippingLine;
        private boolean inArray;
        private int depth;
        private boolean inString;
        private boolean escape;

        Scan(String name, Consumer<Event> events, Consumer<Problem> problems) {
            this.name = name;
            this.events = events;
            this.problems = problems;
        }

        void run(InputStream in) {
            byte[] buf = new byte[1 << 16];
            long base = 0;
            boolean first = true;
            while (true) {
                int n;
                try {
                    n = in.read(buf, 0, buf.length); // not readNBytes: a read that fails would lose what it had
                } catch (IOException e) {
                    problems.accept(new Problem(name, -1, line, (inValue
                        ? "input ends inside the event starting at line " + valueLine
                        : "input ends") + " after " + base + " bytes (truncated or damaged: " + e.getMessage() + ")"));
                    return;
                }
                if (n < 0) {
                    break;
                }
                int start = 0;
                if (first) {
                    first = false;
                    if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        start = 3;
                    }
                }
                scan(buf, start, n, base);
                base += n;
            }
            if (inValue) {
                problems.accept(new Problem(name, -1, valueLine,
                    "input ends inside the event starting at line " + valueLine + " (truncated?)"));
            } else if (inArray) {
                problems.accept(new Problem(name, -1, line, "input ends inside the top-level array (truncated?)"));
            }
        }

        private void scan(byte[] buf, int from, int n, long base) {
            int segment = inValue ? from : -1;
            for (int i = from; i < n; i++) {
                byte b = buf[i];
                if (inValue) {
                    if (inString) {
                        if (escape) {
                            escape = false;
                            continue;
                        }
                        // most bytes are string content: run to the next one that matters
                        while (b != '"' && b != '\\' && b != '\n' && ++i < n) {
                            b = buf[i];
                        }
                        if (i == n) {
                            break;
                        }
                        if (b == '"') {
                            inString = false;
                        } else if (b == '\\') {
                            escape = true;
                        } else if (b == '\n') {
                            problems.accept(new Problem(name, -1, valueLine, "event starting at line " + valueLine
                                + " is cut off (line break inside a string at line " + line + "); skipped"));
                            inValue = false;
                            inString = false;
                            newLine(base + i);
                        }
                        continue;
                    }
                    if (b == '\n') {
                        newLine(base + i);
                        continue;
                    }
                    if (b == ' ' || b == '\t' || b == '\r') {
                        continue;
                    }
                    if (lineBlank) {
                        lineBlank = false;
                        if (b == '{' && line > valueLine && base + i - lineStart <= valueColumn) {
                            problems.accept(new Problem(name, -1, valueLine, "event starting at line " + valueLine
                                + " is cut off (a new event starts at line " + line + "); skipped"));
                            begin(base, i);
                            segment = i;
                            continue;
                        }
                    }
                    if (b == '"') {
                        inString = true;
                    } else if (b == '{' || b == '[') {
                        depth++;
                    } else if ((b == '}' || b == ']') && --depth == 0) {
                        append(buf, segment, i + 1);
                        inValue = false;
                        end();
                    }
                    continue;
                }
                if (b == '\n') {
                    newLine(base + i);
                    skippingLine = false;
                    continue;
                }
                if (skippingLine || b == ' ' || b == '\t' || b == '\r') {
                    continue;
                }
                lineBlank = false;
                if (b == '{') {
                    begin(base, i);
                    segment = i;
                } else if (inArray && b == ',') {
                    continue;
                } else if (inArray && b == ']') {
                    inArray = false;
                } else if (!inArray && b == '[') {
                    inArray = true;
                } else {
                    problems.accept(new Problem(name, -1, line, "unexpected '" + (char) (b & 0xFF)
                        + "' where an event should start; rest of line " + line + " skipped"));
                    skippingLine = true;
                }
            }
            if (inValue) {
                append(buf, segment, n);
            }
        }

        private void newLine(long at) {
            line++;
            lineStart = at + 1;
            lineBlank = true;
        }

        private void begin(long base, int i) {
            inValue = true;
            depth = 1;
            inString = false;
            escape = false;
            valueLength = 0;
            oversized = false;
            valueLine = line;
            valueOffset = base + i;
            valueColumn = valueOffset - lineStart;
        }

        private void append(byte[] buf, int from, int to) {
            int len = to - from;
            if (oversized || len <= 0) {
                return;
            }
            if ((long) valueLength + len > maxEventBytes) {
                oversized = true;
                return;
            }
            if (valueLength + len > value.length) {
                value = Arrays.copyOf(value, Math.min(maxEventBytes, Math.max(value.length * 2, valueLength + len)));
            }
            System.arraycopy(buf, from, value, valueLength, len);
            valueLength += len;
        }

        /** One complete top-level value is in {@code value}: parse it into an event. */
        private void end() {
            if (oversized) {
                problems.accept(new Problem(name, -1, valueLine, "event starting at line " + valueLine
                    + " is larger than " + maxEventBytes + " bytes; skipped"));
                return;
            }
            LinkedHashMap<String, Object> leaves = new LinkedHashMap<>(64);
            boolean eventObject;
            try (JsonParser p = FACTORY.createParser(value, 0, valueLength)) {
                p.nextToken();
                eventObject = object(p, "", leaves);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                long badLine = at == null ? valueLine : valueLine + at.getLineNr() - 1;
                problems.accept(new Problem(name, -1, badLine, "bad JSON in the event starting at line " + valueLine
                    + ": " + e.getOriginalMessage() + "; skipped"));
                return;
            } catch (IOException e) {
                throw new IllegalStateException("reading a byte array cannot fail", e);
            }
            events.accept(JsonEvent.of(name, valueLine, valueOffset, leaves, eventObject));
            if (value.length > (1 << 20)) {
                value = new byte[8192]; // one huge event must not pin its buffer for the rest of the file
            }
        }

        /**
         * Flattens the object the parser is at into {@code leaves}. {@code #attributes} and
         * {@code #text} (evtx_dump's renderings of XML attributes and element text) add no path
         * segment: {@code TimeCreated.#attributes.SystemTime} is {@code TimeCreated.SystemTime}.
         * Returns whether the top-level key {@code Event} held an object (the evtx_dump shape).
         */
        private boolean object(JsonParser p, String prefix, LinkedHashMap<String, Object> leaves) throws IOException {
            boolean eventObject = false;
            boolean xml = prefix.startsWith("Event");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (xml && key.length() > 1 && key.charAt(0) == '@') {
                    key = key.substring(1); // xmltodict-style attribute: @Name is the attribute Name
                }
                String path = key.equals("#attributes") || key.equals("#text") ? prefix
                    : prefix.isEmpty() ? key : prefix + '.' + key;
                if (prefix.isEmpty() && t == JsonToken.START_OBJECT && key.equals("Event")) {
                    eventObject = true;
                }
                value(p, t, path, leaves);
            }
            return eventObject;
        }

        private void value(JsonParser p, JsonToken t, String path, LinkedHashMap<String, Object> leaves)
            throws IOException {
            if (t == JsonToken.START_OBJECT && path.endsWith(".EventData.Data")) {
                dataElement(p, path, leaves);
            } else if (t == JsonToken.START_OBJECT) {
                object(p, path, leaves);
            } else if (t == JsonToken.START_ARRAY) {
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e == null) {
                        throw new JsonParseException(p, "end of event inside an array");
                    }
                    value(p, e, path, leaves);
                }
            } else if (t == JsonToken.VALUE_NULL) {
                JsonEvent.add(leaves, path, "");
            } else {
                JsonEvent.add(leaves, path, p.getText());
            }
        }

        /**
         * One rendered {@code <Data>} element. evtx_dump gives unnamed ones as {@code {"#text":[…]}};
         * XML-to-JSON converters (xmltodict and the like) give named ones as
         * {@code {"@Name":"CommandLine","#text":"…"}} or with the name under {@code #attributes}.
         * A named one becomes {@code …EventData.<Name>}, as evtx_dump itself would have written it.
         */
        private void dataElement(JsonParser p, String path, LinkedHashMap<String, Object> leaves) throws IOException {
            String name = null;
            LinkedHashMap<String, Object> own = new LinkedHashMap<>(4);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (key.equals("#attributes") && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String attribute = p.currentName();
                        JsonToken v = p.nextToken();
                        if (attribute.equals("Name") && v.isScalarValue()) {
                            name = p.getText();
                        } else {
                            value(p, v, path + '.' + attribute, leaves);
                        }
                    }
                } else if ((key.equals("@Name") || key.equals("Name")) && t.isScalarValue()) {
                    name = p.getText();
                } else if (key.equals("#text")) {
                    value(p, t, "", own);
                } else {
                    value(p, t, path + '.' + key, leaves);
                }
            }
            String target = name == null ? path : path.substring(0, path.length() - 4) + name;
            Object texts = own.get("");
            if (texts == null) {
                JsonEvent.add(leaves, target, "");
            } else if (texts instanceof String one) {
                JsonEvent.add(leaves, target, one);
            } else {
                for (Object text : (List<?>) texts) {
                    JsonEvent.add(leaves, target, (String) text);
                }
            }
        }
    }
}
