package org.gamekeeper.engine.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gamekeeper.sigma.compile.ScratchBytes;

/**
 * Parses one framed JSON value (the bytes {@link JsonSource} cut out of the input) into the
 * leaves of an event: (path, text) pairs in document order, flattened as {@link JsonSource}
 * describes. Numbers keep their text, {@code null} becomes the empty text.
 *
 * <p>Why not Jackson, which this replaced: the value is already framed and bounded, and what the
 * engine wants from it is flat text leaves. A general streaming parser made a token per value, a
 * new path string per leaf ({@code prefix + '.' + key}) and a hash map per event, which together
 * cost more than evaluating the rules. Here a key is read straight from the bytes and resolved,
 * with its parent path, through a small cache to one shared path string; ASCII text without
 * escapes becomes a string with one copy.
 *
 * <p>The grammar is strict JSON with Jackson's default bounds (nesting depth, number and name
 * length), so what Jackson rejected is rejected: a value that is not JSON is a {@link Fault} at
 * a byte offset, which the caller turns into a problem naming the line. Not thread-safe: one
 * parser per read.
 */
final class JsonEventParser {

    /** Deepest nesting of objects and arrays accepted (Jackson's default). */
    static final int MAX_DEPTH = 1000;
    /** Longest number text accepted (Jackson's default). */
    static final int MAX_NUMBER_LENGTH = 1000;
    /** Longest field name accepted, in bytes (Jackson's default counts characters; close enough for a bound). */
    static final int MAX_NAME_LENGTH = 50_000;
    /**
     * Longest path accepted. Each nesting level holds its path while its members are read, so
     * without this bound long keys nested deep would hold gigabytes (depth × event size).
     */
    static final int MAX_PATH_LENGTH = 16_384;

    /** Where (byte offset in the value) and why the value is not JSON. */
    static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;
        final int at;

