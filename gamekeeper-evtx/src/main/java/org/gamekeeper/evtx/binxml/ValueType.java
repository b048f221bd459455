package org.gamekeeper.evtx.binxml;

/**
 * Binary XML value types ([MS-EVEN6] 2.2.4; libyal "Value types"). An array of a type is the
 * type's code with the 0x80 bit set; {@link Value#array()} carries that bit.
 */
public enum ValueType {
    NULL(0x00), STRING(0x01), ANSI_STRING(0x02),
    INT8(0x03), UINT8(0x04), INT16(0x05), UINT16(0x06), INT32(0x07), UINT32(0x08), INT64(0x09), UINT64(0x0a),
    REAL32(0x0b), REAL64(0x0c), BOOL(0x0d), BINARY(0x0e), GUID(0x0f), SIZE_T(0x10),
    FILETIME(0x11), SYSTEMTIME(0x12), SID(0x13), HEX_INT32(0x14), HEX_INT64(0x15),
    EVT_HANDLE(0x20), BIN_XML(0x21), EVT_XML(0x23);

    private static final ValueType[] BY_CODE = new ValueType[0x24];

    static {
        for (ValueType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    ValueType(int code) {
        this.code = code;
    }

    /** The type's code without the array bit. */
    public int code() {
        return code;
    }

    /** The type for a code (array bit ignored), or null for a code no type has. */
    public static ValueType of(int code) {
        int c = code & 0x7f;
        return c < BY_CODE.length ? BY_CODE[c] : null;
    }

    /** Size in bytes of one fixed-size value, or -1 for variable-size types. */
    public int fixedSize() {
        switch (this) {
            case INT8: case UINT8: return 1;
            case INT16: case UINT16: return 2;
            case INT32: case UINT32: case REAL32: case BOOL: case HEX_INT32: return 4;
            case INT64: case UINT64: case REAL64: case FILETIME: case HEX_INT64: return 8;
            case GUID: case SYSTEMTIME: return 16;
            default: return -1;
        }
    }
}
