package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every corpus EVTX file is read, and every record the independent reader libevtx returns is returned too. */
class CorpusReadTest {

    @Test
    void readsEveryCorpusFileWithoutAnExceptionEscapingAndRendersEveryRecord() {
        List<Path> files = Corpus.evtxFiles();
        assertEquals(502, files.size(), "the issue names 502 corpus .evtx files");
        long records = 0;
        for (Path p : files) {
            for (EventRecord r : Corpus.read(p, true).records) {
                // Rendering touches every value of every record: nothing may throw.
                assertTrue(r.toJson().startsWith("{\"Event\":"), p + " " + r);
                r.toXml();
                r.toElement();
                records++;
            }
        }
        assertTrue(records > 26_197, "at least the records libevtx finds, plus recovered ones: " + records);
    }

    @Test
    void returnsEveryRecordThatLibevtxReturns() {
        Map<String, LibevtxReference.Row> ref = LibevtxReference.load();
        assertEquals(502, ref.size());
        List<String> problems = new ArrayList<>();
        for (LibevtxReference.Row row : ref.values()) {
            TreeSet<Long> ours = new TreeSet<>();
            for (EventRecord r : Corpus.records(LibevtxReference.path(row.file()))) {
                ours.add(r.eventRecordId());
            }
            TreeSet<Long> missing = new TreeSet<>(row.ids());
            missing.removeAll(ours);
            if (!missing.isEmpty()) {
                problems.add(row.file() + ": missing " + missing.size() + " e.g. " + missing.first());
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * Where we return records libevtx does not, they are genuine: either libevtx itself finds the
     * same records when asked to recover them from unallocated space (so it skipped them only
     * because of damage before them), or libevtx could not export the file at all (unsupported
     * Binary XML tokens 0x49 and 0x05, noted in the reference), and each such record is complete:
     * it renders with a System block, an EventID and a TimeCreated.
     */
    @Test
    void recordsLibevtxMissesAreGenuine() {
        Map<String, LibevtxReference.Row> ref = LibevtxReference.load();
        List<String> problems = new ArrayList<>();
        int extra = 0;
        for (LibevtxReference.Row row : ref.values()) {
            for (EventRecord r : Corpus.records(LibevtxReference.path(row.file()))) {
                if (row.ids().contains(r.eventRecordId())) {
                    continue;
                }
                extra++;
                boolean libevtxRecoversIt = row.recoveredHeaderNumbers().contains(r.recordNumber());
                boolean libevtxFailed = row.exitCode() != 0 && row.notes().contains("unable_to_export");
                if (!libevtxRecoversIt && !libevtxFailed) {
                    problems.add(row.file() + ": record " + r.eventRecordId() + " (header " + r.recordNumber() + ")");
                }
                if (r.field("EventID") == null || r.field("TimeCreated") == null || r.field("Channel") == null) {
                    problems.add(row.file() + ": record " + r.eventRecordId() + " is incomplete");
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(extra > 0, "the damaged samples hold records libevtx skips");
    }
}
