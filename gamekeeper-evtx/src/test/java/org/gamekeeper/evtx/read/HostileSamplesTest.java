package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The damaged copies that once broke {@code dump} ({@code corpus/hostile/}, README there): pinned
 * counts of records read and damage by kind, the damaged records named by offset, and every
 * record read passing {@link RecordChecks} (its JSON one non-empty object, its XML well formed,
 * every accessor answering).
 */
class HostileSamplesTest {

    private static Corpus.Read read(String name) {
        return checked(Corpus.root().resolve("hostile").resolve(name));
    }

    private static Corpus.Read checked(Path p) {
        Corpus.Read r = Corpus.read(p, false);
        for (EventRecord x : r.records) {
            RecordChecks.check(x);
        }
        return r;
    }

    private static Map<Damage.Kind, Integer> kinds(List<Damage> damage) {
        Map<Damage.Kind, Integer> m = new TreeMap<>();
        damage.forEach(d -> m.merge(d.kind(), 1, Integer::sum));
        return m;
    }

    private static boolean reported(List<Damage> damage, long offset, String what) {
        return damage.stream().anyMatch(d -> d.offset() == offset && d.what().contains(what));
    }

    @Test
    void aRecordOfNothingButAnEmptyTemplateIsDamageNotAnEmptyObject() {
        Corpus.Read r = read("damaged-record-invalid-json.evtx");
        assertEquals(4, r.records.size());
        assertEquals(Map.of(Damage.Kind.CHUNK_DATA_CRC, 1, Damage.Kind.RECORD_BINXML, 9), kinds(r.damage));
        // the record at 11864 once printed {,"gamekeeper":…}: its event (record header + 24) holds no element
        assertTrue(reported(r.damage, 11864 + 24, "holds no element"), r.damage.toString());
    }

    @Test
    void fiveEmptyEventsInChunk12AreReportedAndTheRestOfTheFileIsRead() {
        Corpus.Read r = read("damaged-records-invalid-json-2.evtx");
        assertEquals(1866, r.records.size());
        assertEquals(Map.of(Damage.Kind.CHUNK_DATA_CRC, 1, Damage.Kind.RECORD_SIZE, 1, Damage.Kind.RECORD_BINXML, 5), kinds(r.damage));
        for (long at : List.of(835008L, 836240L, 836576L, 850840L, 851176L)) {
            assertTrue(reported(r.damage, at + 24, "holds no element"), "record at " + at);
        }
    }

    @Test
    void aHeavilyDamagedLogStillGivesEveryReadableRecord() {
        Corpus.Read r = read("damaged-record-invalid-json-3.evtx");
        assertEquals(499, r.records.size());
        assertEquals(Map.of(Damage.Kind.CHUNK_DATA_CRC, 15, Damage.Kind.GARBAGE, 2, Damage.Kind.RECORD_BINXML, 65,
                Damage.Kind.RECORD_SIZE, 1), kinds(r.damage));
        assertTrue(reported(r.damage, 668592 + 24, "holds no element"), "record at 668592");
    }

    @Test
    void aSubstitutionIndexPastTheValuesReadsAsAbsentInsteadOfCrashing() {
        Corpus.Read r = read("damaged-substitution-index-crash.evtx");
        assertEquals(List.of(1L, 2L, 4L), r.records.stream().map(EventRecord::recordNumber).toList());
        assertEquals(Map.of(Damage.Kind.CHUNK_DATA_CRC, 1, Damage.Kind.RECORD_BINXML, 3, Damage.Kind.RECORD_HEADER, 3), kinds(r.damage));
        // EventRecord.eventId walked into the nested value of an index the record does not have
        assertEquals(List.of(1, 1, 3), r.records.stream().map(EventRecord::eventId).toList());
        // the root element's name is damaged ("Even\u00b9"): JSON keeps it, XML writes a name it can hold
        String xml = r.records.get(0).toXml();
        assertTrue(xml.startsWith("<Even_ "), xml.substring(0, 40));
        assertTrue(r.records.get(0).toJson().startsWith("{\"Even\u00b9\":"), r.records.get(0).toJson().substring(0, 40));
    }
}
