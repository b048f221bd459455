package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Correlations give the same answer whatever shape the events come in: native EVTX, the
 * evtx_dump JSON our own {@code dump} writes, a flat NXLog export (its default zone-less
 * {@code EventTime}) and Winlogbeat. The timeline, on host DC1, from 10.0.0.5:
 * <pre>
 *   10:00:00 4625 alice   10:00:10 4625 bob   10:00:20 4625 alice   10:00:30 4625 carol
 *   10:00:40 4625 alice   10:00:50 4625 dave  10:01:00 4624 alice
 * </pre>
 * Brute force on alice (3 failures, and no other account reaches 3), a password spray from
 * 10.0.0.5 (4 distinct accounts), and alice's success after her failures.
 */
class CorrelationShapesTest {

    @TempDir
    Path dir;

    private static final String RULES = """
            title: Failed logon
            id: 11111111-0000-0000-0000-000000000001
            name: failed_logon
            status: test
            level: low
            logsource: {product: windows, service: security}
            detection:
              selection: {EventID: 4625}
              condition: selection
            ---
            title: Successful logon
            id: 11111111-0000-0000-0000-000000000002
            name: logon
            status: test
            level: low
            logsource: {product: windows, service: security}
            detection:
              selection: {EventID: 4624}
              condition: selection
            ---
            title: Brute force on one account
            id: 11111111-0000-0000-0000-000000000003
            status: test
            level: high
            correlation:
              type: event_count
              rules: [failed_logon]
              group-by: [TargetUserName]
              timespan: 5m
              condition: {gte: 3}
            ---
            title: Password spray from one address
            id: 11111111-0000-0000-0000-000000000004
            status: test
            level: high
            correlation:
              type: value_count
              rules: [failed_logon]
              group-by: [IpAddress]
              timespan: 5m
              condition: {field: TargetUserName, gte: 4}
            ---
            title: Success after failures
            id: 11111111-0000-0000-0000-000000000005
            status: test
            level: critical
            correlation:
              type: temporal_ordered
              rules: [failed_logon, logon]
              group-by: [TargetUserName]
              timespan: 5m
            """;

    private static final String[][] TIMELINE = {
        {"10:00:00", "4625", "alice"}, {"10:00:10", "4625", "bob"}, {"10:00:20", "4625", "alice"},
        {"10:00:30", "4625", "carol"}, {"10:00:40", "4625", "alice"}, {"10:00:50", "4625", "dave"},
        {"10:01:00", "4624", "alice"}};

    enum Shape { EVTX, EVTX_DUMP_JSON, NXLOG_FLAT_JSON, WINLOGBEAT_JSON }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void correlationsGroupByTheirFieldsInEveryInputShape(Shape shape) throws IOException {
        Path input = write(shape);
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(RULES), 2, input.toString());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertEquals(0, r.summary().untimed().size(), "every event has a readable time: " + r.summary().untimed());
        Map<String, Alert> byRule = new TreeMap<>();
        for (Alert a : r.alerts()) {
            if (a.kind() == Alert.Kind.CORRELATION) {
                Alert before = byRule.put(a.ruleId(), a);
                assertEquals(null, before, "one alert per correlation: " + r.alerts());
            }
        }
        assertEquals(3, byRule.size(), r.alerts().toString());

        Alert brute = byRule.get("11111111-0000-0000-0000-000000000003");
        assertEquals("alice", brute.details().get("TargetUserName"));
        assertEquals("3", brute.details().get("value"));
        assertEquals(Instant.parse("2022-03-01T10:00:00Z"), brute.firstSeen());
        assertEquals(Instant.parse("2022-03-01T10:00:40Z"), brute.lastSeen());

        Alert spray = byRule.get("11111111-0000-0000-0000-000000000004");
        assertEquals("10.0.0.5", spray.details().get("IpAddress"));
        assertEquals("4", spray.details().get("value"));

        Alert after = byRule.get("11111111-0000-0000-0000-000000000005");
        assertEquals("alice", after.details().get("TargetUserName"));
        assertEquals(Instant.parse("2022-03-01T10:01:00Z"), after.lastSeen());

