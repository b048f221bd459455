package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.evtx.binxml.NameFolding;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;


/** Field lookups by name: exact names, tiers when names collide, and a caller's name folding. */
class EventRecordLookupTest {

    private static final NameFolding LOWER_NO_SPACES = n -> n.replace(" ", "").toLowerCase(Locale.ROOT);

    private static List<EventRecord> written(List<XmlNode.Element> events) throws IOException {
        Path p = Files.createTempFile("gk-lookup", ".evtx");
        try {
            EvtxWriter.standard().write(events, p);
            List<EventRecord> out = new ArrayList<>();
            try (EvtxFile f = EvtxFile.open(p, "lookup.evtx")) {
                for (int i = 0; i < f.chunkSlots(); i++) {
                    out.addAll(f.readChunk(i, false).records());
                }
            }
            return out;
        } finally {
            Files.deleteIfExists(p);
        }
    }

    private static EventBuilder defender() {
        return new EventBuilder("Microsoft-Windows-Windows Defender", 1116).timeCreated(Instant.parse("2024-05-01T10:00:00Z"))
                .eventRecordId(7).execution(3016, 3900).channel("Microsoft-Windows-Windows Defender/Operational")
                .computer("WS01");
    }

    @Test
    void theLibraryAnswersExactNamesAndAFoldingFindsTheEventsOwnSpelling() throws IOException {
        EventRecord r = written(List.of(defender().data("Threat Name", "Trojan:Win32/Mimikatz").build())).get(0);
        assertEquals("Trojan:Win32/Mimikatz", r.field("Threat Name"));
        assertNull(r.field("ThreatName"), "no folding inside the library");
        assertEquals("Trojan:Win32/Mimikatz", r.field("ThreatName", LOWER_NO_SPACES));
        assertEquals("Trojan:Win32/Mimikatz", r.field("threatname", LOWER_NO_SPACES));
        assertTrue(r.anyValue("THREATNAME", v -> v.contains("Mimikatz"), false, LOWER_NO_SPACES));
        assertFalse(r.anyValue("ThreatName", v -> v.contains("Mimikatz"), false));
        assertEquals(List.of("Trojan:Win32/Mimikatz"), r.fieldValues("ThreatName", LOWER_NO_SPACES));
        assertEquals(List.of(), r.fieldValues("ThreatName"));
        assertNull(r.field("NoSuchField", LOWER_NO_SPACES));
    }

    @Test
    void anExactNameWinsOverAFoldedOne() throws IOException {
        EventRecord r = written(List.of(defender().data("Threat Name", "spaced").data("ThreatName", "joined").build())).get(0);
        assertEquals("joined", r.field("ThreatName", LOWER_NO_SPACES));
        assertEquals("spaced", r.field("Threat Name", LOWER_NO_SPACES));
    }

    @Test
    void eventDataWinsOverABareSystemAliasButNeverOverTheEventsIdentity() throws IOException {
        EventRecord r = written(List.of(new EventBuilder("Microsoft-Windows-Security-Auditing", 5156)
                .timeCreated(Instant.parse("2024-05-01T10:00:00Z")).eventRecordId(9).execution(4, 5000).channel("Security")
                .computer("DC01").data("ProcessID", "1234").data("Channel", "not the event's").build())).get(0);
        // ProcessID: EventData's own (tier 1) before Execution/@ProcessID (tier 3).
        assertEquals("1234", r.field("ProcessID"));
        assertTrue(r.anyValue("ProcessID", "1234"::equals, false));
        assertFalse(r.anyValue("ProcessID", "4"::equals, false), "only the winning tier's values are tested");
        assertEquals(List.of("1234", "4"), r.fieldValues("ProcessID"), "every value, tier by tier");
        assertEquals("4", r.field("Execution_ProcessID"));
        // Channel: the System field that identifies the event is tier 0.
        assertEquals("Security", r.field("Channel"));
        assertEquals(5156, r.eventId());
        assertEquals(9, r.eventRecordId());
    }

    @Test
    void unnamedDataValuesAreOneFieldWithEveryValue() throws IOException {
        EventRecord r = written(List.of(new EventBuilder("Application Error", 1000).timeCreated(Instant.parse("2024-05-01T10:00:00Z"))
                .eventRecordId(3).channel("Application").computer("WS01")
                .data(Value.of(ValueType.STRING, "lsass.exe")).data(Value.of(ValueType.STRING, "10.0.19041.1")).build())).get(0);
        assertEquals("lsass.exe", r.field("Data"));
        assertEquals(List.of("lsass.exe", "10.0.19041.1"), r.fieldValues("Data"));
        assertTrue(r.anyValue("Data", "10.0.19041.1"::equals, false));
        assertTrue(r.anyValue("data", " lsass.exe"::equals, false, LOWER_NO_SPACES) == false);
        assertTrue(r.anyValue("data", "lsass.exe"::equals, true, LOWER_NO_SPACES));
    }
}
