package org.gamekeeper.evtx.binxml;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian reads from byte arrays: EVTX is little-endian throughout. Callers check bounds.
 * Public for the reader and the renderers: internal to the library.
 */
public final class Bytes {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    public static int u8(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int u16(byte[] b, int off) {
        return (short) I16.get(b, off) & 0xffff;
    }

    public static short i16(byte[] b, int off) {
        return (short) I16.get(b, off);
    }

    public static int i32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    public static long u32(byte[] b, int off) {
        return ((int) I32.get(b, off)) & 0xffffffffL;
    }

    public static long i64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    public static void put32(byte[] b, int off, int v) {
        I32.set(b, off, v);
    }

    public static void put64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }

    /** Decodes {@code chars} UTF-16LE code units at {@code off}. */
    public static String utf16(byte[] b, int off, int chars) {
        // Most event text is Latin-1: build it from single bytes, which String stores compactly.
        byte[] latin = new byte[chars];
        int i = 0;
        for (; i < chars; i++) {
            if (b[off + 2 * i + 1] != 0) {
                break;
            }
            latin[i] = b[off + 2 * i];
        }
        if (i == chars) {
            return new String(latin, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] c = new char[chars];
        for (int k = 0; k < i; k++) {
            c[k] = (char) (latin[k] & 0xff);
        }
        for (; i < chars; i++) {
            c[i] = (char) (short) I16.get(b, off + 2 * i);
        }
        return new String(c);
    }

    /** Decodes UTF-16LE bytes, dropping trailing NUL characters as Windows' renderers do. */
    public static String utf16Trimmed(byte[] b, int off, int byteLen) {
        int chars = byteLen >>> 1;
        while (chars > 0 && (short) I16.get(b, off + 2 * (chars - 1)) == 0) {
            chars--;
        }
        return utf16(b, off, chars);
    }

    public static boolean matches(byte[] b, int off, byte[] magic) {
        if (off < 0 || off + magic.length > b.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[off + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
