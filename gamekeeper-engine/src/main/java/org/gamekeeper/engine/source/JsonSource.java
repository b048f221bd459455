package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;

/**
 * Reads JSON events as users export them: one value per line, pretty-printed values one after
 * another, or one top-level array, in any of the shapes of {@link JsonShape}.
 *
 * <p>Why it frames before it parses: a parser that meets a broken value cannot go on, but
 * evidence must not be lost behind one bad line. So a small byte scanner finds where each
 * top-level value starts and ends (tracking strings and nesting), and only then is that one
 * value parsed ({@link JsonEventParser}, strict JSON with Jackson's bounds). A value on one line
 * inside the read buffer is parsed where it lies, and framed only if that fails, so a bad value
 * costs exactly itself either way; the scanner resynchronises on the next value. String values
 * stay bytes until a rule reads them ({@link org.gamekeeper.engine.Event#forEachValue}). Memory is one read buffer plus the largest event, which is
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

    private final int maxEventBytes;
    /** The zone of event times written without one (NXLog's EventTime); null for UTC. */
    private final ZoneId zone;
    private final int readBuffer;

    /** Bytes read at a time: events that cross the end of a read are framed and copied first, so few should. */
    private static final int READ_BUFFER = 1 << 20;
    /**
     * The event buffer a reader keeps after an event that spans read buffers: a file of
     * megabyte events would otherwise grow a new one from 8 KiB for each (twice the event's
     * size allocated and copied again); one of a bigger event is let go.
     */
    private static final int KEPT_BUFFER = 4 << 20;
    /**
     * How far a reader's read buffer grows after events of half its size or more: such events
     * mostly cross the end of a read, and each that does is parsed as far as the buffer goes,
     * framed byte by byte, copied and parsed again; in a larger buffer most are parsed once,
     * where they lie. Only from the default size (tests that make events cross reads keep theirs).
     */
    private static final int GROWN_READ_BUFFER = 8 << 20;

    /** A source with the default event size bound. */
    public JsonSource() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** A source that skips (and reports) events larger than {@code maxEventBytes}. */
    public JsonSource(int maxEventBytes) {
        this(maxEventBytes, READ_BUFFER);
    }

    /** As {@link #JsonSource(int)}, reading {@code readBuffer} bytes at a time (tests make most events cross a read). */
    JsonSource(int maxEventBytes, int readBuffer) {
        if (maxEventBytes < 2 || maxEventBytes > 1 << 30) {
            throw new IllegalArgumentException("maxEventBytes must be from 2 to 2^30: " + maxEventBytes);
        }
        if (readBuffer < 1) {
            throw new IllegalArgumentException("readBuffer must be positive: " + readBuffer);
        }
        this.maxEventBytes = maxEventBytes;
        this.readBuffer = readBuffer;
        this.zone = null;
    }

    private JsonSource(JsonSource base, ZoneId zone) {
        this.maxEventBytes = base.maxEventBytes;
        this.readBuffer = base.readBuffer;
        this.zone = zone == null || zone.normalized().equals(ZoneOffset.UTC) ? null : zone;
    }

    /** This source reading event times written without a zone as times of {@code zone} (default UTC). */
    public JsonSource withZonelessTimesIn(ZoneId zone) {
        return new JsonSource(this, zone);
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

        private final JsonEventParser parser = new JsonEventParser();
        private final JsonEventParser.Leaves leaves = new JsonEventParser.Leaves();
        private final JsonLayout.Cache layouts = new JsonLayout.Cache();
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
        /** The read buffer's size from the next read on (grown after large events, see {@link #GROWN_READ_BUFFER}). */
        private int wantedBuffer = readBuffer;

        Scan(String name, Consumer<Event> events, Consumer<Problem> problems) {
            this.name = name;
            this.events = events;
            this.problems = problems;
        }

        void run(InputStream in) {
            byte[] buf = new byte[readBuffer];
            long base = 0;
            boolean first = true;
            boolean end = false;
            while (!end) {
                if (wantedBuffer > buf.length) {
                    buf = new byte[wantedBuffer]; // scan() has taken all it needs of the last one
                }
                // Fill the buffer: a decompressor hands out a few kilobytes a read, and each event
                // across the end of a buffer is framed and copied before it is parsed. Not
                // readNBytes: a read that fails would lose what it had.
                int n = 0;
                IOException failure = null;
                while (n < buf.length) {
                    int r;
                    try {
                        r = in.read(buf, n, buf.length - n);
                    } catch (IOException e) {
                        failure = e;
                        break;
                    }
                    if (r < 0) {
                        end = true;
                        break;
                    }
                    n += r;
                }
                int start = 0;
                if (first && n > 0) {
                    first = false;
                    if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                        start = 3;
                    }
                }
                scan(buf, start, n, base);
                base += n;
                if (failure != null) {
                    problems.accept(new Problem(name, -1, line, (inValue
                        ? "input ends inside the event starting at line " + valueLine
                        : "input ends") + " after " + base + " bytes (truncated or damaged: " + failure.getMessage() + ")"));
                    return;
                }
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
                        i = stringStop(buf, i, n);
                        if (i >= n) {
                            escape = i > n;
                            break;
                        }
                        b = buf[i];
                        if (b == '"') {
                            inString = false;
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
                    int after = whole(buf, i, n, base);
                    if (after > i) {
                        i = after - 1;
                        continue;
                    }
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

        /**
         * From {@code i} inside a string: the index of the closing quote or of a line break, past
         * escaped pairs; {@code n} at the end of the buffer, or {@code n + 1} when it ends on a
         * backslash whose escaped byte is in the next buffer. An escaped byte is skipped whatever
         * it is. Kept apart and small so the compiler keeps this loop, where most bytes go, tight.
         */
        private static int stringStop(byte[] buf, int i, int n) {
            while (i < n) {
                byte b = buf[i];
                if (b == '"' || b == '\n') {
                    return i;
                }
                if (b == '\\') {
                    if (i + 1 == n) {
                        return n + 1;
                    }
                    i += 2;
                } else {
                    i++;
                }
            }
            return n;
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

        /**
         * The fast way for the common case, a value on one line inside the read buffer: parsed
         * where it lies, without framing and copying it first. Returns the index after it, or -1
         * when anything is unusual (a line break, the end of the buffer, bad JSON, too large):
         * then the framing takes the value from its start as before, so what is reported and
         * what is read does not depend on which way a value went.
         */
        private int whole(byte[] buf, int i, int n, long base) {
            boolean eventObject;
            try {
                eventObject = parser.parse(buf, i, n, leaves);
            } catch (JsonEventParser.Fault f) {
                leaves.clear();
                return -1;
            }
            int after = parser.parsedEnd();
            if (parser.lineBreaks() > 0 || after - i > maxEventBytes) {
                leaves.clear();
                return -1;
            }
            emit(line, base + i, eventObject, buf);
            return after;
        }

        /** One complete top-level value is in {@code value}: parse it into an event. */
        private void end() {
            if (oversized) {
                problems.accept(new Problem(name, -1, valueLine, "event starting at line " + valueLine
                    + " is larger than " + maxEventBytes + " bytes; skipped"));
                return;
            }
            boolean eventObject;
            try {
                eventObject = parser.parse(value, valueLength, leaves);
            } catch (JsonEventParser.Fault f) {
                leaves.clear();
                long badLine = valueLine;
                for (int i = 0; i < f.at; i++) {
                    if (value[i] == '\n') {
                        badLine++;
                    }
                }
                problems.accept(new Problem(name, -1, badLine, "bad JSON in the event starting at line " + valueLine
                    + ": " + f.getMessage() + " (line " + badLine + ", byte " + (f.at + 1) + " of the event); skipped"));
                return;
            }
            emit(valueLine, valueOffset, eventObject, value);
            if (readBuffer >= READ_BUFFER && valueLength > wantedBuffer / 2) {
                wantedBuffer = (int) Math.min(GROWN_READ_BUFFER, Math.max(2L * wantedBuffer, 4L * valueLength));
            }
            if (value.length > KEPT_BUFFER) {
                value = new byte[8192]; // one huge event must not pin its buffer for the rest of the file
            }
        }

        /** The event just parsed from {@code bytes}: its string leaves keep their bytes, decoded when read. */
        private void emit(long atLine, long atOffset, boolean eventObject, byte[] bytes) {
            int n = leaves.count;
            boolean lazy = leaves.spanCount > 0;
            String[] texts = Arrays.copyOf(leaves.texts, n);
            long[] spans = lazy ? Arrays.copyOf(leaves.spans, n) : null;
            byte[] own = lazy ? Arrays.copyOfRange(bytes, parser.origin(), parser.parsedEnd()) : null;
            JsonLayout layout = layouts.get(leaves.paths, i -> JsonEvent.leaf(texts, spans, own, i), n, eventObject);
            leaves.clear();
            events.accept(new JsonEvent(name, atLine, atOffset, layout, texts, spans, own, zone));
        }
    }
}
