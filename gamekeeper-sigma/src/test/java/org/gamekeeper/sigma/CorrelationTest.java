package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationEngine;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.correlation.Trip;
import org.gamekeeper.sigma.rule.RuleMetadata;
import org.junit.jupiter.api.Test;

/**
 * Correlations as timelines. Each timeline row is one rule match, in the order it reaches the
 * engine: {@code mm:ss rule field=value …}. The expected alerts are written one per line as
 * {@code first-last group value [refs]}, refs being the row numbers (from 1) of the events.
 */
class CorrelationTest {

    private static final String BASE_RULES = """
            title: a
            name: rule_a
            logsource:
                product: windows
            detection:
                s:
                    F: 1
                condition: s
            ---
            title: b
            name: rule_b
            logsource:
                product: windows
            detection:
                s:
                    F: 2
                condition: s
            ---
            title: c
            name: rule_c
            logsource:
                product: windows
            detection:
                s:
                    F: 3
                condition: s
            """;

    /** Runs the timeline through the correlations (YAML documents after the base rules) and renders the alerts. */
    private static List<String> run(String correlations, String timeline, CorrelationLimits limits) {
        return runEngine(correlations, timeline, limits).alerts;
    }

    private record Result(List<String> alerts, CorrelationEngine engine) { }

