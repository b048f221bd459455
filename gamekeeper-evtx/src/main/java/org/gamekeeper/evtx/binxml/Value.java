package org.gamekeeper.evtx.binxml;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A typed Binary XML value. The Java form of {@code value} per type:
 * NULL: null; STRING, ANSI_STRING, SID (as {@code S-1-5-18}), EVT_XML: String;
 * every integer type, HEX_INT32/64, SIZE_T, EVT_HANDLE: Long (UINT64 and HEX_INT64 as unsigned bits);
 * REAL32: Float; REAL64: Double; BOOL: Boolean; BINARY: byte[]; GUID: java.util.UUID;
 * FILETIME and SYSTEMTIME: java.time.Instant; BIN_XML: {@link XmlNode.Element}.
 * An array value holds a {@code List} of those.
 */
public record Value(ValueType type, boolean array, Object value) implements XmlNode {

    public Value {
        Objects.requireNonNull(type, "type");
        if (array && !(value instanceof List)) {
            throw new IllegalArgumentException("an array value must hold a List");
        }
    }

    public static Value of(ValueType type, Object value) {
        return new Value(type, false, value);
    }

    public static Value string(String s) {
        return new Value(ValueType.STRING, false, s);
    }

    public static final Value NULL = new Value(ValueType.NULL, false, null);

    @Override
    public boolean equals(Object o) {
        return o instanceof Value v && v.type == type && v.array == array && Objects.deepEquals(deep(value), deep(v.value));
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, array, Arrays.deepHashCode(new Object[] {deep(value)}));
    }

    private static Object deep(Object v) {
        return v instanceof List<?> l ? l.toArray() : v;
    }

    @Override
    public String toString() {
        Object shown = value instanceof byte[] b ? HexFormat.of().withUpperCase().formatHex(b) : value;
        return type + (array ? "[]" : "") + ":" + shown;
    }
}
