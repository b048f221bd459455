package org.gamekeeper.evtx.binxml;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns substitution values into text (as Windows renders event XML) or Java objects
 * ({@link Value}): one place knows every value type. The JSON form (as the Rust {@code evtx_dump}
 * writes values) is the renderers', built on the text forms here. Public for the reader and the
 * renderers: internal to the library.
 */
public final class ValueFormat {
    /** FILETIME ticks (100 ns since 1601) at the Unix epoch. */
    static final long FILETIME_EPOCH = 116_444_736_000_000_000L;
    private static final Charset ANSI = windows1252();

    private ValueFormat() {
    }

    private static Charset windows1252() {
        try {
            return Charset.forName("windows-1252");
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    public static String ansi(byte[] b, int off, int len) {
        int n = len;
        while (n > 0 && b[off + n - 1] == 0) {
            n--;
        }
        return new String(b, off, n, ANSI);
    }

    // ---- text (XML and field values) -------------------------------------------------------

    /** Appends the text of one value (or of an array's elements joined by ", "). */
    public static void appendText(StringBuilder sb, byte[] b, int off, int size, int type) {
        if ((type & 0x80) != 0 && (type & 0x7f) != ValueType.BINARY.code()) {
            List<String> items = arrayTexts(b, off, size, type);
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(items.get(i));
            }
            return;
        }
        scalarText(sb, b, off, size, type & 0x7f);
    }

    public static String text(byte[] b, int off, int size, int type) {
        if ((type & 0x7f) == ValueType.STRING.code() && (type & 0x80) == 0) {
            return Bytes.utf16Trimmed(b, off, size);
        }
        StringBuilder sb = new StringBuilder(24);
        appendText(sb, b, off, size, type);
        return sb.toString();
    }

    /** Each element of an array value as text; a scalar gives one element. */
    public static List<String> arrayTexts(byte[] b, int off, int size, int type) {
        int t = type & 0x7f;
        List<String> out = new ArrayList<>();
        if ((type & 0x80) == 0) {
            out.add(text(b, off, size, type));
            return out;
        }
        if (t == ValueType.STRING.code()) {
            int end = off + (size & ~1);
            int start = off;
            for (int p = off; p < end; p += 2) {
                if (b[p] == 0 && b[p + 1] == 0) {
                    out.add(Bytes.utf16(b, start, (p - start) / 2));
                    start = p + 2;
                }
            }
            if (start < end) {
                out.add(Bytes.utf16(b, start, (end - start) / 2));
            }
            return out;
        }
        if (t == ValueType.ANSI_STRING.code()) {
            int start = off;
            for (int p = off; p < off + size; p++) {
                if (b[p] == 0) {
                    out.add(new String(b, start, p - start, ANSI));
                    start = p + 1;
                }
            }
            if (start < off + size) {
                out.add(new String(b, start, off + size - start, ANSI));
            }
            return out;
        }
        int width = elementWidth(t, size);
        if (width <= 0) {
            out.add(hexUpper(b, off, size));
            return out;
        }
        if (t == ValueType.SID.code()) {
            int p = off;
            while (p + 8 <= off + size) {
                int n = 8 + 4 * (b[p + 1] & 0xff);
                if (p + n > off + size) {
                    break;
                }
                out.add(sid(b, p, n));
                p += n;
            }
            return out;
        }
        for (int p = off; p + width <= off + size; p += width) {
            StringBuilder sb = new StringBuilder();
            scalarText(sb, b, p, width, t == ValueType.SIZE_T.code() ? (width == 8 ? 0x15 : 0x14) : t);
            out.add(sb.toString());
        }
        return out;
    }

    public static int elementWidth(int t, int size) {
        if (t == ValueType.SIZE_T.code()) {
            return size % 8 == 0 ? 8 : 4;
        }
        if (t == ValueType.SID.code()) {
            return 1;
        }
        ValueType vt = ValueType.of(t);
        return vt == null ? -1 : vt.fixedSize();
    }

    public static void scalarText(StringBuilder sb, byte[] b, int off, int size, int t) {
        switch (t) {
            case 0x00: return;
            case 0x01: sb.append(Bytes.utf16Trimmed(b, off, size)); return;
            case 0x02: sb.append(ansi(b, off, size)); return;
            case 0x03: if (size >= 1) { sb.append(b[off]); return; } break;
            case 0x04: if (size >= 1) { sb.append(b[off] & 0xff); return; } break;
            case 0x05: if (size >= 2) { sb.append(Bytes.i16(b, off)); return; } break;
            case 0x06: if (size >= 2) { sb.append(Bytes.u16(b, off)); return; } break;
            case 0x07: if (size >= 4) { sb.append(Bytes.i32(b, off)); return; } break;
            case 0x08: if (size >= 4) { sb.append(Bytes.u32(b, off)); return; } break;
            case 0x09: if (size >= 8) { sb.append(Bytes.i64(b, off)); return; } break;
            case 0x0a: if (size >= 8) { sb.append(Long.toUnsignedString(Bytes.i64(b, off))); return; } break;
            case 0x0b: if (size >= 4) { sb.append(floatText(Float.intBitsToFloat(Bytes.i32(b, off)))); return; } break;
            case 0x0c: if (size >= 8) { sb.append(doubleText(Double.longBitsToDouble(Bytes.i64(b, off)))); return; } break;
            case 0x0d: if (size >= 1) { sb.append(bool(b, off, size)); return; } break;
            case 0x0e: sb.append(hexUpper(b, off, size)); return;
            case 0x0f: if (size >= 16) { sb.append('{').append(guid(b, off, false)).append('}'); return; } break;
            case 0x10:
                if (size == 8) { sb.append("0x").append(Long.toHexString(Bytes.i64(b, off))); return; }
                if (size == 4) { sb.append("0x").append(Long.toHexString(Bytes.u32(b, off))); return; }
                break;
            case 0x11: if (size >= 8) { appendFileTime(sb, Bytes.i64(b, off), 7); return; } break;
            case 0x12: if (size >= 16) { appendSystemTime(sb, b, off, 3); return; } break;
            case 0x13: if (size >= 8) { sb.append(sid(b, off, size)); return; } break;
            case 0x14: if (size >= 4) { sb.append("0x").append(Long.toHexString(Bytes.u32(b, off))); return; } break;
            case 0x15: if (size >= 8) { sb.append("0x").append(Long.toHexString(Bytes.i64(b, off))); return; } break;
            case 0x20: if (size >= 8) { sb.append(Bytes.i64(b, off)); return; } if (size >= 4) { sb.append(Bytes.u32(b, off)); return; } break;
            case 0x23: sb.append(Bytes.utf16Trimmed(b, off, size)); return;
            default: break;
        }
        // A value too short for its type, or of an unknown type: show its bytes rather than lose them.
        sb.append(hexUpper(b, off, size));
    }

    public static boolean bool(byte[] b, int off, int size) {
        for (int i = 0; i < Math.min(size, 4); i++) {
            if (b[off + i] != 0) {
                return true;
            }
        }
        return false;
    }

    public static String floatText(float f) {
        if (f == (long) f && Math.abs(f) < 1e15) {
            return Long.toString((long) f);
        }
        return Float.toString(f);
    }

    public static String doubleText(double d) {
        if (d == (long) d && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    static String hexUpper(byte[] b, int off, int size) {
        char[] c = new char[size * 2];
        for (int i = 0; i < size; i++) {
            int v = b[off + i] & 0xff;
            c[2 * i] = Character.toUpperCase(Character.forDigit(v >>> 4, 16));
            c[2 * i + 1] = Character.toUpperCase(Character.forDigit(v & 0xf, 16));
        }
        return new String(c);
    }

    /** GUID text without braces, upper or lower case. */
    public static String guid(byte[] b, int off, boolean lower) {
        char[] c = new char[36];
        byte[] digits = lower ? LOWER_HEX : UPPER_HEX;
        hex(c, 0, Bytes.u32(b, off), 8, digits);
        c[8] = '-';
        hex(c, 9, Bytes.u16(b, off + 4), 4, digits);
        c[13] = '-';
        hex(c, 14, Bytes.u16(b, off + 6), 4, digits);
        c[18] = '-';
        int p = 19;
        for (int i = 8; i < 16; i++) {
            if (i == 10) {
                c[p++] = '-';
            }
            hex(c, p, b[off + i] & 0xff, 2, digits);
            p += 2;
        }
        return new String(c);
    }

    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static void hex(char[] c, int at, long v, int width, byte[] digits) {
        for (int i = width - 1; i >= 0; i--) {
            c[at + i] = (char) digits[(int) (v & 0xf)];
            v >>>= 4;
        }
    }

    static UUID uuid(byte[] b, int off) {
        return UUID.fromString(guid(b, off, true));
    }

    public static String sid(byte[] b, int off, int size) {
        int revision = b[off] & 0xff;
        int count = b[off + 1] & 0xff;
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (b[off + i] & 0xff);
        }
        StringBuilder sb = new StringBuilder(48).append("S-").append(revision).append('-').append(authority);
        for (int i = 0; i < count && off + 8 + 4 * i + 4 <= off + size; i++) {
            sb.append('-').append(Bytes.u32(b, off + 8 + 4 * i));
        }
        return sb.toString();
    }

    /** ISO-8601 UTC with {@code fractionDigits} (1 to 7) digits of the second and a Z. */
    static void appendFileTime(StringBuilder sb, long ticks, int fractionDigits) {
        byte[] a = new byte[40];
        int n = fileTime(a, 0, ticks, fractionDigits);
        for (int i = 0; i < n; i++) {
            sb.append((char) a[i]);
        }
    }

    /**
     * Writes a FILETIME (100 ns ticks since 1601) as ISO-8601 UTC ASCII with {@code fractionDigits}
     * (1 to 7) digits of the second and a Z (a time outside the years 0 to 9999 as its year alone)
     * into {@code out} at {@code at}, which has room for 28 bytes; returns where it ends. Builds
     * no String: JSON output writes every event's time through here.
     */
    public static int fileTime(byte[] out, int at, long ticks, int fractionDigits) {
        long unixTicks = ticks - FILETIME_EPOCH;
        long seconds;
        long frac;
        long days;
        long secs;
        if (unixTicks >= 0) {
            // The usual case, with plain division (floorDiv and floorMod cost more on the hot path).
            seconds = unixTicks / 10_000_000L;
            frac = unixTicks - seconds * 10_000_000L;
            days = seconds / 86_400L;
            secs = seconds - days * 86_400L;
        } else {
            seconds = Math.floorDiv(unixTicks, 10_000_000L);
            frac = Math.floorMod(unixTicks, 10_000_000L);
            days = Math.floorDiv(seconds, 86_400L);
            secs = Math.floorMod(seconds, 86_400L);
        }
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        if (y < 0 || y > 9999) {
            String year = Long.toString(y);
            for (int i = 0; i < year.length(); i++) {
                out[at++] = (byte) year.charAt(i);
            }
            return at;
        }
        int p = digits(out, at, (int) y, 4);
        out[p++] = '-';
        p = digits(out, p, (int) m, 2);
        out[p++] = '-';
        p = digits(out, p, (int) d, 2);
        out[p++] = 'T';
        p = digits(out, p, (int) (secs / 3600), 2);
        out[p++] = ':';
        p = digits(out, p, (int) ((secs / 60) % 60), 2);
        out[p++] = ':';
        p = digits(out, p, (int) (secs % 60), 2);
        out[p++] = '.';
        long f = frac;
        for (int i = 7; i > fractionDigits; i--) {
            f /= 10;
        }
        p = digits(out, p, (int) f, fractionDigits);
        out[p++] = 'Z';
        return p;
    }

    /** {@code width} decimal digits of {@code x} (not negative) with leading zeros; returns where they end. */
    private static int digits(byte[] out, int at, int x, int width) {
        for (int i = width - 1; i >= 0; i--) {
            // x / 10 as a multiply and shift (exact for every int): cheaper than a division.
            int q = (int) ((x * 3435973837L) >>> 35);
            out[at + i] = (byte) ('0' + (x - q * 10));
            x = q;
        }
        return at + width;
    }

    public static Instant fileTimeInstant(long ticks) {
        long unixTicks = ticks - FILETIME_EPOCH;
        return Instant.ofEpochSecond(Math.floorDiv(unixTicks, 10_000_000L), Math.floorMod(unixTicks, 10_000_000L) * 100);
    }

    public static long fileTimeMillis(long ticks) {
        long unixTicks = ticks - FILETIME_EPOCH;
        return unixTicks >= 0 ? unixTicks / 10_000L : Math.floorDiv(unixTicks, 10_000L);
    }

    public static void appendSystemTime(StringBuilder sb, byte[] b, int off, int fractionDigits) {
        int year = Bytes.u16(b, off);
        int month = Bytes.u16(b, off + 2);
        int day = Bytes.u16(b, off + 6);
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2).append('T');
        pad(sb, Bytes.u16(b, off + 8), 2).append(':');
        pad(sb, Bytes.u16(b, off + 10), 2).append(':');
        pad(sb, Bytes.u16(b, off + 12), 2).append('.');
        pad(sb, Bytes.u16(b, off + 14), 3);
        for (int i = 3; i < fractionDigits; i++) {
            sb.append('0');
        }
        sb.append('Z');
    }

    static Instant systemTimeInstant(byte[] b, int off) {
        try {
            return java.time.LocalDateTime.of(Bytes.u16(b, off), Bytes.u16(b, off + 2), Bytes.u16(b, off + 6),
                    Bytes.u16(b, off + 8), Bytes.u16(b, off + 10), Bytes.u16(b, off + 12),
                    Bytes.u16(b, off + 14) * 1_000_000).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        if (v < 0) {
            return sb.append(v);
        }
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    // ---- Java objects ----------------------------------------------------------------------

    static Value decode(byte[] b, int off, int size, int type, Fragment nested) {
        int t = type & 0x7f;
        ValueType vt = ValueType.of(t);
        if (vt == null) {
            return new Value(ValueType.BINARY, false, Arrays.copyOfRange(b, off, off + size));
        }
        if (vt == ValueType.BIN_XML) {
            return Value.of(vt, nested == null ? null : Expander.element(nested));
        }
        if ((type & 0x80) != 0 && vt != ValueType.BINARY) {
            List<Object> items = new ArrayList<>();
            if (vt == ValueType.STRING || vt == ValueType.ANSI_STRING || vt == ValueType.SID) {
                items.addAll(arrayTexts(b, off, size, type));
            } else {
                int width = elementWidth(t, size);
                for (int p = off; width > 0 && p + width <= off + size; p += width) {
                    items.add(scalar(b, p, width, t));
                }
            }
            return new Value(vt, true, items);
        }
        return new Value(vt, false, scalar(b, off, size, t));
    }

    /** The value, or null when its bytes are too few for its type (each branch boxes on its own: a nested ?: would unbox). */
    private static Object scalar(byte[] b, int off, int size, int t) {
        switch (t) {
            case 0x00: return null;
            case 0x01: return Bytes.utf16Trimmed(b, off, size);
            case 0x02: return ansi(b, off, size);
            case 0x03: return size >= 1 ? (long) b[off] : null;
            case 0x04: return size >= 1 ? (long) (b[off] & 0xff) : null;
            case 0x05: return size >= 2 ? (long) Bytes.i16(b, off) : null;
            case 0x06: return size >= 2 ? (long) Bytes.u16(b, off) : null;
            case 0x07: return size >= 4 ? (long) Bytes.i32(b, off) : null;
            case 0x08: case 0x14: return size >= 4 ? Bytes.u32(b, off) : null;
            case 0x09: case 0x0a: case 0x15: return size >= 8 ? Bytes.i64(b, off) : null;
            case 0x10: return size == 8 ? (Object) Bytes.i64(b, off) : size == 4 ? (Object) Bytes.u32(b, off) : null;
            case 0x0b: return size >= 4 ? Float.intBitsToFloat(Bytes.i32(b, off)) : null;
            case 0x0c: return size >= 8 ? Double.longBitsToDouble(Bytes.i64(b, off)) : null;
            case 0x0d: return bool(b, off, size);
            case 0x0e: return Arrays.copyOfRange(b, off, off + size);
            case 0x0f: return size >= 16 ? uuid(b, off) : null;
            case 0x11: return size >= 8 ? fileTimeInstant(Bytes.i64(b, off)) : null;
            case 0x12: return size >= 16 ? systemTimeInstant(b, off) : null;
            case 0x13: return size >= 8 ? sid(b, off, size) : null;
            case 0x20: return size >= 8 ? (Object) Bytes.i64(b, off) : size >= 4 ? (Object) Bytes.u32(b, off) : null;
            case 0x23: return Bytes.utf16Trimmed(b, off, size);
            default: return null;
        }
    }
}
