package org.gamekeeper.evtx.write;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;

/**
 * Writes the data of one substitution value as Windows stores it in template instance data
 * (libyal "Value types"): little-endian integers, UTF-16LE strings without terminator (with one
 * between the items of an array), GUIDs in Windows byte order, SIDs in their binary form, and
 * Binary XML values as a nested fragment with its own template instance. Integers wider than
 * their type are cut to its width, as a C cast would.
 */
final class ValueEncoder {

    /** Windows' ANSI code page for Western systems; ISO-8859-1 where a runtime lacks it. */
    private static final Charset ANSI = Charset.isSupported("windows-1252")
            ? Charset.forName("windows-1252") : StandardCharsets.ISO_8859_1;

    /** Seconds from 1601-01-01, where FILETIME counts from, to 1970-01-01. */
    private static final long FILETIME_EPOCH_SECONDS = 11_644_473_600L;

    private ValueEncoder() {
    }

    static void write(ChunkWriter w, Value v) {
        try {
            writeChecked(w, v);
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("a " + v.type() + (v.array() ? " array" : "")
                    + " value must hold what Value's javadoc says, not " + v, e);
        }
    }

    private static void writeChecked(ChunkWriter w, Value v) {
        if (v.type() == ValueType.NULL) {
            return;
        }
        if (!v.array()) {
            one(w, v.type(), v.value(), false);
            return;
        }
        if (v.type() == ValueType.BINARY || v.type() == ValueType.BIN_XML) {
            throw new IllegalArgumentException("Windows has no array of " + v.type());
        }
        for (Object item : (List<?>) v.value()) {
            one(w, v.type(), item, true);
        }
    }

    private static void one(ChunkWriter w, ValueType type, Object o, boolean inArray) {
        switch (type) {
            case STRING, EVT_XML -> {
                w.utf16((String) o);
                if (inArray) {
                    w.u16(0);
                }
            }
            case ANSI_STRING -> {
                w.bytes(((String) o).getBytes(ANSI));
                if (inArray) {
                    w.u8(0);
                }
            }
            case INT8, UINT8 -> w.u8((int) number(o));
            case INT16, UINT16 -> w.u16((int) number(o));
            case INT32, UINT32, HEX_INT32 -> w.u32((int) number(o));
            case INT64, UINT64, HEX_INT64, SIZE_T, EVT_HANDLE -> w.u64(number(o));
            case REAL32 -> w.u32(Float.floatToRawIntBits(((Number) o).floatValue()));
            case REAL64 -> w.u64(Double.doubleToRawLongBits(((Number) o).doubleValue()));
            case BOOL -> w.u32(((Boolean) o) ? 1 : 0);
            case BINARY -> w.bytes((byte[]) o);
            case GUID -> w.bytes(guid((UUID) o));
            case FILETIME -> w.u64(filetime((Instant) o));
            case SYSTEMTIME -> systemtime(w, (Instant) o);
            case SID -> w.bytes(sid((String) o));
            case BIN_XML -> BinXmlEncoder.writeFragment(w, (XmlNode.Element) o);
            case NULL -> { }
            default -> throw new IllegalArgumentException("cannot write value type " + type);
        }
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }

    /** A FILETIME: 100-nanosecond intervals since 1601-01-01 UTC. */
    static long filetime(Instant t) {
        return (t.getEpochSecond() + FILETIME_EPOCH_SECONDS) * 10_000_000L + t.getNano() / 100;
    }

    /** A GUID as Windows stores it: Data1, Data2, Data3 little-endian, Data4 as is. */
    static byte[] guid(UUID u) {
        long msb = u.getMostSignificantBits();
        long lsb = u.getLeastSignificantBits();
        byte[] b = new byte[16];
        int d1 = (int) (msb >>> 32);
        b[0] = (byte) d1;
        b[1] = (byte) (d1 >>> 8);
        b[2] = (byte) (d1 >>> 16);
        b[3] = (byte) (d1 >>> 24);
        b[4] = (byte) (msb >>> 16);
        b[5] = (byte) (msb >>> 24);
        b[6] = (byte) msb;
        b[7] = (byte) (msb >>> 8);
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) (lsb >>> (56 - 8 * i));
        }
        return b;
    }

    private static void systemtime(ChunkWriter w, Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        w.u16(d.getYear());
        w.u16(d.getMonthValue());
        w.u16(d.getDayOfWeek().getValue() % 7); // SYSTEMTIME counts from Sunday = 0
        w.u16(d.getDayOfMonth());
        w.u16(d.getHour());
        w.u16(d.getMinute());
        w.u16(d.getSecond());
        w.u16(d.getNano() / 1_000_000);
    }

    /** A SID in its binary form: revision, sub-authority count, 48-bit authority (big-endian), sub-authorities. */
    static byte[] sid(String text) {
        String[] parts = text.split("-");
        if (parts.length < 3 || !parts[0].equalsIgnoreCase("S")) {
            throw new IllegalArgumentException("not a SID: " + text);
        }
        int subs = parts.length - 3;
        byte[] b = new byte[8 + 4 * subs];
        b[0] = (byte) Integer.parseInt(parts[1]);
        b[1] = (byte) subs;
        long authority = Long.parseLong(parts[2]);
        for (int i = 0; i < 6; i++) {
            b[2 + i] = (byte) (authority >>> (40 - 8 * i));
        }
        for (int i = 0; i < subs; i++) {
            ChunkWriter.put32(b, 8 + 4 * i, (int) Long.parseLong(parts[3 + i]));
        }
        return b;
    }
}
