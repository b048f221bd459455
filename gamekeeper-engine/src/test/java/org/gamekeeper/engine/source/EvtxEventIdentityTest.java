package org.gamekeeper.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Event;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EVTX event reads its identity (EventID, record id, time, channel, computer, provider) once
 * and answers from then on: every answer, first or repeated, is what the record holds, and a
 * field the record lacks stays absent.
 */
class EvtxEventIdentityTest {

    @Test
    void identityAnswersAreTheRecordsOwnEveryTime(@TempDir Path dir) throws IOException {
        Instant t = Instant.parse("2024-05-01T10:00:00.123Z");
        List<EventBuilder> written = List.of(
                new EventBuilder("Microsoft-Windows-Sysmon", 1).channel("Microsoft-Windows-Sysmon/Operational")
                        .computer("WS01.corp.example").timeCreated(t).eventRecordId(77).data("Image", "C:\\Windows\\System32\\cmd.exe"),
                new EventBuilder("Microsoft-Windows-Security-Auditing", 4688).channel("Security").computer("DC01 ")
                        .timeCreated(t.plusSeconds(5)).eventRecordId(78).data("NewProcessName", "C:\\Windows\\System32\\whoami.exe"),
                new EventBuilder("Service Control Manager", 7045).timeCreated(t.plusSeconds(9)).eventRecordId(79)
                        .data("ServiceName", "svc"));
        Path file = dir.resolve("identity.evtx");
        EvtxWriter.standard().write(written.stream().map(EventBuilder::build).toList(), file);
        List<Event> events = new ArrayList<>();
        Sources.plain().readAll(Inputs.expand(List.of(file.toString()), p -> { }), events::add,
                p -> { throw new AssertionError(p.toString()); });
        assertEquals(3, events.size());
        int[] ids = {1, 4688, 7045};
        String[] channels = {"Microsoft-Windows-Sysmon/Operational", "Security", null};
        String[] computers = {"WS01.corp.example", "DC01", null};
        String[] providers = {"Microsoft-Windows-Sysmon", "Microsoft-Windows-Security-Auditing", "Service Control Manager"};
        for (int i = 0; i < events.size(); i++) {
            EvtxEvent e = assertInstanceOf(EvtxEvent.class, events.get(i));
            for (int round = 0; round < 2; round++) {
                assertEquals(ids[i], e.eventId(), "EventID, asked " + (round + 1) + " time(s)");
                assertEquals(e.record().eventId(), e.eventId());
                assertEquals(77 + i, e.recordId());
                assertEquals(t.toEpochMilli() + new long[] {0, 5000, 9000}[i], e.timestampMillis());
                assertEquals(e.record().timestampMillis(), e.timestampMillis());
                assertEquals(providers[i], e.provider());
                if (channels[i] != null) {
                    assertEquals(channels[i], e.channel());
                }
                assertEquals(e.field("Channel"), e.channel(), "the channel as a rule reads the field");
                assertEquals(e.field("Computer"), e.computer(), "the computer as a rule reads the field, trimmed");
                if (computers[i] != null) {
                    assertEquals(computers[i], e.computer());
                }
            }
        }
    }
}
