package org.gamekeeper.evtx.render;

import java.util.List;
import org.gamekeeper.evtx.binxml.Bytes;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.ValueType;

/**
 * Substitution values in JSON as the Rust {@code evtx_dump} writes them: numbers as numbers,
 * strings, GUIDs, times, SIDs and hex integers as strings, arrays as arrays. Built on the text
 * forms of {@link ValueFormat}, which knows every value type.
 */
final class JsonValues {
    private JsonValues() {
    }

    static void append(JsonOut out, byte[] b, int off, int size, int type) {
        int t = type & 0x7f;
        if ((type & 0x80) != 0 && t != ValueType.BINARY.code()) {
            out.raw('[');
            if (t == ValueType.STRING.code() || t == ValueType.ANSI_STRING.code() || t == ValueType.SID.code()) {
                List<String> items = ValueFormat.arrayTexts(b, off, size, type);
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        out.raw(',');
                    }
                    out.string(items.get(i));
                }
            } else {
                int width = ValueFormat.elementWidth(t, size);
                int et = t == ValueType.SIZE_T.code() ? (width == 8 ? 0x15 : 0x14) : t;
                boolean first = true;
                for (int p = off; width > 0 && p + width <= off + size; p += width) {
                    if (!first) {
                        out.raw(',');
                    }
                    first = false;
                    append(out, b, p, width, et);
                }
            }
            out.raw(']');
            return;
        }
        switch (t) {
            case 0x00: out.raw("null"); return;
            case 0x01: {
                int chars = size >>> 1;
                while (chars > 0 && b[off + 2 * chars - 2] == 0 && b[off + 2 * chars - 1] == 0) {
                    chars--;
                }
                out.stringUtf16(b, off, chars);
                return;
            }
            case 0x03: if (size >= 1) { out.number(b[off]); return; } break;
            case 0x04: if (size >= 1) { out.number(b[off] & 0xff); return; } break;
            case 0x05: if (size >= 2) { out.number(Bytes.i16(b, off)); return; } break;
            case 0x06: if (size >= 2) { out.number(Bytes.u16(b, off)); return; } break;
            case 0x07: if (size >= 4) { out.number(Bytes.i32(b, off)); return; } break;
            case 0x08: if (size >= 4) { out.number(Bytes.u32(b, off)); return; } break;
            case 0x09: if (size >= 8) { out.number(Bytes.i64(b, off)); return; } break;
            case 0x0a: if (size >= 8) { out.unsigned(Bytes.i64(b, off)); return; } break;
            case 0x0b: if (size >= 4) { out.raw(jsonFloat(Float.intBitsToFloat(Bytes.i32(b, off)))); return; } break;
            case 0x0c: if (size >= 8) { out.raw(jsonDouble(Double.longBitsToDouble(Bytes.i64(b, off)))); return; } break;
            case 0x0d: if (size >= 1) { out.raw(ValueFormat.bool(b, off, size) ? "true" : "false"); return; } break;
            case 0x0f: if (size >= 16) { out.guid(b, off); return; } break;
            case 0x11:
                if (size >= 8) {
                    out.fileTimeString(Bytes.i64(b, off), 6);
                    return;
                }
                break;
            case 0x12:
                if (size >= 16) {
                    StringBuilder sb = new StringBuilder(28);
                    ValueFormat.appendSystemTime(sb, b, off, 6);
                    out.string(sb);
                    return;
                }
                break;
            case 0x13:
                if (size >= 8) {
                    // As sid() writes it, straight to bytes: digits and dashes need no escaping.
                    long authority = 0;
                    for (int i = 2; i < 8; i++) {
                        authority = (authority << 8) | (b[off + i] & 0xff);
                    }
                    out.raw("\"S-").number(b[off] & 0xff).raw('-').number(authority);
                    int count = b[off + 1] & 0xff;
                    for (int i = 0; i < count && off + 8 + 4 * i + 4 <= off + size; i++) {
                        out.raw('-').number(Bytes.u32(b, off + 8 + 4 * i));
                    }
                    out.raw('"');
                    return;
                }
                break;
            case 0x14: if (size >= 4) { out.raw('"').hex(Bytes.u32(b, off)).raw('"'); return; } break;
            case 0x15: if (size >= 8) { out.raw('"').hex(Bytes.i64(b, off)).raw('"'); return; } break;
            case 0x10:
                if (size == 8) { out.raw('"').hex(Bytes.i64(b, off)).raw('"'); return; }
                if (size == 4) { out.raw('"').hex(Bytes.u32(b, off)).raw('"'); return; }
                break;
            case 0x20: if (size >= 8) { out.number(Bytes.i64(b, off)); return; } break;
            default: break;
        }
        StringBuilder sb = new StringBuilder();
        ValueFormat.scalarText(sb, b, off, size, t);
        out.string(sb);
    }

    private static String jsonFloat(float f) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            return "null";
        }
        return ValueFormat.floatText(f);
    }

    private static String jsonDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        return ValueFormat.doubleText(d);
    }
}
