package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The deliberately damaged samples of the Rust evtx project: pinned counts of what is read and
 * exactly where damage is reported, so robustness is a regression test and not "does not crash".
 * Each expectation was reviewed against the file's bytes (chunk headers, record sizes).
 */
class DamagedSamplesTest {

    private static Path sample(String name) {
        return Corpus.root().resolve("evtx/evtx-rs-samples").resolve(name);
    }

    private static String damage(List<Damage> d) {
        StringBuilder sb = new StringBuilder();
        for (Damage x : d) {
            sb.append(x.kind()).append('@').append(x.offset()).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void badChunkMagicSkipsTwoChunksAndKeepsEveryOtherRecordIncludingThoseAfterCorruptRecords() {
        Corpus.Read r = Corpus.read(sample("sample_with_a_bad_chunk_magic.evtx"), false);
        assertEquals(298, r.records.size());
        assertEquals("CHUNK_DATA_CRC@4148 RECORD_SIZE@12224 CHUNK_MAGIC@397312 CHUNK_DATA_CRC@462900 "
                + "RECORD_SIZE@470632 CHUNK_DATA_CRC@593972 RECORD_SIZE@650816 CHUNK_MAGIC@659456", damage(r.damage));
        // Chunk 7 holds a corrupt record at chunk offset 7784; the live records after it (47675..) are kept.
        TreeSet<Long> ids = new TreeSet<>();
        r.records.forEach(x -> ids.add(x.eventRecordId()));
        assertTrue(ids.containsAll(List.of(47675L, 47676L, 47705L)), "records after the corrupt one in chunk 7");
        // Carving recovers what the two chunks without a signature still hold.
        assertEquals(348, Corpus.read(sample("sample_with_a_bad_chunk_magic.evtx"), true).records.size());
    }

    @Test
    void missingChecksumsAreReportedAndEveryRecordStillRead() {
        Corpus.Read r = Corpus.read(sample("Application_no_crc32.evtx"), false);
        assertEquals(17, r.records.size());
        assertEquals("FILE_HEADER_CRC@124 CHUNK_HEADER_CRC@4096 CHUNK_DATA_CRC@4148", damage(r.damage));
    }

    @Test
    void badStringCacheInTheChunkHeaderDoesNotMatterToParsing() {
        Corpus.Read bad = Corpus.read(sample("security_bad_string_cache.evtx"), false);
        Corpus.Read good = Corpus.read(sample("security.evtx"), false);
        assertEquals("CHUNK_HEADER_CRC@4096", damage(bad.damage));
        assertEquals(good.records.size(), bad.records.size());
        assertEquals(2261, bad.records.size());
        for (int i = 0; i < good.records.size(); i++) {
            assertEquals(good.records.get(i).toJson(), bad.records.get(i).toJson());
        }
    }

    @Test
    void irregularBooleanValuesRenderAsTrue() {
        Corpus.Read r = Corpus.read(sample("sample-with-irregular-bool-values.evtx"), false);
        assertEquals(3028, r.records.size());
        assertEquals("", damage(r.damage));
        long withBool = r.records.stream().filter(x -> x.toJson().contains(":true")).count();
        assertTrue(withBool > 0, "the sample's booleans with values other than 0 and 1 read as true");
    }

    @Test
    void zeroSizeRecordIsSkippedAndTheRecordsAfterItAreRead() {
        Corpus.Read r = Corpus.read(sample("sample-with-zero-data-size-event.evtx"), false);
        assertEquals(449, r.records.size());
        assertEquals("CHUNK_DATA_CRC@4148 RECORD_SIZE@6176", damage(r.damage));
        // libevtx stops at the zero-size record and finds the 114 after it only in recovery mode.
        Map<String, LibevtxReference.Row> ref = LibevtxReference.load();
        assertEquals(335, ref.get("evtx/evtx-rs-samples/sample-with-zero-data-size-event.evtx").ids().size());
    }

    @Test
    void sizeTValuesRenderInHexadecimal() {
        List<EventRecord> r = Corpus.records(sample("Security_with_size_t.evtx"));
        assertEquals(636, r.size());
        long hex = r.stream().map(x -> x.field("ProcessId")).filter(v -> v != null && v.startsWith("0x")).count();
        assertTrue(hex > 400, "ProcessId is a size_t rendered like Windows, in hexadecimal: " + hex);
    }

    @Test
    void garbageAfterTheLastChunkIsReportedOncePerChunkSlot() {
        Corpus.Read r = Corpus.read(sample("sysmon.evtx"), false);
        assertEquals(358, r.records.size());
        assertEquals("GARBAGE@593920 GARBAGE@659456 GARBAGE@724992 GARBAGE@790528 GARBAGE@856064 GARBAGE@921600 "
                + "GARBAGE@987136 GARBAGE@1052672", damage(r.damage));
    }

    @Test
    void undamagedFilesReportNothing() {
        for (String name : List.of("security.evtx", "system.evtx", "new-user-security.evtx", "post-Security.evtx")) {
            Corpus.Read r = Corpus.read(sample(name), false);
            assertEquals("", damage(r.damage), name);
            assertTrue(r.records.size() > 0, name);
        }
    }
}