        for (Alert a : byRule.values()) {
            assertEquals("DC1", a.computer(), "all its events are on DC1: " + a);
            assertEquals(input.toString(), a.file());
        }
    }

    /** NXLog's zone-less EventTime is UTC by default and the configured zone's wall clock when one is set. */
    @Test
    void nxlogEventTimeIsReadInTheConfiguredZone() throws IOException, InterruptedException {
        Path f = dir.resolve("nxlog.json");
        Files.writeString(f, "{\"EventTime\":\"2024-03-01 10:00:00\",\"Hostname\":\"H\",\"EventID\":4625,\"Channel\":\"Security\"}\n");
        HuntFixture.Rules rules = HuntFixture.rules(RULES.split("---")[0]);
        Alert utc = HuntFixture.hunt(rules, 1, f.toString()).alerts().get(0);
        assertEquals(Instant.parse("2024-03-01T10:00:00Z"), utc.timestamp());
        List<Alert> paris = new ArrayList<>();
        new Hunt(rules.index(), List.of(), Hunt.Settings.defaults(1).withZonelessTimesIn(ZoneId.of("Europe/Paris")))
                .run(HuntFixture.inputs(f.toString()), HuntFixture.collect(paris));
        assertEquals(Instant.parse("2024-03-01T09:00:00Z"), paris.get(0).timestamp());
    }

    /** Events without a readable time are counted per file (the CLI reports them), and --from/--to keep them. */
    @Test
    void eventsWithoutAReadableTimeAreCountedPerFile() throws IOException, InterruptedException {
        Path f = dir.resolve("untimed.json");
        Files.writeString(f, "{\"EventTime\":\"yesterday\",\"EventID\":4625,\"Channel\":\"Security\"}\n"
                + "{\"EventID\":4625,\"Channel\":\"Security\"}\n"
                + "{\"EventTime\":\"2024-03-01 10:00:00\",\"EventID\":4625,\"Channel\":\"Security\"}\n");
        HuntFixture.Rules rules = HuntFixture.rules(RULES.split("---")[0]);
        HuntFixture.Result all = HuntFixture.hunt(rules, 1, f.toString());
        assertEquals(Map.of(f.toString(), 2L), all.summary().untimed());
        List<Alert> later = new ArrayList<>();
        Hunt.Summary s = new Hunt(rules.index(), List.of(), Hunt.Settings.defaults(1).withTimeRange(
                Instant.parse("2024-03-02T00:00:00Z").toEpochMilli(), Long.MAX_VALUE))
                .run(HuntFixture.inputs(f.toString()), HuntFixture.collect(later));
        assertEquals(2, later.size(), "the two untimed events are kept, the one of March 1 is not");
        assertEquals(2, s.untimed().get(f.toString()));
    }

    private Path write(Shape shape) throws IOException {
        List<String> lines = new ArrayList<>();
        List<XmlNode.Element> events = new ArrayList<>();
        int record = 0;
        for (String[] e : TIMELINE) {
            record++;
            String time = "2022-03-01T" + e[0];
            String id = e[1];
            String user = e[2];
            switch (shape) {
                case EVTX -> events.add(new EventBuilder("Microsoft-Windows-Security-Auditing", Integer.parseInt(id))
                        .eventRecordId(record).channel("Security").computer("DC1").timeCreated(Instant.parse(time + "Z"))
                        .data("TargetUserName", user).data("IpAddress", "10.0.0.5").build());
                case EVTX_DUMP_JSON -> lines.add("{\"Event\":{\"#attributes\":{\"xmlns\":\"http://schemas.microsoft.com/win/2004/08/events/event\"},"
                        + "\"System\":{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-Security-Auditing\"}},\"EventID\":" + id
                        + ",\"TimeCreated\":{\"#attributes\":{\"SystemTime\":\"" + time + ".000000Z\"}},\"EventRecordID\":" + record
                        + ",\"Channel\":\"Security\",\"Computer\":\"DC1\"},"
                        + "\"EventData\":{\"TargetUserName\":\"" + user + "\",\"IpAddress\":\"10.0.0.5\"}}}");
                case NXLOG_FLAT_JSON -> lines.add("{\"EventTime\":\"" + time.replace('T', ' ') + "\",\"Hostname\":\"DC1\",\"EventID\":" + id
                        + ",\"Channel\":\"Security\",\"RecordNumber\":" + record + ",\"TargetUserName\":\"" + user
                        + "\",\"IpAddress\":\"10.0.0.5\"}");
                case WINLOGBEAT_JSON -> lines.add("{\"@timestamp\":\"" + time + ".000Z\",\"winlog\":{\"event_data\":{\"IpAddress\":\"10.0.0.5\","
                        + "\"TargetUserName\":\"" + user + "\"},\"channel\":\"Security\",\"computer_name\":\"DC1\",\"event_id\":\"" + id
                        + "\",\"record_id\":" + record + "}}");
                default -> throw new IllegalStateException();
            }
        }
        if (shape == Shape.EVTX) {
            Path f = dir.resolve("security.evtx");
            EvtxWriter.standard().write(events, f);
            return f;
        }
        Path f = dir.resolve(shape.name().toLowerCase() + ".json");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }
}
