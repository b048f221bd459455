package org.gamekeeper.evtx.write;

import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/** Reads the written bytes back directly, independent of the writer's code, for structural checks. */
public final class WrittenBytes {

    public static final int FILE_HEADER = 4096;
    public static final int CHUNK = 65536;

    private WrittenBytes() {
    }

    public static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    public static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
    }

    public static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    public static long crc(byte[] b, int from, int length) {
        CRC32 c = new CRC32();
        c.update(b, from, length);
        return c.getValue();
    }

    /** Start offsets of the chunks present in the file, counted by size (not by the header). */
    public static List<Integer> chunks(byte[] file) {
        List<Integer> out = new ArrayList<>();
        for (int at = FILE_HEADER; at + CHUNK <= file.length; at += CHUNK) {
            out.add(at);
        }
        return out;
    }

    /** Offsets (in the file) of each chunk's records, walked by the records' own sizes. */
    public static List<Integer> records(byte[] file, int chunk) {
        List<Integer> out = new ArrayList<>();
        int free = (int) u32(file, chunk + 48);
        int at = chunk + 512;
        while (at < chunk + free) {
            out.add(at);
            at += (int) u32(file, at + 4);
        }
        return out;
    }

    public static List<Long> recordIds(byte[] file) {
        List<Long> ids = new ArrayList<>();
        for (int chunk : chunks(file)) {
            for (int r : records(file, chunk)) {
                ids.add(u64(file, r + 8));
            }
        }
        return ids;
    }
}