    private static Result runEngine(String correlations, String timeline, CorrelationLimits limits) {
        RuleSet set = RuleSet.read(Map.of("mr.yml", BASE_RULES + "---\n" + correlations), LoadOptions.defaults());
        assertEquals(List.of(), set.problems());
        Map<String, RuleMetadata> byName = new LinkedHashMap<>();
        set.rules().forEach(r -> byName.put(r.metadata().name(), r.metadata()));
        CorrelationEngine engine = new CorrelationEngine(set.correlations(), limits);
        List<CorrelationAlert> alerts = new ArrayList<>();
        int row = 0;
        for (String line : timeline.strip().split("\n")) {
            String[] cols = line.trim().split("\\s+");
            row++;
            List<String> pairs = new ArrayList<>();
            for (int i = 2; i < cols.length; i++) {
                String[] kv = cols[i].split("=", 2);
                pairs.add(kv[0]);
                pairs.add(kv[1]);
            }
            TestEvent e = TestEvent.of(pairs.toArray(new String[0])).at(time(cols[0]));
            engine.accept(byName.get(cols[1]), e, row);
            alerts.addAll(engine.drain());
        }
        engine.flush();
        alerts.addAll(engine.drain());
        List<String> out = new ArrayList<>();
        for (CorrelationAlert a : alerts) {
            double v = a.value();
            out.add(a.correlation().metadata().title() + " " + clock(a.firstMillis()) + "-" + clock(a.lastMillis()) + " " + a.group()
                    + " " + (v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v)) + " " + a.eventRefs());
        }
        return new Result(out, engine);
    }

    private static long time(String mmss) {
        String[] p = mmss.split(":");
        return (Long.parseLong(p[0]) * 60 + Long.parseLong(p[1])) * 1000L;
    }

    private static String clock(long millis) {
        long s = millis / 1000;
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    private static final CorrelationLimits LIMITS = new CorrelationLimits(60_000, 1 << 20, 100);

    private static String correlation(String title, String body) {
        return "title: " + title + "\nname: " + title + "\ncorrelation:\n" + Rules.indent(body);
    }

    @Test
    void eventCountFiresWhenEnoughMatchesFallInTheTimespanPerGroup() {
        String c = correlation("brute", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 5m\ncondition:\n    gte: 3");
        List<String> alerts = run(c, """
                00:00 rule_a Host=H1
                00:30 rule_a Host=H2
                01:00 rule_a Host=H1
                04:00 rule_a Host=H1
                06:00 rule_a Host=H2
                12:00 rule_a Host=H2
                """, LIMITS);
        // H1: three within 4 minutes. H2: three, but never three within 5 minutes.
        assertEquals(List.of("brute 00:00-04:00 {Host=H1} 3 [1, 3, 4]"), alerts);
    }

    @Test
    void valueCountCountsDistinctValuesOfTheField() {
        String c = correlation("spray", "type: value_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 10m\n"
                + "condition:\n    field: User\n    gte: 3");
        List<String> alerts = run(c, """
                00:00 rule_a Host=H1 User=alice
                00:10 rule_a Host=H1 User=alice
                00:20 rule_a Host=H1 User=bob
                00:30 rule_a Host=H2 User=carol
                00:40 rule_a Host=H1 User=bob
                00:50 rule_a Host=H1 User=dave
                """, LIMITS);
        assertEquals(List.of("spray 00:00-00:50 {Host=H1} 3 [1, 2, 3, 5, 6]"), alerts);
    }

    @Test
    void temporalNeedsEveryRuleInTheTimespanInAnyOrder() {
        String c = correlation("recon", "type: temporal\nrules:\n    - rule_a\n    - rule_b\n    - rule_c\ngroup-by:\n    - User\ntimespan: 5m");
        List<String> alerts = run(c, """
                00:00 rule_c User=u1
                00:20 rule_a User=u1
                00:30 rule_a User=u2
                00:40 rule_b User=u2
                01:00 rule_b User=u1
                09:00 rule_c User=u2
                """, LIMITS);
        // u1 saw c, a, b within a minute; u2's c comes 8 minutes after its a and b.
        assertEquals(List.of("recon 00:00-01:00 {User=u1} 3 [1, 2, 5]"), alerts);
    }

    @Test
    void temporalOrderedNeedsTheRulesInTheirOrder() {
        String c = correlation("then", "type: temporal_ordered\nrules:\n    - rule_a\n    - rule_b\ngroup-by:\n    - User\ntimespan: 10m");
        List<String> alerts = run(c, """
                00:00 rule_b User=u1
                00:10 rule_a User=u1
                00:20 rule_a User=u2
                00:30 rule_b User=u2
                """, LIMITS);
        // u1: b before a does not count; u2: a then b does.
        assertEquals(List.of("then 00:20-00:30 {User=u2} 2 [3, 4]"), alerts);
    }

    @Test
    void valueSumAddsTheFieldsNumbers() {
        String c = correlation("exfil", "type: value_sum\nrules:\n    - rule_a\ngroup-by:\n    - Src\ntimespan: 1h\n"
                + "condition:\n    field: Bytes\n    gt: 1000");
        List<String> alerts = run(c, """
                00:00 rule_a Src=10.0.0.1 Bytes=400
                00:01 rule_a Src=10.0.0.2 Bytes=900
                00:02 rule_a Src=10.0.0.1 Bytes=700
                """, LIMITS);
        assertEquals(List.of("exfil 00:00-00:02 {Src=10.0.0.1} 1100 [1, 3]"), alerts);
    }

    @Test
    void valueAvgIsTestedWhenTheWindowCloses() {
        String c = correlation("avg", "type: value_avg\nrules:\n    - rule_a\ngroup-by:\n    - Src\ntimespan: 5m\n"
                + "condition:\n    field: Bytes\n    gt: 500");
        List<String> alerts = run(c, """
                00:00 rule_a Src=S1 Bytes=900
                01:00 rule_a Src=S1 Bytes=300
                02:00 rule_a Src=S2 Bytes=100
                06:00 rule_a Src=S1 Bytes=100
                07:00 rule_a Src=S1 Bytes=100
                """, LIMITS);
        // S1's first window (00:00-05:00) averages 600; its second averages 100; S2 averages 100.
        assertEquals(List.of("avg 00:00-01:00 {Src=S1} 600 [1, 2]"), alerts);
    }

    @Test
    void valuePercentileFlagsAValueThatIsARareShareOfItsGroup() {
        String c = correlation("rare", "type: value_percentile\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 1h\n"
                + "condition:\n    field: Image\n    lte: 20");
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            t.append("00:0").append(i).append(" rule_a Host=H1 Image=svchost.exe\n");
        }
        t.append("00:09 rule_a Host=H1 Image=evil.exe\n");
        List<String> alerts = run(c, t.toString(), LIMITS);
        assertEquals(List.of("rare 00:09-00:09 {Host=H1} 10 [10]"), alerts);
    }

    @Test
    void matchesArrivingOutOfOrderAcrossFilesAreCorrelatedInEventTimeOrder() {
        String c = correlation("then", "type: temporal_ordered\nrules:\n    - rule_a\n    - rule_b\ngroup-by:\n    - User\ntimespan: 2m");
        // file 1 (host DC1) is read before file 2 (host WS1): the later rule_b arrives first
        List<String> alerts = run(c, """
                00:50 rule_b User=u1 Host=DC1
                01:10 rule_b User=u2 Host=DC1
                00:20 rule_a User=u1 Host=WS1
                00:40 rule_a User=u2 Host=WS1
                """, LIMITS);
        assertEquals(List.of("then 00:20-00:50 {User=u1} 2 [3, 1]", "then 00:40-01:10 {User=u2} 2 [4, 2]"), alerts);
    }

    @Test
    void aMatchLaterThanTheLatenessWindowIsCountedAndDropped() {
        String c = correlation("brute", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 30m\ncondition:\n    gte: 2");
        Result r = runEngine(c, """
                10:00 rule_a Host=H1
                20:00 rule_a Host=H2
                00:00 rule_a Host=H1
                """, LIMITS);
        assertEquals(List.of(), r.alerts());
        assertEquals(1, r.engine().lateMatches());
    }

    @Test
    void anUpperBoundIsTestedOnTheWholeWindow() {
        String c = correlation("quiet", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 10m\ncondition:\n    lt: 3");
        List<String> alerts = run(c, """
                00:00 rule_a Host=H1
                00:01 rule_a Host=H2
                00:02 rule_a Host=H2
                00:03 rule_a Host=H2
                00:04 rule_a Host=H1
                """, LIMITS);
        assertEquals(List.of("quiet 00:00-00:04 {Host=H1} 2 [1, 5]"), alerts);
    }

    @Test
    void aliasesGroupDifferentFieldsOfDifferentRules() {
        String c = correlation("pivot", """
                type: temporal
                rules:
                    - rule_a
                    - rule_b
                group-by:
                    - internal_ip
                timespan: 10s
                aliases:
                    internal_ip:
                        rule_a: destination.ip
                        rule_b: source.ip
                """);
        List<String> alerts = run(c, """
                00:00 rule_a destination.ip=10.1.1.1 source.ip=8.8.8.8
                00:05 rule_b source.ip=10.1.1.1 destination.ip=1.2.3.4
                """, LIMITS);
        assertEquals(List.of("pivot 00:00-00:05 {internal_ip=10.1.1.1} 2 [1, 2]"), alerts);
    }

    @Test
    void aCorrelationCanReferToAnotherCorrelation() {
        String c = correlation("many_failed", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - User\ntimespan: 10m\ncondition:\n    gte: 3")
                + "---\n" + correlation("then_success", "type: temporal_ordered\nrules:\n    - many_failed\n    - rule_b\ngroup-by:\n    - User\ntimespan: 10m");
        List<String> alerts = run(c, """
                00:00 rule_a User=bob
                00:10 rule_a User=bob
                00:20 rule_a User=bob
                00:30 rule_b User=bob
                """, LIMITS);
        assertEquals(List.of("many_failed 00:00-00:20 {User=bob} 3 [1, 2, 3]", "then_success 00:20-00:30 {User=bob} 2 [1, 2, 3, 4]"), alerts);
    }

    @Test
    void stateIsReleasedWhenItsTimespanHasPassedAndAllOfItAfterFlush() {
        String c = correlation("brute", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 1m\ncondition:\n    gte: 100");
        RuleSet set = RuleSet.read(Map.of("mr.yml", BASE_RULES + "---\n" + c), LoadOptions.defaults());
        RuleMetadata a = set.rules().get(0).metadata();
        CorrelationEngine engine = new CorrelationEngine(set.correlations(), new CorrelationLimits(1000, 1 << 20, 10));
        for (int i = 0; i < 50; i++) {
            engine.accept(a, TestEvent.of("Host", "H" + i).at(i * 100L), i);
        }
        // matches within the lateness window (1 s behind 4.9 s) are still buffered: 39 groups hold state
        assertEquals(39, engine.openGroups());
        long before = engine.bytesInUse();
        engine.accept(a, TestEvent.of("Host", "later").at(10 * 60_000L), 99);
        assertEquals(0, engine.openGroups(), "groups whose timespan passed are dropped before the end of input");
        assertTrue(engine.bytesInUse() < before / 10, "only the newest, buffered match is held");
        engine.flush();
        assertEquals(0, engine.openGroups());
        assertEquals(0, engine.bytesInUse());
        assertTrue(engine.trips().isEmpty());
    }

    @Test
    void theMemoryBoundTripsWithANamedReasonAndShedsTheOldestGroups() {
        String c = correlation("brute", "type: event_count\nrules:\n    - rule_a\ngroup-by:\n    - Host\ntimespan: 1h\ncondition:\n    gte: 100");
        RuleSet set = RuleSet.read(Map.of("mr.yml", BASE_RULES + "---\n" + c), LoadOptions.defaults());
        RuleMetadata a = set.rules().get(0).metadata();
        long bound = 64 * 1024;
        CorrelationEngine engine = new CorrelationEngine(set.correlations(), new CorrelationLimits(0, bound, 10));
        for (int i = 0; i < 5_000; i++) {
            engine.accept(a, TestEvent.of("Host", "host-" + i).at(1000L + i), i);
            assertTrue(engine.bytesInUse() <= bound, "over the bound after match " + i);
        }
        assertTrue(!engine.trips().isEmpty());
        Trip t = engine.trips().get(0);
        assertEquals(Trip.Reason.STATE_OVER_LIMIT, t.reason());
        assertTrue(t.groupsDropped() > 0);
        assertTrue(engine.openGroups() < 5_000);
        engine.flush();
        assertEquals(0, engine.bytesInUse());
    }
}
