package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EventID and EventRecordID read as numbers agree with their text, for every corpus record. */
class EventRecordNumberTest {

    @Test
    void numbersReadWithoutTextAgreeWithTheTextParsed() {
        List<String> problems = new ArrayList<>();
        int records = 0;
        for (Path p : Corpus.evtxFiles()) {
            for (EventRecord r : Corpus.read(p, true).records) {
                records++;
                long id = parse(r.field("EventID"));
                int expectedId = id == Long.MIN_VALUE ? -1 : (int) id;
                long rid = parse(r.field("EventRecordID"));
                long expectedRecordId = rid == Long.MIN_VALUE ? r.recordNumber() : rid;
                if (r.eventId() != expectedId || r.eventRecordId() != expectedRecordId) {
                    problems.add(r + ": " + r.eventId() + "/" + r.eventRecordId() + " but text says " + expectedId + "/" + expectedRecordId);
                }
            }
        }
        assertEquals(List.of(), problems.subList(0, Math.min(5, problems.size())));
        assertTrue(records > 10_000, records + " records");
    }

    /** Decimal digits only, as the record's own parsing takes them. */
    private static long parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.MIN_VALUE;
        }
        return Long.parseLong(s);
    }
}