        Fault(String what, int at) {
            super(what, null, false, false);
            this.at = at;
        }
    }

    /**
     * A string leaf not decoded yet ({@link Leaves#spans}): its characters are the bytes
     * themselves (ASCII without escapes).
     */
    static final int PLAIN = 1;
    /** A string leaf not decoded yet: ASCII with only the escapes {@code \" \\ \b \f \n \r \t}. */
    static final int SIMPLE = 2;
    /** A string leaf not decoded yet: with {@code \\u} or {@code \/} escapes or UTF-8 beyond ASCII. */
    static final int OTHER = 3;
    /** Offsets up to here fit a span (30 bits); a leaf further into a value is decoded at once. */
    private static final int MAX_SPAN_OFFSET = (1 << 30) - 1;

    /** The kind ({@link #PLAIN}, {@link #SIMPLE}, {@link #OTHER}) of a span. */
    static int kind(long span) {
        return (int) (span >>> 62);
    }

    /** The first byte of a span's content (after the opening quote), from the start of the value. */
    static int start(long span) {
        return (int) (span >>> 32) & MAX_SPAN_OFFSET;
    }

    /** The index after a span's content (its closing quote), from the start of the value. */
    static int end(long span) {
        return (int) span;
    }

    /**
     * Leaves in document order; reused from event to event by one reader. A leaf is either a
     * text or, for a string, a span of the parsed bytes ({@code texts[i] == null}): most strings
     * of an event are never read by a rule, so they are checked (strict JSON) but decoded only
     * when asked for ({@link #text(byte[], long)}).
     */
    static final class Leaves {
        String[] paths = new String[64];
        String[] texts = new String[64];
        long[] spans = new long[64];
        int count;
        /** Leaves that are spans. */
        int spanCount;

        private void grow() {
            if (count == paths.length) {
                paths = Arrays.copyOf(paths, count * 2);
                texts = Arrays.copyOf(texts, count * 2);
                spans = Arrays.copyOf(spans, count * 2);
            }
        }

        void add(String path, String text) {
            grow();
            paths[count] = path;
            spans[count] = 0;
            texts[count++] = text;
        }

        /** A string leaf whose content is {@code [start, end)} of the value, of the given kind. */
        void addSpan(String path, int kind, int start, int end) {
            grow();
            paths[count] = path;
            texts[count] = null;
            spans[count++] = (long) kind << 62 | (long) start << 32 | end;
            spanCount++;
        }

        /** Leaf {@code i} of {@code from} again, under {@code path}. */
        void addFrom(Leaves from, int i, String path) {
            grow();
            paths[count] = path;
            texts[count] = from.texts[i];
            spans[count++] = from.spans[i];
            if (from.texts[i] == null) {
                spanCount++;
            }
        }

        /** Forgets the leaves, and the references to them, so a large value is not kept alive. */
        void clear() {
            if (paths.length > 1 << 16) {
                paths = new String[64];
                texts = new String[64];
                spans = new long[64];
            } else {
                Arrays.fill(paths, 0, count, null);
                Arrays.fill(texts, 0, count, null);
            }
            count = 0;
            spanCount = 0;
        }
    }

    private final PathCache keys = new PathCache();
    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    /** Where the value being parsed starts: spans are offsets from here. */
    private int origin;
    /** The content of the string {@link #skipString} read last: {@code [stringStart, stringEnd)}. */
    private int stringStart;
    private int stringEnd;
    private int parsedEnd;
    private int lineBreaks;

    /**
     * Parses the object in {@code bytes[0, length)} into {@code out}. Returns whether the
     * top-level key {@code Event} held an object (the evtx_dump shape).
     */
    boolean parse(byte[] bytes, int length, Leaves out) throws Fault {
        return parse(bytes, 0, length, out);
    }

    /**
     * Parses the object that starts at {@code bytes[from]} and ends before {@code to} into
     * {@code out}; afterwards {@link #parsedEnd} is the index after its closing brace and
     * {@link #lineBreaks} the raw line breaks it held. Fault offsets are indexes into {@code bytes}.
     */
    boolean parse(byte[] bytes, int from, int to, Leaves out) throws Fault {
        b = bytes;
        pos = from;
        origin = from;
        end = to;
        depth = 0;
        lineBreaks = 0;
        try {
            skipSpace();
            if (peek() != '{') {
                throw fault("an event must be a JSON object");
            }
            boolean eventObject = object("", out);
            parsedEnd = pos;
            return eventObject;
        } finally {
            b = null;
        }
    }

    /** Index of the first byte of the last object parsed (where its spans count from). */
    int origin() {
        return origin;
    }

    /** Index after the last object parsed. */
    int parsedEnd() {
        return parsedEnd;
    }

    /** Raw line breaks (between tokens) in the last object parsed. */
    int lineBreaks() {
        return lineBreaks;
    }

    /**
     * The object at {@code pos}: each key adds a segment to {@code prefix}, except evtx_dump's
     * {@code #attributes} and {@code #text}, and under {@code Event} an xmltodict-style
     * {@code @Name} is the attribute {@code Name}.
     */
    private boolean object(String prefix, Leaves out) throws Fault {
        enter();
        boolean eventObject = false;
        skipSpace();
        if (peek() == '}') {
            pos++;
            depth--;
            return false;
        }
        while (true) {
            PathCache.Key k = key(prefix);
            byte c = peek();
            if (c == '{' && prefix.isEmpty() && k.raw.equals("Event")) {
                eventObject = true;
            }
            value(k.path, out);
            if (next()) {
                return eventObject;
            }
        }
    }

    /** After a member: true at the closing brace (consumed), false after a comma and before the next key. */
    private boolean next() throws Fault {
        skipSpace();
        byte c = peek();
        pos++;
        if (c == ',') {
            skipSpace();
            return false;
        }
        if (c == '}') {
            depth--;
            return true;
        }
        pos--;
        throw fault("expected ',' or '}' after a member");
    }

    /** A key and its colon; the value follows at {@code pos}. */
    private PathCache.Key key(String prefix) throws Fault {
        if (peek() != '"') {
            throw fault("expected a field name in double quotes");
        }
        int start = ++pos;
        int i = start;
        boolean plain = true;
        int h = 0; // the bytes' hash, as PathCache.bytesHash computes it: one pass finds the end and hashes
        while (true) {
            if (i >= end) {
                pos = i;
                throw fault("end of event inside a field name");
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                plain = false;
                h = 31 * h + c;
                if (i + 1 < end) {
                    h = 31 * h + b[i + 1];
                }
                i += 2; // an escaped quote does not end the name; the decoder checks the escape
                continue;
            }
            if (c < 0x20) {
                plain = false;
            }
            h = 31 * h + c;
            i++;
        }
        if (i > end) {
            pos = end;
            throw fault("end of event inside a field name");
        }
        if (i - start > MAX_NAME_LENGTH) {
            pos = start;
            throw fault("field name longer than " + MAX_NAME_LENGTH + " bytes");
        }
        PathCache.Key k = keys.get(prefix, b, start, i - start, h);
        if (k == null) {
            pos = start - 1;
            String raw = plain ? new String(b, start, i - start, StandardCharsets.ISO_8859_1) : string();
            k = keys.put(prefix, b, start, i - start, raw);
        }
        if (k.path.length() > MAX_PATH_LENGTH) {
            pos = start;
            throw fault("field path longer than " + MAX_PATH_LENGTH + " characters");
        }
        pos = i + 1;
        skipSpace();
        if (peek() != ':') {
            throw fault("expected ':' after a field name");
        }
        pos++;
        skipSpace();
        return k;
    }

    private void value(String path, Leaves out) throws Fault {
        byte c = peek();
        switch (c) {
            case '"' -> {
                int kind = skipString();
                span(path, kind, stringStart, stringEnd, out);
            }
            case '{' -> {
                if (path.endsWith(".EventData.Data")) {
                    dataElement(path, out);
                } else {
                    object(path, out);
                }
            }
            case '[' -> {
                enter();
                skipSpace();
                if (peek() == ']') {
                    pos++;
                    depth--;
                    return;
                }
                while (true) {
                    value(path, out);
                    skipSpace();
                    byte d = peek();
                    pos++;
                    if (d == ']') {
                        depth--;
                        return;
                    }
                    if (d != ',') {
                        pos--;
                        throw fault("expected ',' or ']' in an array");
                    }
                    skipSpace();
                }
            }
            case 'n' -> {
                literal("null");
                out.add(path, "");
            }
            case 't' -> out.add(path, literal("true"));
            case 'f' -> out.add(path, literal("false"));
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    int start = pos;
                    skipNumber();
                    span(path, PLAIN, start, pos, out);
                } else {
                    out.add(path, scalar());
                }
            }
        }
    }

    /** A string or number leaf as a span, or decoded at once when it lies too far into the value for one. */
    private void span(String path, int kind, int from, int to, Leaves out) {
        if (to - origin > MAX_SPAN_OFFSET) {
            out.add(path, text(b, from, to, kind));
        } else {
            out.addSpan(path, kind, from - origin, to - origin);
        }
    }

    /** A string, number, {@code true} or {@code false} at {@code pos}, as text; {@code null} is "null". */
    private String scalar() throws Fault {
        byte c = peek();
        if (c == '"') {
            return string();
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        if (c == 'n') {
            return literal("null");
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return number();
        }
        throw fault("unexpected character '" + printable(c) + "' where a value should start");
    }

    private static boolean startsScalar(byte c) {
        return c == '"' || c == 't' || c == 'f' || c == 'n' || c == '-' || c >= '0' && c <= '9';
    }

    /**
     * One rendered {@code <Data>} element. evtx_dump gives unnamed ones as {@code {"#text":[…]}};
     * XML-to-JSON converters (xmltodict and the like) give named ones as
     * {@code {"@Name":"CommandLine","#text":"…"}} or with the name under {@code #attributes}.
     * A named one becomes {@code …EventData.<Name>}, as evtx_dump itself would have written it.
     * Its other keys keep their raw names as path segments.
     */
    private void dataElement(String path, Leaves out) throws Fault {
        enter();
        String name = null;
        Leaves own = null;
        skipSpace();
        boolean closed = peek() == '}';
        if (closed) {
            pos++;
            depth--;
        }
        while (!closed) {
            PathCache.Key k = key(path);
            byte c = peek();
            if (k.raw.equals("#attributes") && c == '{') {
                enter();
                skipSpace();
                boolean done = peek() == '}';
                if (done) {
                    pos++;
                    depth--;
                }
                while (!done) {
                    PathCache.Key a = key(path);
                    if (a.raw.equals("Name") && startsScalar(peek())) {
                        name = scalar();
                    } else {
                        value(a.rawPath(), out);
                    }
                    done = next();
                }
            } else if ((k.raw.equals("@Name") || k.raw.equals("Name")) && startsScalar(c)) {
                name = scalar();
            } else if (k.raw.equals("#text")) {
                if (own == null) {
                    own = new Leaves();
                }
                value("", own);
            } else {
                value(k.rawPath(), out);
            }
            closed = next();
        }
        String target = name == null ? path : path.substring(0, path.length() - 4) + name;
        boolean any = false;
        if (own != null) {
            for (int i = 0; i < own.count; i++) {
                if (own.paths[i].isEmpty()) {
                    out.addFrom(own, i, target);
                    any = true;
                }
            }
        }
        if (!any) {
            out.add(target, "");
        }
    }

    /** The opening bracket at {@code pos}: one level deeper, within the bound. */
    private void enter() throws Fault {
        if (++depth > MAX_DEPTH) {
            throw fault("nesting deeper than " + MAX_DEPTH);
        }
        pos++;
    }

    private String literal(String word) throws Fault {
        int n = word.length();
        if (end - pos < n) {
            throw fault("unrecognised token where '" + word + "' was expected");
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw fault("unrecognised token where '" + word + "' was expected");
            }
        }
        pos += n;
        return word;
    }

    /** A number in the strict JSON grammar, as its text. */
    private String number() throws Fault {
        int start = pos;
        skipNumber();
        return new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /** Past a number in the strict JSON grammar: {@code -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private void skipNumber() throws Fault {
        int start = pos;
        int i = pos;
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end || b[i] < '0' || b[i] > '9') {
            pos = i;
            throw fault("a number needs a digit");
        }
        if (b[i] == '0' && i + 1 < end && b[i + 1] >= '0' && b[i + 1] <= '9') {
            pos = i;
            throw fault("leading zeroes are not allowed in a number");
        }
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            if (i >= end || b[i] < '0' || b[i] > '9') {
                pos = i;
                throw fault("a decimal point needs a digit after it");
            }
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i >= end || b[i] < '0' || b[i] > '9') {
                pos = i;
                throw fault("an exponent needs a digit");
            }
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            pos = start;
            throw fault("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        pos = i;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * The first index from {@code i} of a byte that ends a plain run: a quote, a backslash, a
     * control character or any byte of a multi-byte character (or {@code end}). Eight bytes are
     * tested at a time; in a word that holds such bytes the lowest bit the tests set marks the
     * first of them exactly (a borrow only starts at such a byte, so false marks lie above it).
     */
    private int plainRun(int i) {
        byte[] in = b;
        int stop = end;
        while (i + 8 <= stop) {
            long x = (long) LONGS.get(in, i);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long special = (x & HIGHS)
                    | ((quote - ONES) & ~quote & HIGHS)
                    | ((backslash - ONES) & ~backslash & HIGHS)
                    | ((x - ONES * 0x20) & ~x & HIGHS);
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        while (i < stop) {
            byte c = in[i];
            if (c == '"' || c == '\\' || c < 0x20) { // also every byte >= 0x80 (negative)
                return i;
            }
            i++;
        }
        return i;
    }

    /** The string whose opening quote is at {@code pos}, decoded; {@code pos} ends after the closing quote. */
    private String string() throws Fault {
        int kind = skipString();
        return text(b, stringStart, stringEnd, kind);
    }

    /**
     * Checks the string whose opening quote is at {@code pos} as strict JSON (escapes, control
     * characters, UTF-8 as leniently as Jackson: lead and continuation bytes, no overlong check)
     * without decoding it: its content is {@code [stringStart, stringEnd)}, {@code pos} ends
     * after the closing quote, and the result is its kind ({@link #PLAIN}, {@link #SIMPLE},
     * {@link #OTHER}), which says how {@link #text} decodes it.
     */
    private int skipString() throws Fault {
        int start = pos + 1;
        int kind = PLAIN;
        int i = plainRun(start);
        while (true) {
            if (i >= end) {
                pos = i;
                throw fault("end of event inside a string");
            }
            int c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                pos = i;
                if (i + 1 >= end) {
                    throw fault("end of event inside an escape");
                }
                int e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"', '\\', 'b', 'f', 'n', 'r', 't' -> {
                        if (kind == PLAIN) {
                            kind = SIMPLE;
                        }
                    }
                    case '/' -> kind = OTHER;
                    case 'u' -> {
                        for (int k = 0; k < 4; k++) {
                            if (i + k >= end || hex(b[i + k]) < 0) {
                                pos = i + k;
                                throw fault("bad \\u escape: four hex digits expected");
                            }
                        }
                        i += 4;
                        kind = OTHER;
                    }
                    default -> throw fault("unrecognised escape '\\" + printable((byte) e) + "'");
                }
            } else if (c >= 0) {
                pos = i;
                throw fault("control character " + c + " inside a string must be escaped");
            } else {
                c &= 0xFF;
                int need;
                if ((c & 0xE0) == 0xC0) {
                    need = 1;
                } else if ((c & 0xF0) == 0xE0) {
                    need = 2;
                } else if ((c & 0xF8) == 0xF0) {
                    need = 3;
                } else {
                    pos = i;
                    throw fault("invalid UTF-8 start byte 0x" + Integer.toHexString(c));
                }
                for (int k = 1; k <= need; k++) {
                    int d = i + k < end ? b[i + k] : 0;
                    if ((d & 0xC0) != 0x80) {
                        pos = i + k;
                        throw fault("invalid UTF-8 middle byte");
                    }
                }
                i += need + 1;
                kind = OTHER;
            }
            if (i >= end || b[i] != '\\') {
                i = plainRun(i); // an escape right after another (dense escapes) needs no run
            }
        }
        stringStart = start;
        stringEnd = i;
        pos = i + 1;
        return kind;
    }

    /** The text of a span of {@code value} (the bytes of the value the span was taken from). */
    static String text(byte[] value, long span) {
        return text(value, start(span), end(span), kind(span));
    }

    /**
     * The text of string content {@code b[from, to)} that {@link #skipString} found to be of
     * {@code kind} (so well formed: nothing here can fail). Decoded text is never longer than
     * its bytes: an escape is two or six bytes for one character, UTF-8 is one to four bytes
     * for one or two.
     */
    static String text(byte[] b, int from, int to, int kind) {
        if (kind == PLAIN) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        if (kind == SIMPLE) {
            // runs between escapes copied whole; the result is Latin-1, so built from bytes
            byte[] out = to - from >= LONG_TEXT ? SCRATCH.get(to - from) : new byte[to - from];
            int o = 0;
            int i = from;
            while (true) {
                int j = backslash(b, i, to);
                int run = j - i;
                if (run > 8) {
                    System.arraycopy(b, i, out, o, run);
                } else {
                    // a few bytes between escapes (megabytes of \" in a hostile value): no call per run
                    for (int k = 0; k < run; k++) {
                        out[o + k] = b[i + k];
                    }
                }
                o += run;
                if (j >= to) {
                    return new String(out, 0, o, StandardCharsets.ISO_8859_1);
                }
                out[o++] = (byte) unescape(b[j + 1]);
                i = j + 2;
            }
        }
        char[] out = new char[to - from];
        int o = 0;
        int i = from;
        while (i < to) {
            int c = b[i];
            if (c == '\\') {
                int e = b[i + 1];
                if (e == 'u') {
                    out[o++] = (char) (hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]));
                    i += 6;
                } else {
                    out[o++] = (char) unescape(e);
                    i += 2;
                }
            } else if (c >= 0) {
                out[o++] = (char) c;
                i++;
            } else if ((c & 0xE0) == 0xC0) {
                out[o++] = (char) ((c & 0x1F) << 6 | b[i + 1] & 0x3F);
                i += 2;
            } else if ((c & 0xF0) == 0xE0) {
                out[o++] = (char) ((c & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | b[i + 2] & 0x3F);
                i += 3;
            } else {
                int cp = ((c & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | b[i + 3] & 0x3F) - 0x10000;
                out[o++] = (char) (0xD800 | cp >> 10);
                out[o++] = (char) (0xDC00 | cp & 0x3FF);
                i += 4;
            }
        }
        return new String(out, 0, o);
    }

    /**
     * From this length of content on, {@link #text} decodes escapes into this thread's scratch
     * buffer rather than a new one the String then copies: a hostile value of megabytes of
     * escapes would allocate its size twice for each event.
     */
    private static final int LONG_TEXT = 1 << 16;
    private static final ScratchBytes SCRATCH = new ScratchBytes(4 << 20);

    /** The first backslash in {@code b[i, to)}, or {@code to}; eight bytes tested at a time. */
    private static int backslash(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long x = (long) LONGS.get(b, i) ^ ONES * '\\';
            long found = (x - ONES) & ~x & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        while (i < to && b[i] != '\\') {
            i++;
        }
        return i;
    }

    /** The character of a one-letter escape ({@code \\n} and the like, {@code \\"}, {@code \\\\}, {@code \\/}). */
    private static int unescape(int e) {
        return switch (e) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> e;
        };
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private void skipSpace() {
        while (pos < end) {
            byte c = b[pos];
            if (c > ' ') {
                return;
            }
            if (c == '\n') {
                lineBreaks++;
            } else if (c != ' ' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@code pos}; the end of the value is a fault (a framed value never ends early unless it is broken). */
    private byte peek() throws Fault {
        if (pos >= end) {
            throw fault("end of event where more was expected");
        }
        return b[pos];
    }

    private Fault fault(String what) {
        return new Fault(what, Math.min(pos, end));
    }

    private static String printable(byte c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : "0x" + Integer.toHexString(c & 0xFF);
    }

    /**
     * Keys resolved to paths, per parent path: the same key under the same parent is the same
     * path string, built once. Bounded: it is emptied when full (hostile input with endless
     * distinct keys costs time, never memory).
     */
    static final class PathCache {
        /** Keys kept, at most; then the cache starts again. */
        static final int MAX = 8192;
        /** Longer keys or paths are resolved every time, never kept: hostile names cannot pin memory. */
        static final int MAX_KEPT_LENGTH = 256;

        /** A key under one parent. */
        static final class Key {
            final String parent;
            final byte[] bytes;
            final int hash;
            /** The key as written. */
            final String raw;
            /** Its path as an object member (see {@link JsonEventParser#object}). */
            final String path;
            private String rawPath;
            Key next;

            Key(String parent, byte[] bytes, int hash, String raw) {
                this.parent = parent;
                this.bytes = bytes;
                this.hash = hash;
                this.raw = raw;
                boolean xml = parent.startsWith("Event");
                String key = xml && raw.length() > 1 && raw.charAt(0) == '@' ? raw.substring(1) : raw;
                this.path = key.equals("#attributes") || key.equals("#text") ? parent
                    : parent.isEmpty() ? key : parent + '.' + key;
            }

            /** {@code parent.raw}: the path of a non-text member of a rendered Data element. */
            String rawPath() {
                String p = rawPath;
                if (p == null) {
                    p = parent + '.' + raw;
                    rawPath = p;
                }
                return p;
            }
        }

        private Key[] table = new Key[4096];
        private int size;

        /** The hash of a key's bytes, as the parser computes it while it finds the key's end. */
        static int bytesHash(byte[] b, int off, int len) {
            int h = 0;
            for (int i = off, n = off + len; i < n; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }

        private static int hash(String parent, int bytesHash) {
            int h = parent.hashCode() * 0x9E3779B9 + bytesHash;
            return h ^ h >>> 16;
        }

        /** The key {@code b[off, off+len)} under {@code parent}, whose bytes hash to {@code bytesHash} ({@link #bytesHash}); or null. */
        Key get(String parent, byte[] b, int off, int len, int bytesHash) {
            int h = hash(parent, bytesHash);
            for (Key k = table[h & table.length - 1]; k != null; k = k.next) {
                if (k.hash == h && (k.parent == parent || k.parent.equals(parent))
                    && Arrays.equals(k.bytes, 0, k.bytes.length, b, off, off + len)) {
                    return k;
                }
            }
            return null;
        }

        Key put(String parent, byte[] b, int off, int len, String raw) {
            if (size >= MAX) {
                Arrays.fill(table, null);
                size = 0;
            } else if (size > table.length) {
                Key[] old = table;
                table = new Key[old.length * 2];
                for (Key k : old) {
                    while (k != null) {
                        Key next = k.next;
                        int i = k.hash & table.length - 1;
                        k.next = table[i];
                        table[i] = k;
                        k = next;
                    }
                }
            }
            int h = hash(parent, bytesHash(b, off, len));
            Key k = new Key(parent, Arrays.copyOfRange(b, off, off + len), h, raw);
            if (k.path.length() > MAX_KEPT_LENGTH || len > MAX_KEPT_LENGTH) {
                return k;
            }
            int i = h & table.length - 1;
            k.next = table[i];
            table[i] = k;
            size++;
            return k;
        }
    }
}
