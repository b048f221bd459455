package org.gamekeeper.evtx.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.junit.jupiter.api.Test;


/** The written bytes checked directly: headers, checksums recomputed here, tables, records. */
class EvtxWriterStructureTest {

    private static final List<XmlNode.Element> EVENTS = WriterSamples.varied(300, 7);
    private static final byte[] FILE = EvtxWriter.standard().toBytes(EVENTS);

    @Test
    void fileHeaderCountsChunksAndRecordsAndCarriesItsChecksum() {
        List<Integer> chunks = WrittenBytes.chunks(FILE);
        assertTrue(chunks.size() >= 3, "expected several chunks, got " + chunks.size());
        assertEquals(4096 + chunks.size() * 65536, FILE.length);
        assertEquals("ElfFile\0", new String(FILE, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(0, WrittenBytes.u64(FILE, 8));
        assertEquals(chunks.size() - 1, WrittenBytes.u64(FILE, 16));
        assertEquals(1000 + EVENTS.size(), WrittenBytes.u64(FILE, 24), "next record identifier");
        assertEquals(128, WrittenBytes.u32(FILE, 32));
        assertEquals(1, WrittenBytes.u16(FILE, 36));
        assertEquals(3, WrittenBytes.u16(FILE, 38));
        assertEquals(4096, WrittenBytes.u16(FILE, 40));
        assertEquals(chunks.size(), WrittenBytes.u16(FILE, 42));
        assertEquals(0, WrittenBytes.u32(FILE, 120), "clean file: no flags");
        assertEquals(WrittenBytes.crc(FILE, 0, 120), WrittenBytes.u32(FILE, 124));
    }

    @Test
    void everyChunkHeaderAndRecordDataChecksumIsRight() {
        for (int c : WrittenBytes.chunks(FILE)) {
            assertChunkChecksums(FILE, c, true, true);
        }
    }

    @Test
    void chunkHeadersNameTheirFirstAndLastRecordsAndFreeSpace() {
        long number = 1;
        long id = 1000;
        for (int c : WrittenBytes.chunks(FILE)) {
            List<Integer> records = WrittenBytes.records(FILE, c);
            assertEquals("ElfChnk\0", new String(FILE, c, 8, StandardCharsets.US_ASCII));
            assertEquals(number, WrittenBytes.u64(FILE, c + 8));
            assertEquals(number + records.size() - 1, WrittenBytes.u64(FILE, c + 16));
            assertEquals(id, WrittenBytes.u64(FILE, c + 24));
            assertEquals(id + records.size() - 1, WrittenBytes.u64(FILE, c + 32));
            assertEquals(128, WrittenBytes.u32(FILE, c + 40));
            int last = records.get(records.size() - 1);
            assertEquals(last - c, WrittenBytes.u32(FILE, c + 44));
            assertEquals(last - c + WrittenBytes.u32(FILE, last + 4), WrittenBytes.u32(FILE, c + 48));
            number += records.size();
            id += records.size();
        }
        assertEquals(1 + EVENTS.size(), number);
    }

    @Test
    void recordsCarrySignatureSizeCopyAndSequentialIds() {
        List<Long> ids = new ArrayList<>();
        for (int c : WrittenBytes.chunks(FILE)) {
            for (int r : WrittenBytes.records(FILE, c)) {
                assertArrayEquals(new byte[] {0x2a, 0x2a, 0, 0}, java.util.Arrays.copyOfRange(FILE, r, r + 4));
                int size = (int) WrittenBytes.u32(FILE, r + 4);
                assertEquals(0, size % 8, "records are 8-byte aligned as Windows writes them");
                assertEquals(size, WrittenBytes.u32(FILE, r + size - 4), "copy of size");
                assertEquals(0x0f, FILE[r + 24], "fragment header");
                assertEquals(0x0c, FILE[r + 28], "template instance");
                ids.add(WrittenBytes.u64(FILE, r + 8));
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(1000 + i, ids.get(i));
        }
    }

    @Test
    void aTemplateIsDefinedOnceInAChunkAndReferencedAfterwards() {
        for (int c : WrittenBytes.chunks(FILE)) {
            Set<Long> defined = new HashSet<>();
            int inline = 0;
            int referenced = 0;
            for (int r : WrittenBytes.records(FILE, c)) {
                int instance = r + 28;
                long definition = WrittenBytes.u32(FILE, instance + 6);
                if (definition == instance + 10 - c) {
                    inline++;
                    assertTrue(defined.add(definition));
                    // the short template id is the first four bytes of the GUID
                    assertEquals(WrittenBytes.u32(FILE, instance + 2), WrittenBytes.u32(FILE, c + (int) definition + 4));
                } else {
                    referenced++;
                    assertTrue(definition < instance - c, "a reference points back into the chunk");
                    assertEquals(0x0f, FILE[c + (int) definition + 24], "a definition starts with a fragment header");
                }
            }
            assertTrue(inline >= 1, "each chunk defines its own templates");
            // Four shapes in the sample (the every-type event's nested payload is its own template).
            assertTrue(inline <= 5, "inline definitions in chunk: " + inline);
            assertTrue(referenced > inline, "templates are reused");
        }
    }

    @Test
    void templatePointerTableChainsEveryDefinitionInItsGuidBucket() {
        for (int c : WrittenBytes.chunks(FILE)) {
            int seen = 0;
            for (int bucket = 0; bucket < 32; bucket++) {
                long at = WrittenBytes.u32(FILE, c + 384 + 4 * bucket);
                while (at != 0) {
                    byte[] guid = java.util.Arrays.copyOfRange(FILE, c + (int) at + 4, c + (int) at + 20);
                    assertEquals(bucket, ChunkWriter.templateBucket(guid));
                    seen++;
                    at = WrittenBytes.u32(FILE, c + (int) at);
                }
            }
            assertTrue(seen >= 4, "definitions reachable from the table: " + seen);
        }
    }

    @Test
    void commonStringTableChainsEveryNameOnceInItsHashBucket() {
        for (int c : WrittenBytes.chunks(FILE)) {
            Set<String> names = new HashSet<>();
            for (int bucket = 0; bucket < 64; bucket++) {
                long at = WrittenBytes.u32(FILE, c + 128 + 4 * bucket);
                while (at != 0) {
                    int p = c + (int) at;
                    int hash = WrittenBytes.u16(FILE, p + 4);
                    int length = WrittenBytes.u16(FILE, p + 6);
                    String name = new String(FILE, p + 8, 2 * length, StandardCharsets.UTF_16LE);
                    assertEquals(0, WrittenBytes.u16(FILE, p + 8 + 2 * length), "names end with a NUL");
                    assertEquals(hash, ChunkWriter.nameHash(name));
                    assertEquals(bucket, hash % 64);
                    assertTrue(names.add(name), "name written twice in one chunk: " + name);
                    at = WrittenBytes.u32(FILE, p);
                }
            }
            assertTrue(names.containsAll(List.of("Event", "System", "Provider", "EventData", "Data", "Name")), names.toString());
        }
    }

    @Test
    void nameHashAndTemplateBucketMatchWhatWindowsWrote() {
        // Values read from a chunk Windows wrote (Sysmon log of the attack-samples corpus).
        assertEquals(0x0cba, ChunkWriter.nameHash("Event"));
        assertEquals(0x546f, ChunkWriter.nameHash("System"));
        assertEquals(0x7bf1, ChunkWriter.nameHash("Provider"));
        assertEquals(0x954b, ChunkWriter.nameHash("Name"));
        assertEquals(7, ChunkWriter.templateBucket(HexFormat.of().parseHex("a613a5f56165d450252e678a9f2e92fa")));
        assertEquals(20, ChunkWriter.templateBucket(HexFormat.of().parseHex("e1eda7d83fc6fe10ac94c9f4dab4ecd2")));
        assertEquals(14, ChunkWriter.templateBucket(HexFormat.of().parseHex("b7bac581101edc11eb33154a2b32b524")));
    }

    @Test
    void valuesAreStoredAsWindowsStoresThem() {
        assertEquals("01234567", HexFormat.of().formatHex(ValueEncoder.guid(java.util.UUID.fromString("67452301-ab89-efcd-0123-456789abcdef"))).substring(0, 8));
        assertEquals("0104000000000005150000000100000002000000f4010000",
                HexFormat.of().formatHex(ValueEncoder.sid("S-1-5-21-1-2-500")));
        assertEquals(132_143_616_000_000_000L, ValueEncoder.filetime(java.time.Instant.parse("2019-10-01T00:00:00Z")));
        assertEquals(132_143_616_001_234_567L, ValueEncoder.filetime(java.time.Instant.parse("2019-10-01T00:00:00.1234567Z")));
    }

    @Test
    void eventThatDoesNotFitStartsANewChunk() {
        List<XmlNode.Element> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add(new EventBuilder("P", 1).eventRecordId(i + 1).channel("C").computer("H")
                    .data("Blob", Value.of(ValueType.BINARY, new byte[25_000])).build());
        }
        byte[] file = EvtxWriter.standard().toBytes(big);
        List<Integer> chunks = WrittenBytes.chunks(file);
        assertEquals(3, chunks.size(), "two 25 KB records per chunk");
        assertEquals(List.of(1L, 3L, 5L), chunks.stream().map(c -> WrittenBytes.u64(file, c + 24)).toList());
        for (int c : chunks) {
            assertChunkChecksums(file, c, true, true);
        }
    }

    @Test
    void eventLargerThanAChunkIsRefused() {
        XmlNode.Element huge = new EventBuilder("P", 1).channel("C").computer("H")
                .data("A", Value.of(ValueType.BINARY, new byte[60_000]))
                .data("B", Value.of(ValueType.BINARY, new byte[60_000])).build();
        assertThrows(IllegalArgumentException.class, () -> EvtxWriter.standard().toBytes(List.of(huge)));
    }

    @Test
    void corruptedChecksumsSpoilOnlyTheNamedChunk() {
        byte[] damaged = EvtxWriter.builder().corruptChunkHeaderChecksum(1).corruptChunkDataChecksum(2).build().toBytes(EVENTS);
        List<Integer> chunks = WrittenBytes.chunks(damaged);
        assertChunkChecksums(damaged, chunks.get(0), true, true);
        assertChunkChecksums(damaged, chunks.get(1), false, true);
        assertChunkChecksums(damaged, chunks.get(2), true, false);
        // everything but the spoiled checksums (and the header checksum over a spoiled data
        // checksum, which stays true to its header) is the clean file's
        int diff = 0;
        for (int i = 0; i < FILE.length; i++) {
            diff += FILE[i] != damaged[i] ? 1 : 0;
        }
        assertTrue(diff > 0 && diff <= 12, "bytes changed: " + diff);
    }

    @Test
    void unclosedFileIsDirtyAndCountsFewerChunksThanItHolds() {
        byte[] file = EvtxWriter.builder().unclosed(1).build().toBytes(EVENTS);
        List<Integer> chunks = WrittenBytes.chunks(file);
        assertEquals(chunks.size() - 1, WrittenBytes.u16(file, 42));
        assertEquals(chunks.size() - 2, WrittenBytes.u64(file, 16));
        assertEquals(WrittenBytes.u64(file, chunks.get(chunks.size() - 1) + 24), WrittenBytes.u64(file, 24),
                "next record id: the first record of the uncounted chunk");
        assertEquals(1, WrittenBytes.u32(file, 120) & 1, "dirty flag");
        assertEquals(WrittenBytes.crc(file, 0, 120), WrittenBytes.u32(file, 124), "the header itself is intact");
        for (int c : chunks) {
            assertChunkChecksums(file, c, true, true);
        }
    }

    @Test
    void evtHandleAndEvtXmlValuesAreWrittenWithTheirTypeCodes() {
        XmlNode.Element event = new EventBuilder("P", 1).eventRecordId(1).channel("C").computer("H")
                .data("H", Value.of(ValueType.EVT_HANDLE, 0x1122334455667788L))
                .data("X", Value.of(ValueType.EVT_XML, "<x/>")).build();
        byte[] file = EvtxWriter.standard().toBytes(List.of(event));
        String hex = HexFormat.of().formatHex(file);
        assertTrue(hex.contains("08002000"), "descriptor: 8 bytes of EvtHandle");
        assertTrue(hex.contains("08002300"), "descriptor: 8 bytes of EvtXml");
        // the handle, then the Name of the next Data item ("X"), then the XML as UTF-16LE
        assertTrue(hex.contains("8877665544332211" + "5800" + "3c0078002f003e00"), hex);
    }

    @Test
    void aValueHoldingTheWrongJavaTypeIsTheCallersMistake() {
        XmlNode.Element event = new EventBuilder("P", 1).data("N", Value.of(ValueType.UINT32, "not a number")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvtxWriter.standard().toBytes(List.of(event)));
        assertTrue(e.getMessage().contains("UINT32"), e.getMessage());
        XmlNode.Element notAnEvent = new XmlNode.Element("Other", List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> EvtxWriter.standard().toBytes(List.of(notAnEvent)));
    }

    @Test
    void writingIsDeterministic() {
        assertArrayEquals(FILE, EvtxWriter.standard().toBytes(WriterSamples.varied(300, 7)));
    }

    private static void assertChunkChecksums(byte[] file, int c, boolean headerRight, boolean dataRight) {
        long free = WrittenBytes.u32(file, c + 48);
        long data = WrittenBytes.crc(file, c + 512, (int) free - 512);
        CRCCheck.assertMatch(dataRight, data, WrittenBytes.u32(file, c + 52), "event records checksum of chunk at " + c);
        java.util.zip.CRC32 h = new java.util.zip.CRC32();
        h.update(file, c, 120);
        h.update(file, c + 128, 384);
        CRCCheck.assertMatch(headerRight, h.getValue(), WrittenBytes.u32(file, c + 124), "header checksum of chunk at " + c);
    }

    private static final class CRCCheck {
        static void assertMatch(boolean right, long computed, long stored, String what) {
            if (right) {
                assertEquals(computed, stored, what);
            } else {
                assertNotEquals(computed, stored, what);
            }
        }
    }
}
