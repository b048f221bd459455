package org.gamekeeper.evtx.read;

import java.util.zip.CRC32;
import org.gamekeeper.evtx.binxml.Bytes;

/**
 * The 512-byte chunk header (libyal "Chunk header"), with both checksums verified.
 *
 * @param headerCrcOk CRC32 over bytes 0..120 and 128..512 matches
 * @param dataCrcOk   CRC32 over the event records (512 .. free space offset) matches
 */
public record ChunkHeader(long firstRecordNumber, long lastRecordNumber, long firstRecordId, long lastRecordId,
                          int headerSize, int lastRecordOffset, int freeSpaceOffset, long dataChecksum,
                          long headerChecksum, boolean headerCrcOk, boolean dataCrcOk) {

    static final byte[] MAGIC = {'E', 'l', 'f', 'C', 'h', 'n', 'k', 0};
    public static final int SIZE = 65536;
    public static final int HEADER_SIZE = 512;

    static boolean hasMagic(byte[] b) {
        return Bytes.matches(b, 0, MAGIC);
    }

    static ChunkHeader parse(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b, 0, 120);
        crc.update(b, 128, HEADER_SIZE - 128);
        long storedHeader = Bytes.u32(b, 124);
        boolean headerOk = crc.getValue() == storedHeader;
        int free = Bytes.i32(b, 48);
        long storedData = Bytes.u32(b, 52);
        boolean dataOk = false;
        if (free >= HEADER_SIZE && free <= b.length) {
            CRC32 data = new CRC32();
            data.update(b, HEADER_SIZE, free - HEADER_SIZE);
            dataOk = data.getValue() == storedData;
        }
        return new ChunkHeader(Bytes.i64(b, 8), Bytes.i64(b, 16), Bytes.i64(b, 24), Bytes.i64(b, 32),
                Bytes.i32(b, 40), Bytes.i32(b, 44), free, storedData, storedHeader, headerOk, dataOk);
    }
}
