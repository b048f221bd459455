package org.gamekeeper.evtx.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.gamekeeper.evtx.binxml.Bytes;
import org.gamekeeper.evtx.binxml.ValueFormat;

/**
 * A growable UTF-8 byte buffer with JSON and XML primitives. Strings can be written straight
 * from UTF-16LE record bytes, so rendering an event builds no intermediate {@code String}s.
 */
public final class JsonOut {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private byte[] buf;
    private int len;

    public JsonOut(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    public int length() {
        return len;
    }

    public void reset() {
        len = 0;
    }

    /** Cuts the buffer back to {@code n} bytes (n must not exceed the length). */
    public void setLength(int n) {
        len = n;
    }

    public byte[] array() {
        return buf;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public JsonOut raw(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** Text that needs no escaping (names, literals), as UTF-8. */
    public JsonOut raw(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else {
                codePoint(c);
                ensure(n - i);
            }
        }
        return this;
    }

    /** Bytes already in UTF-8 and escaped as needed. */
    public JsonOut bytes(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public JsonOut append(JsonOut other) {
        ensure(other.len);
        System.arraycopy(other.buf, 0, buf, len, other.len);
        len += other.len;
        return this;
    }

    public JsonOut number(long v) {
        if (v >= 0 && v < 10) {
            ensure(1);
            buf[len++] = (byte) ('0' + v);
            return this;
        }
        if (v == Long.MIN_VALUE) {
            return raw("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) {
            int x = (int) v;
            int digits = x < 10 ? 1 : x < 100 ? 2 : x < 1000 ? 3 : x < 10000 ? 4 : x < 100000 ? 5 : x < 1000000 ? 6
                    : x < 10000000 ? 7 : x < 100000000 ? 8 : x < 1000000000 ? 9 : 10;
            int end = len + digits;
            for (int i = end - 1; i >= len; i--) {
                // x / 10 as a multiply and shift (exact for every int): cheaper than a division.
                int q = (int) ((x * 3435973837L) >>> 35);
                buf[i] = (byte) ('0' + (x - q * 10));
                x = q;
            }
            len = end;
            return this;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = len + digits;
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len = end;
        return this;
    }

    public JsonOut unsigned(long v) {
        if (v >= 0) {
            return number(v);
        }
        // Above 2^63: all but the last digit, then the last, as Long.toUnsignedString does.
        long quotient = (v >>> 1) / 5;
        return number(quotient).raw((char) ('0' + (v - quotient * 10)));
    }

    /** "0x" then lowercase hex without padding, as Windows renders HexInt32/HexInt64. */
    public JsonOut hex(long v) {
        ensure(18);
        buf[len++] = '0';
        buf[len++] = 'x';
        int start = len;
        do {
            buf[len++] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        } while (v != 0);
        reverse(start, len - 1);
        return this;
    }

    /**
     * A FILETIME (100 ns ticks since 1601) as a quoted ISO-8601 UTC string with
     * {@code fractionDigits} (1 to 7) digits of the second, without building a String.
     */
    public JsonOut fileTimeString(long ticks, int fractionDigits) {
        ensure(40);
        buf[len++] = '"';
        len = ValueFormat.fileTime(buf, len, ticks, fractionDigits);
        buf[len++] = '"';
        return this;
    }

    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /** A GUID stored at {@code off} as a quoted upper-case string without braces (as evtx_dump writes it). */
    JsonOut guid(byte[] b, int off) {
        ensure(38);
        byte[] o = buf;
        int l = len;
        o[l++] = '"';
        l = hexDigits(o, l, Bytes.u32(b, off), 8);
        o[l++] = '-';
        l = hexDigits(o, l, Bytes.u16(b, off + 4), 4);
        o[l++] = '-';
        l = hexDigits(o, l, Bytes.u16(b, off + 6), 4);
        o[l++] = '-';
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                o[l++] = '-';
            }
            l = hexDigits(o, l, b[off + i] & 0xff, 2);
        }
        o[l++] = '"';
        len = l;
        return this;
    }

    private static int hexDigits(byte[] o, int at, long v, int width) {
        for (int i = width - 1; i >= 0; i--) {
            o[at + i] = UPPER_HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return at + width;
    }

    /** Fixed-width decimal with leading zeros. */
    public JsonOut digits(long v, int width) {
        ensure(width);
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            int x = (int) v;
            for (int i = width - 1; i >= 0; i--) {
                int q = (int) ((x * 3435973837L) >>> 35);
                buf[len + i] = (byte) ('0' + (x - q * 10));
                x = q;
            }
            len += width;
            return this;
        }
        for (int i = width - 1; i >= 0; i--) {
            buf[len + i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        len += width;
        return this;
    }

    public JsonOut upperHexByte(int b) {
        ensure(2);
        buf[len++] = (byte) Character.toUpperCase(HEX[(b >>> 4) & 0xf]);
        buf[len++] = (byte) Character.toUpperCase(HEX[b & 0xf]);
        return this;
    }

    public JsonOut lowerHexByte(int b) {
        ensure(2);
        buf[len++] = HEX[(b >>> 4) & 0xf];
        buf[len++] = HEX[b & 0xf];
        return this;
    }

    private void reverse(int i, int j) {
        while (i < j) {
            byte t = buf[i];
            buf[i++] = buf[j];
            buf[j--] = t;
        }
    }

    /** A JSON string literal, quoted and escaped; a String's characters are read in one bulk copy. */
    public JsonOut string(String s) {
        int n = s.length();
        char[] cs = chars(n);
        s.getChars(0, n, cs, 0);
        return string(cs, n);
    }

    /** A JSON string literal of any text, quoted and escaped. */
    public JsonOut string(CharSequence s) {
        if (s instanceof String str) {
            return string(str);
        }
        int n = s.length();
        char[] cs = chars(n);
        for (int i = 0; i < n; i++) {
            cs[i] = s.charAt(i);
        }
        return string(cs, n);
    }

    /** Characters of the text being written; a large one gets a buffer of its own. */
    private char[] chars = new char[256];

    private char[] chars(int n) {
        if (chars.length >= n) {
            return chars;
        }
        char[] cs = new char[Math.max(n, chars.length * 2)];
        if (cs.length <= 1 << 16) {
            chars = cs;
        }
        return cs;
    }

    private JsonOut string(char[] cs, int n) {
        ensure(6 * n + 2);
        byte[] b = buf;
        int l = len;
        b[l++] = '"';
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[l++] = (byte) c;
                } else {
                    l = escape(b, l, c);
                }
            } else if (c < 0x800) {
                b[l++] = (byte) (0xc0 | (c >>> 6));
                b[l++] = (byte) (0x80 | (c & 0x3f));
            } else {
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
                    cp = Character.toCodePoint(c, cs[++i]);
                }
                l = utf8(b, l, cp);
            }
        }
        b[l++] = '"';
        len = l;
        return this;
    }

    /** JSON escape of an ASCII quote, backslash or control character. */
    private static int escape(byte[] b, int l, char c) {
        b[l++] = '\\';
        switch (c) {
            case '"': b[l++] = '"'; return l;
            case '\\': b[l++] = '\\'; return l;
            case '\n': b[l++] = 'n'; return l;
            case '\r': b[l++] = 'r'; return l;
            case '\t': b[l++] = 't'; return l;
            case '\b': b[l++] = 'b'; return l;
            case '\f': b[l++] = 'f'; return l;
            default:
                b[l++] = 'u';
                b[l++] = '0';
                b[l++] = '0';
                b[l++] = HEX[(c >>> 4) & 0xf];
                b[l++] = HEX[c & 0xf];
                return l;
        }
    }

    /** UTF-8 of a code point of U+0800 or above; lone surrogates become U+FFFD. */
    private static int utf8(byte[] b, int l, int cp) {
        if (cp < 0x10000) {
            if (cp >= 0xd800 && cp <= 0xdfff) {
                cp = 0xfffd;
            }
            b[l++] = (byte) (0xe0 | (cp >>> 12));
            b[l++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
            b[l++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            b[l++] = (byte) (0xf0 | (cp >>> 18));
            b[l++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
            b[l++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
            b[l++] = (byte) (0x80 | (cp & 0x3f));
        }
        return l;
    }

    /** A JSON string literal from UTF-16LE bytes, without building a String. */
    public JsonOut stringUtf16(byte[] b, int off, int chars) {
        raw('"');
        utf16Body(b, off, chars, true);
        return raw('"');
    }

    private static final int KEY_CACHE_LIMIT = 100_000;
    private static final ConcurrentHashMap<String, byte[]> KEYS = new ConcurrentHashMap<>();

    /**
     * {@code "name":} for an object key. Keys are element and field names, a small set that
     * recurs in every event, so their escaped UTF-8 form is kept once and copied.
     */
    public JsonOut key(String name) {
        byte[] k = KEYS.get(name);
        if (k == null) {
            JsonOut tmp = new JsonOut(name.length() + 8);
            tmp.string(name).raw(':');
            k = Arrays.copyOf(tmp.buf, tmp.len);
            if (KEYS.size() < KEY_CACHE_LIMIT) {
                KEYS.put(name, k);
            }
        }
        ensure(k.length);
        System.arraycopy(k, 0, buf, len, k.length);
        len += k.length;
        return this;
    }

    /** Appends UTF-16LE text escaped for JSON (json=true) or XML text (json=false). */
    void utf16Body(byte[] b, int off, int chars, boolean json) {
        if (!json) {
            xmlUtf16(b, off, chars);
            return;
        }
        ensure(6 * chars);
        byte[] out = buf;
        int l = len;
        int i = 0;
        // Four UTF-16 units at a time while they are plain ASCII needing no escape: most event text.
        // Tested as four 16-bit lanes of one word: all below 0x80, none below 0x20, none '"' or '\\'.
        while (i + 8 <= chars) {
            long w0 = Bytes.i64(b, off + 2 * i);
            long w1 = Bytes.i64(b, off + 2 * i + 8);
            if (!plain(w0) || !plain(w1)) {
                break;
            }
            Bytes.put64(out, l, packed(w0) | packed(w1) << 32);
            l += 8;
            i += 8;
        }
        while (i + 4 <= chars) {
            long w = Bytes.i64(b, off + 2 * i);
            if (!plain(w)) {
                break;
            }
            Bytes.put32(out, l, (int) packed(w));
            l += 4;
            i += 4;
        }
        for (; i < chars; i++) {
            char c = (char) ((b[off + 2 * i] & 0xff) | (b[off + 2 * i + 1] & 0xff) << 8);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    out[l++] = (byte) c;
                } else {
                    l = escape(out, l, c);
                }
            } else if (c < 0x800) {
                out[l++] = (byte) (0xc0 | (c >>> 6));
                out[l++] = (byte) (0x80 | (c & 0x3f));
            } else {
                int cp = c;
                if (Character.isHighSurrogate(c) && i + 1 < chars) {
                    char lo = (char) ((b[off + 2 * i + 2] & 0xff) | (b[off + 2 * i + 3] & 0xff) << 8);
                    if (Character.isLowSurrogate(lo)) {
                        cp = Character.toCodePoint(c, lo);
                        i++;
                    }
                }
                l = utf8(out, l, cp);
            }
        }
        len = l;
    }

    /** Four UTF-16 units in one word: all ASCII, none a control character, quote or backslash. */
    private static boolean plain(long w) {
        return (w & 0xFF80FF80FF80FF80L) == 0
                && ((w + 0x0060006000600060L) & 0x0080008000800080L) == 0x0080008000800080L
                && !hasZeroLane(w ^ 0x0022002200220022L) && !hasZeroLane(w ^ 0x005C005C005C005CL);
    }

    /** The low bytes of the four 16-bit lanes of {@code w}, in order, as the low 32 bits. */
    private static long packed(long w) {
        return (w & 0xff) | ((w >>> 8) & 0xff00) | ((w >>> 16) & 0xff0000) | ((w >>> 24) & 0xff000000L);
    }

    /** True when some 16-bit lane of {@code x} (each below 0x80) is zero. */
    private static boolean hasZeroLane(long x) {
        return ((x - 0x0001000100010001L) & ~x & 0x8000800080008000L) != 0;
    }

    private void xmlUtf16(byte[] b, int off, int chars) {
        for (int i = 0; i < chars; i++) {
            char c = (char) ((b[off + 2 * i] & 0xff) | (b[off + 2 * i + 1] & 0xff) << 8);
            if (c < 0x80 && c >= 0x20 && c != '"' && c != '&' && c != '<' && c != '>' && c != '\'') {
                ensure(1);
                buf[len++] = (byte) c;
                continue;
            }
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < chars) {
                char lo = (char) ((b[off + 2 * i + 2] & 0xff) | (b[off + 2 * i + 3] & 0xff) << 8);
                if (Character.isLowSurrogate(lo)) {
                    codePoint(Character.toCodePoint(c, lo));
                    i++;
                    continue;
                }
            }
            xmlChar(c, true);
        }
    }

    /** XML text escaping; {@code attribute} also escapes quotes. */
    public JsonOut xmlChar(char c, boolean attribute) {
        switch (c) {
            case '&': return raw("&amp;");
            case '<': return raw("&lt;");
            case '>': return raw("&gt;");
            case '\'': return attribute ? raw("&apos;") : raw(c);
            case '"': return attribute ? raw("&quot;") : raw(c);
            // One event per line: line breaks inside values (script blocks, messages) as references.
            case '\n': return raw("&#10;");
            case '\r': return raw("&#13;");
            default:
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0xfffe || c == 0xffff) {
                    // XML 1.0 cannot hold these even as character references: a damaged or hostile
                    // value must not make the line unreadable, so it shows the replacement character.
                    return codePoint(0xfffd);
                }
                return codePoint(c);
        }
    }

    public JsonOut xmlText(CharSequence s, boolean attribute) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                codePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                xmlChar(c, attribute);
            }
        }
        return this;
    }

    /** Text as UTF-8 with no escaping at all (CSV cells, already-quoted text). */
    public JsonOut text(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                codePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                codePoint(c);
            }
        }
        return this;
    }

    /** UTF-8 of one code point; lone surrogates become U+FFFD. */
    public JsonOut codePoint(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xc0 | (cp >>> 6));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            if (cp >= 0xd800 && cp <= 0xdfff) {
                cp = 0xfffd;
            }
            buf[len++] = (byte) (0xe0 | (cp >>> 12));
            buf[len++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            buf[len++] = (byte) (0xf0 | (cp >>> 18));
            buf[len++] = (byte) (0x80 | ((cp >>> 12) & 0x3f));
            buf[len++] = (byte) (0x80 | ((cp >>> 6) & 0x3f));
            buf[len++] = (byte) (0x80 | (cp & 0x3f));
        }
        return this;
    }
}
