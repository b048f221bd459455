package org.gamekeeper.sigma;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationEngine;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.rule.RuleMetadata;

/** Arrival order within the lateness window does not change what the correlations find. */
class CorrelationOrderPropertyTest {

    private static final String RULES = """
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
            title: count
            correlation:
                type: event_count
                rules:
                    - rule_a
                group-by:
                    - Host
                timespan: 2m
                condition:
                    gte: 3
            ---
            title: ordered
            correlation:
                type: temporal_ordered
                rules:
                    - rule_a
                    - rule_b
                group-by:
                    - Host
                timespan: 1m
            ---
            title: quiet
            correlation:
                type: event_count
                rules:
                    - rule_b
                group-by:
                    - Host
                timespan: 3m
                condition:
                    lte: 2
            """;

    private record Match(long ts, boolean ruleA, String host, int ref) { }

    private static List<String> run(List<Match> arrival, RuleMetadata a, RuleMetadata b, RuleSet set, long lateness) {
        CorrelationEngine engine = new CorrelationEngine(set.correlations(), new CorrelationLimits(lateness, 1 << 24, 1000));
        List<String> out = new ArrayList<>();
        for (Match m : arrival) {
            engine.accept(m.ruleA() ? a : b, TestEvent.of("Host", m.host()).at(m.ts()), m.ref());
        }
        engine.flush();
        for (CorrelationAlert al : engine.drain()) {
            out.add(al.correlation().metadata().title() + " " + al.group() + " " + al.firstMillis() + "-" + al.lastMillis() + " " + al.eventRefs());
        }
        return out;
    }

    @Property(tries = 200)
    void shufflingArrivalWithinTheLatenessWindowGivesTheSameAlerts(@ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int n) {
        RuleSet set = RuleSet.read(Map.of("mr.yml", RULES), LoadOptions.defaults());
        RuleMetadata a = set.rules().get(0).metadata();
        RuleMetadata b = set.rules().get(1).metadata();
        Random rnd = new Random(seed);
        List<Match> sorted = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += 1000 + rnd.nextInt(40_000); // distinct times, so event-time order is total
            sorted.add(new Match(t, rnd.nextBoolean(), "H" + rnd.nextInt(3), i));
        }
        long lateness = 90_000;
        List<Match> shuffled = new ArrayList<>(sorted);
        long[] arrival = new long[n];
        for (int i = 0; i < n; i++) {
            arrival[i] = sorted.get(i).ts() + rnd.nextInt((int) lateness); // each match delayed by less than the lateness
        }
        shuffled.sort(Comparator.comparingLong(m -> arrival[m.ref()]));
        List<String> expected = run(sorted, a, b, set, lateness);
        List<String> actual = run(shuffled, a, b, set, lateness);
        if (!expected.equals(actual)) {
            throw new AssertionError("in order:\n" + expected + "\nshuffled:\n" + actual);
        }
    }
}
