package org.gamekeeper.evtx.read;

import java.util.zip.CRC32;
import org.gamekeeper.evtx.binxml.Bytes;

/**
 * The 4096-byte file header (libyal "File header").
 *
 * @param chunkCount  number of chunks the header claims; files not closed cleanly hold more
 * @param flags       0x1 dirty, 0x2 full
 * @param checksumOk  CRC32 of the first 120 bytes matches
 */
public record FileHeader(long firstChunk, long lastChunk, long nextRecordId, int headerSize, int minorVersion,
                         int majorVersion, int headerBlockSize, int chunkCount, int flags, long checksum,
                         boolean checksumOk) {

    static final byte[] MAGIC = {'E', 'l', 'f', 'F', 'i', 'l', 'e', 0};
    public static final int SIZE = 4096;

    public boolean dirty() {
        return (flags & 1) != 0;
    }

    public boolean full() {
        return (flags & 2) != 0;
    }

    static boolean hasMagic(byte[] b) {
        return Bytes.matches(b, 0, MAGIC);
    }

    static FileHeader parse(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, 120);
        long stored = Bytes.u32(b, 124);
        return new FileHeader(Bytes.i64(b, 8), Bytes.i64(b, 16), Bytes.i64(b, 24), Bytes.i32(b, 32),
                Bytes.u16(b, 36), Bytes.u16(b, 38), Bytes.u16(b, 40), Bytes.u16(b, 42), Bytes.i32(b, 120),
                stored, crc.getValue() == stored);
    }
}
