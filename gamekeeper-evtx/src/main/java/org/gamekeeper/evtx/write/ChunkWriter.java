package org.gamekeeper.evtx.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.gamekeeper.evtx.binxml.XmlNode;

/**
 * Builds one 64 KiB chunk the way Windows does: records appended one after another, each
 * name and template definition written inline the first time the chunk uses it and referenced
 * by offset afterwards, with the common string table (64 buckets) and template pointer table
 * (32 buckets) chaining every name and definition so a reader can find them. A record that
 * does not fit is rolled back whole, so the caller can start a new chunk with it.
 */
final class ChunkWriter {

    static final int CHUNK_SIZE = 0x10000;
    static final int HEADER_SIZE = 512;
    private static final int STRING_TABLE = 128;
    private static final int TEMPLATE_TABLE = 384;

    private byte[] buf = new byte[CHUNK_SIZE];
    private int pos = HEADER_SIZE;

    private final Map<String, Integer> names = new HashMap<>();
    private final Map<String, Integer> templates = new HashMap<>();
    private final int[] stringTable = new int[64];
    private final int[] templateTable = new int[32];

    // What the record being appended added, so a record that does not fit can be undone.
    private final List<String> newNames = new ArrayList<>();
    private final List<String> newTemplates = new ArrayList<>();

    private long firstNumber = -1;
    private long lastNumber;
    private long firstId;
    private long lastId;
    private int lastRecordOffset;
    private int records;

    /**
     * Appends one event record, or leaves the chunk as it was and returns false when the record
     * would not fit.
     */
    boolean tryAppend(XmlNode.Element event, long number, long id, long writtenFiletime) {
        int start = pos;
        int[] savedStrings = stringTable.clone();
        int[] savedTemplates = templateTable.clone();
        newNames.clear();
        newTemplates.clear();

        u32(0x00002a2a);
        u32(0); // size, patched below
        u64(id);
        u64(writtenFiletime);
        BinXmlEncoder.writeFragment(this, event);
        u8(BinXmlEncoder.EOF);
        while ((pos + 4 - start) % 8 != 0) {
            u8(0);
        }
        int size = pos + 4 - start;
        u32(size);
        patchU32(start + 4, size);

        if (pos > CHUNK_SIZE) {
            for (String n : newNames) {
                names.remove(n);
            }
            for (String t : newTemplates) {
                templates.remove(t);
            }
            System.arraycopy(savedStrings, 0, stringTable, 0, stringTable.length);
            System.arraycopy(savedTemplates, 0, templateTable, 0, templateTable.length);
            Arrays.fill(buf, start, Math.min(pos, buf.length), (byte) 0);
            pos = start;
            return false;
        }
        if (firstNumber < 0) {
            firstNumber = number;
            firstId = id;
        }
        lastNumber = number;
        lastId = id;
        lastRecordOffset = start;
        records++;
        return true;
    }

    int records() {
        return records;
    }

    /** The finished chunk: header fields, tables and both checksums filled in. */
    byte[] finish(boolean corruptHeaderChecksum, boolean corruptDataChecksum) {
        byte[] chunk = Arrays.copyOf(buf, CHUNK_SIZE);
        byte[] sig = "ElfChnk\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(sig, 0, chunk, 0, 8);
        put64(chunk, 8, firstNumber);
        put64(chunk, 16, lastNumber);
        put64(chunk, 24, firstId);
        put64(chunk, 32, lastId);
        put32(chunk, 40, 128);
        put32(chunk, 44, lastRecordOffset);
        put32(chunk, 48, pos);
        CRC32 data = new CRC32();
        data.update(chunk, HEADER_SIZE, pos - HEADER_SIZE);
        put32(chunk, 52, (int) data.getValue() ^ (corruptDataChecksum ? 0xffffffff : 0));
        put32(chunk, 120, 1); // every chunk Windows writes carries 1 here
        for (int i = 0; i < 64; i++) {
            put32(chunk, STRING_TABLE + 4 * i, stringTable[i]);
        }
        for (int i = 0; i < 32; i++) {
            put32(chunk, TEMPLATE_TABLE + 4 * i, templateTable[i]);
        }
        CRC32 header = new CRC32();
        header.update(chunk, 0, 120);
        header.update(chunk, 128, HEADER_SIZE - 128);
        put32(chunk, 124, (int) header.getValue() ^ (corruptHeaderChecksum ? 0xffffffff : 0));
        return chunk;
    }

    long firstId() {
        return firstId;
    }

    long lastId() {
        return lastId;
    }

    // --- names and templates -------------------------------------------------------------

    /**
     * Writes a name reference: the offset of the name, followed by the name itself when this is
     * its first use in the chunk (the offset then points just past itself, as Windows writes it).
     */
    void name(String name) {
        Integer at = names.get(name);
        if (at != null) {
            u32(at);
            return;
        }
        int offset = pos + 4;
        u32(offset);
        int hash = nameHash(name);
        int bucket = hash % 64;
        u32(stringTable[bucket]); // chain to the name that held this bucket before
        u16(hash);
        u16(name.length());
        utf16(name);
        u16(0);
        stringTable[bucket] = offset;
        names.put(name, offset);
        newNames.add(name);
    }

    /** Offset of the template definition with this shape in this chunk, or -1. */
    int templateOffset(String shape) {
        Integer at = templates.get(shape);
        return at == null ? -1 : at;
    }

    /** Records a definition just written at {@code offset}; returns the chain link it must hold. */
    int addTemplate(String shape, byte[] guid, int offset) {
        int bucket = templateBucket(guid);
        int previous = templateTable[bucket];
        templateTable[bucket] = offset;
        templates.put(shape, offset);
        newTemplates.add(shape);
        return previous;
    }

    /** [MS-EVEN6] 2.2.12 NameHash: hash = hash * 65599 + c over the UTF-16 code units, low 16 bits. */
    static int nameHash(String name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = h * 65599 + name.charAt(i);
        }
        return h & 0xffff;
    }

    /**
     * The template pointer table bucket: the same 65599 hash over the GUID's eight 16-bit words,
     * modulo 32: what every version 3.1 chunk of the corpus holds (EvtxWriterCorpusTest).
     */
    static int templateBucket(byte[] guid) {
        int h = 0;
        for (int i = 0; i < 16; i += 2) {
            h = h * 65599 + ((guid[i] & 0xff) | (guid[i + 1] & 0xff) << 8);
        }
        return Integer.remainderUnsigned(h, 32);
    }

    // --- little-endian output ------------------------------------------------------------

    int position() {
        return pos;
    }

    void u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
    }

    void u16(int v) {
        ensure(2);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
    }

    void u32(int v) {
        ensure(4);
        put32(buf, pos, v);
        pos += 4;
    }

    void u64(long v) {
        ensure(8);
        put64(buf, pos, v);
        pos += 8;
    }

    void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    void utf16(String s) {
        ensure(2 * s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            buf[pos++] = (byte) c;
            buf[pos++] = (byte) (c >>> 8);
        }
    }

    void patchU16(int at, int v) {
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >>> 8);
    }

    void patchU32(int at, int v) {
        put32(buf, at, v);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    static void put32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static void put64(byte[] b, int at, long v) {
        put32(b, at, (int) v);
        put32(b, at + 4, (int) (v >>> 32));
    }
}
