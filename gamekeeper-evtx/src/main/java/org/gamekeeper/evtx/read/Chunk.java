package org.gamekeeper.evtx.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.evtx.binxml.BinXmlException;
import org.gamekeeper.evtx.binxml.BinXmlParser;
import org.gamekeeper.evtx.binxml.Bytes;
import org.gamekeeper.evtx.binxml.Fragment;

/**
 * One 64 KiB chunk and what could be read from it. Reading never throws on bad data: a record
 * that cannot be parsed is reported and skipped, and reading resynchronises on the next record
 * signature so the records after it in the same chunk are still returned.
 *
 * @param index   chunk number in the file (0-based)
 * @param offset  absolute file offset of the chunk
 * @param header  the chunk header, or null when the chunk has none
 * @param unused  the chunk slot is all zeros (allocated, never written)
 */
public record Chunk(int index, long offset, ChunkHeader header, List<EventRecord> records, List<Damage> damage,
                    boolean unused) {

    static final int RECORD_HEADER = 24;
    private static final byte[] RECORD_MAGIC = {0x2a, 0x2a, 0, 0};

    /**
     * Parses a chunk's bytes ({@code data} may be shorter than 64 KiB when the file is truncated).
     *
     * @param carve also recover records from the slack space after the last valid record
     */
    static Chunk parse(String file, int index, long offset, byte[] data, boolean carve) {
        List<Damage> damage = new ArrayList<>(0);
        if (data.length < ChunkHeader.HEADER_SIZE) {
            if (!allZero(data, 0, data.length)) {
                damage.add(new Damage(offset, Damage.Kind.TRUNCATED, "file ends inside a chunk header (" + data.length + " bytes)"));
            }
            return new Chunk(index, offset, null, List.of(), damage, damage.isEmpty());
        }
        if (!ChunkHeader.hasMagic(data)) {
            if (allZero(data, 0, data.length)) {
                return new Chunk(index, offset, null, List.of(), List.of(), true);
            }
            if (find(data, ChunkHeader.HEADER_SIZE, data.length) < 0) {
                damage.add(new Damage(offset, Damage.Kind.GARBAGE, "chunk slot " + index + " holds no chunk and no records ("
                        + data.length + " bytes of unrecognised data); skipped"));
                return new Chunk(index, offset, null, List.of(), damage, false);
            }
            damage.add(new Damage(offset, Damage.Kind.CHUNK_MAGIC, "chunk " + index
                    + " has no ElfChnk signature; chunk skipped (--carve recovers its records)"));
            List<EventRecord> recovered = new ArrayList<>();
            if (carve) {
                BinXmlParser parser = new BinXmlParser(data);
                scan(file, index, offset, data, ChunkHeader.HEADER_SIZE, data.length, parser, recovered, damage, true, null, null);
            }
            return new Chunk(index, offset, null, recovered, damage, false);
        }
        ChunkHeader h = ChunkHeader.parse(data);
        if (!h.headerCrcOk()) {
            damage.add(new Damage(offset, Damage.Kind.CHUNK_HEADER_CRC, "chunk " + index + " header checksum mismatch"));
        }
        int end = h.freeSpaceOffset();
        boolean freeOk = end >= ChunkHeader.HEADER_SIZE && end <= ChunkHeader.SIZE;
        if (!freeOk) {
            damage.add(new Damage(offset + 48, Damage.Kind.CHUNK_HEADER, "chunk " + index + " free-space offset " + end + " is invalid"));
            end = data.length;
        } else if (!h.dataCrcOk()) {
            damage.add(new Damage(offset + 52, Damage.Kind.CHUNK_DATA_CRC, "chunk " + index + " event-records checksum mismatch"));
        }
        if (h.lastRecordOffset() >= end && h.lastRecordOffset() < data.length) {
            // The header says records go further than its free-space offset: read up to them.
            end = data.length;
        }
        if (end > data.length) {
            damage.add(new Damage(offset + data.length, Damage.Kind.TRUNCATED,
                    "file ends inside chunk " + index + " (" + data.length + " of " + end + " bytes)"));
            end = data.length;
        }
        BinXmlParser parser = new BinXmlParser(data);
        List<EventRecord> records = new ArrayList<>(128);
        List<EventRecord> stale = carve ? records : null;
        int stop = scan(file, index, offset, data, ChunkHeader.HEADER_SIZE, end, parser, records, damage, false, h, stale);
        if (carve && stop < data.length) {
            scan(file, index, offset, data, stop, data.length, parser, records, damage, true, null, null);
        }
        return new Chunk(index, offset, h, records, damage, false);
    }

    /**
     * Reads records from {@code from} to {@code end}; returns where the live records stop.
     * In carving mode only well-formed records (signature, size and copy of size agree) are taken
     * and nothing is reported for the rest of the slack. In live mode a record found by
     * resynchronising after damage whose number lies outside the chunk header's range is a stale
     * leftover (a partly overwritten chunk): it is not
     * a live record, goes to {@code stale} as recovered when carving was asked for, and its
     * failures are not damage.
     */
    private static int scan(String file, int index, long offset, byte[] b, int from, int end, BinXmlParser parser,
                            List<EventRecord> out, List<Damage> damage, boolean carving, ChunkHeader h, List<EventRecord> stale) {
        int pos = from;
        boolean resynced = false;
        while (pos + RECORD_HEADER + 4 <= end) {
            if (!Bytes.matches(b, pos, RECORD_MAGIC)) {
                if (allZero(b, pos, Math.min(end, pos + 8))) {
                    if (carving) {
                        int next = find(b, pos + 1, end);
                        if (next < 0) {
                            return end;
                        }
                        pos = next;
                        continue;
                    }
                    return pos;
                }
                int next = find(b, pos + 1, end);
                if (!carving) {
                    damage.add(new Damage(offset + pos, Damage.Kind.RECORD_HEADER, "chunk " + index
                            + ": no record signature at chunk offset " + pos
                            + (next < 0 ? "; rest of chunk skipped" : "; resumed at chunk offset " + next)));
                }
                if (next < 0) {
                    return end;
                }
                pos = next;
                resynced = true;
                continue;
            }
            long size = Bytes.u32(b, pos + 4);
            if (size < RECORD_HEADER + 4 || pos + size > b.length || Bytes.u32(b, (int) (pos + size - 4)) != size) {
                int next = find(b, pos + 4, end);
                if (!carving) {
                    damage.add(new Damage(offset + pos, Damage.Kind.RECORD_SIZE, "chunk " + index + ": record at chunk offset "
                            + pos + " has an inconsistent size " + size
                            + (next < 0 ? "; rest of chunk skipped" : "; resumed at chunk offset " + next)));
                }
                if (next < 0) {
                    return end;
                }
                pos = next;
                resynced = true;
                continue;
            }
            int recEnd = (int) (pos + size);
            long number = Bytes.i64(b, pos + 8);
            long written = Bytes.i64(b, pos + 16);
            boolean leftover = !carving && resynced && h != null && (number < h.firstRecordNumber() || number > h.lastRecordNumber());
            if (leftover && stale == null) {
                pos = recEnd;
                continue;
            }
            try {
                Fragment f = parser.parseEvent(pos + RECORD_HEADER, recEnd - 4);
                EventRecord r = new EventRecord(file, index, offset + pos, number, written, f, carving || leftover);
                // A record from slack must look like an event; otherwise it is noise, not evidence.
                if (!(carving || leftover) || r.plausible()) {
                    (leftover ? stale : out).add(r);
                }
            } catch (BinXmlException e) {
                if (!carving && !leftover) {
                    damage.add(new Damage(offset + e.offset(), Damage.Kind.RECORD_BINXML, "chunk " + index
                            + ": record " + number + " at file offset " + (offset + pos) + " skipped: " + e.getMessage()));
                }
            } catch (RuntimeException | StackOverflowError e) {
                // Defence in depth: a parser bug on hostile bytes must cost one record, not the run.
                if (!carving && !leftover) {
                    damage.add(new Damage(offset + pos, Damage.Kind.RECORD_BINXML, "chunk " + index + ": record " + number
                            + " at file offset " + (offset + pos) + " skipped: " + e));
                }
            }
            pos = recEnd;
        }
        return pos;
    }

    /** Next offset in [from, end) holding a record signature whose size and copy of size agree. */
    private static int find(byte[] b, int from, int end) {
        for (int p = from; p + RECORD_HEADER + 4 <= end; p++) {
            if (b[p] == 0x2a && b[p + 1] == 0x2a && b[p + 2] == 0 && b[p + 3] == 0) {
                long size = Bytes.u32(b, p + 4);
                if (size >= RECORD_HEADER + 4 && p + size <= b.length && Bytes.u32(b, (int) (p + size - 4)) == size) {
                    return p;
                }
            }
        }
        return -1;
    }

    private static final byte[] ZEROS = new byte[ChunkHeader.SIZE];

    static boolean allZero(byte[] b, int from, int to) {
        // Unused chunk slots are common (a log is allocated ahead): compare many bytes at a time.
        for (int at = from; at < to; at += ZEROS.length) {
            int n = Math.min(ZEROS.length, to - at);
            if (Arrays.mismatch(b, at, at + n, ZEROS, 0, n) >= 0) {
                return false;
            }
        }
        return true;
    }
}
