package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;


/** Tamper evidence: gaps, time running backwards, cleared logs, rollover, recovered records. */
class TamperCheckTest {

    private static TamperCheck.Report check(Path p, boolean carve) throws IOException {
        try (EvtxFile f = EvtxFile.open(p, p.getFileName().toString())) {
            TamperCheck t = new TamperCheck(f.name(), f.header());
            for (int i = 0; i < f.chunkSlots(); i++) {
                f.readChunk(i, carve).records().forEach(t::add);
            }
            return t.finish();
        }
    }

    private static XmlNode.Element event(long id, Instant t) {
        return new EventBuilder("Microsoft-Windows-Security-Auditing", 4624).timeCreated(t).eventRecordId(id)
                .channel("Security").computer("DC1").data("TargetUserName", "alice").build();
    }

    @Test
    void findsGapsAndTimeRunningBackwardsInAFileWeWrite() throws IOException {
        Instant t0 = Instant.parse("2022-03-01T10:00:00Z");
        List<XmlNode.Element> events = List.of(event(100, t0), event(101, t0.plusSeconds(1)), event(102, t0.plusSeconds(2)),
                event(110, t0.plusSeconds(3)), event(111, t0.minusSeconds(3600)), event(112, t0.plusSeconds(5)));
        Path p = java.nio.file.Files.createTempFile("gk-tamper", ".evtx");
        try {
            EvtxWriter.standard().write(events, p);
            TamperCheck.Report r = check(p, false);
            assertEquals(6, r.records());
            assertEquals(100, r.firstRecordId());
            assertEquals(112, r.lastRecordId());
            assertEquals(1, r.gapCount());
            assertEquals(7, r.missingRecords());
            assertEquals(new TamperCheck.Gap(102, 110, 7), r.gaps().get(0));
            assertEquals(1, r.timeReversalCount());
            assertEquals(111, r.timeReversals().get(0).recordId());
            assertTrue(r.suspicious());
            assertFalse(r.rolledOver());
        } finally {
            java.nio.file.Files.deleteIfExists(p);
        }
    }

    @Test
    void anUnbrokenLogIsNotSuspicious() throws IOException {
        Instant t0 = Instant.parse("2022-03-01T10:00:00Z");
        Path p = java.nio.file.Files.createTempFile("gk-tamper", ".evtx");
        try {
            EvtxWriter.standard().write(List.of(event(1, t0), event(2, t0.plusSeconds(1)), event(3, t0.plusSeconds(1))), p);
            TamperCheck.Report r = check(p, false);
            assertFalse(r.suspicious(), r.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(p);
        }
    }

    @Test
    void securityLogClearedIsFound() throws IOException {
        TamperCheck.Report r = check(Corpus.root().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx"), false);
        assertFalse(r.logCleared().isEmpty());
        TamperCheck.LogCleared c = r.logCleared().get(0);
        assertEquals(1102, c.eventId());
        assertEquals("Security", c.channel());
        assertTrue(c.user() != null && !c.user().isEmpty(), "the account that cleared the log is named");
    }

    @Test
    void systemLogClearedIsFound() throws IOException {
        TamperCheck.Report r = check(Corpus.root().resolve("evtx/evtx-attack-samples/Defense Evasion/DE_104_system_log_cleared.evtx"), false);
        assertEquals(1, r.logCleared().size());
        assertEquals(104, r.logCleared().get(0).eventId());
    }

    @Test
    void aWrappedLogIsSeenAsRolledOver() throws IOException {
        // A circular log that has wrapped: its oldest chunk is not the first in the file.
        TamperCheck.Report r = check(Corpus.root().resolve("evtx/evtx-rs-samples/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx"), false);
        assertTrue(r.rolledOver());
    }

    @Test
    void recordsRecoveredFromSlackAreCounted() throws IOException {
        Path p = Corpus.root().resolve("evtx/evtx-rs-samples/sample_with_a_bad_chunk_magic.evtx");
        assertEquals(0, check(p, false).recoveredRecords());
        assertEquals(50, check(p, true).recoveredRecords());
    }
}
