package org.gamekeeper.bench;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.sigma.rule.Level;

/**
 * Grouping a million alerts into incidents: seeded synthetic alerts (2,000 hosts, 20,000 accounts,
 * logon sessions, process lineage, 90 days, SigmaHQ-like tags), grouped several rounds after a
 * warm-up. Prints the median wall time and the heap the inputs and the result hold after a
 * collection; run it under a bounded heap ({@code -Xmx}) to show the bound. Asserts nothing.
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl gamekeeper-bench -am package -DskipTests
 * java -Xmx3g -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.IncidentGroupingFigure 1000000 3
 * </pre>
 */
public final class IncidentGroupingFigure {
    private static final String[][] RULES = {
        {"attack.execution", "attack.t1059.001", "medium"},
        {"attack.discovery", "attack.t1087.002", "low"},
        {"attack.credential-access", "attack.t1003.001", "high"},
        {"attack.persistence", "attack.t1053.005", "medium"},
        {"attack.defense-evasion", "attack.t1070.001", "high"},
        {"attack.lateral-movement", "attack.t1021.002", "medium"},
        {"attack.collection", "attack.t1560.001", "medium"},
        {"attack.command-and-control", "attack.t1090", "informational"},
    };

    private IncidentGroupingFigure() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<AlertEvidence> alerts = synthesise(n, 42);
        IncidentGrouping grouping = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults());
        long before = usedAfterGc();
        IncidentGrouping.Result kept = grouping.group(alerts);
        long after = usedAfterGc();
        double[] secs = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            IncidentGrouping.Result res = grouping.group(alerts);
            secs[r] = (System.nanoTime() - t0) / 1e9;
            if (res.incidents().size() != kept.incidents().size()) {
                throw new IllegalStateException("grouping is not deterministic");
            }
        }
        Arrays.sort(secs);
        System.out.printf("alerts %d incidents %d intrusions %d%n", n, kept.incidents().size(), kept.intrusions().size());
        System.out.printf("group: median %.2f s of %d rounds (min %.2f, max %.2f), %.0f alerts/s%n", secs[rounds / 2], rounds, secs[0],
                secs[rounds - 1], n / secs[rounds / 2]);
        System.out.printf("heap: inputs %d MiB, result retained %d MiB, max heap %d MiB%n", before >> 20, (after - before) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    static List<AlertEvidence> synthesise(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<AlertEvidence> out = new ArrayList<>(n);
        long start = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        long span = 90L * 24 * 3600 * 1000;
        for (int i = 0; i < n; i++) {
            String[] rule = RULES[rnd.nextInt(RULES.length)];
            int host = rnd.nextInt(2000);
            int user = rnd.nextInt(20_000);
            Instant t = Instant.ofEpochMilli(start + (long) (rnd.nextDouble() * span));
            String computer = "host" + host + ".corp.example";
            Map<String, String> e = new HashMap<>();
            e.put("SubjectUserName", "user" + user);
            e.put("SubjectDomainName", "CORP");
            e.put("SubjectLogonId", "0x" + Integer.toHexString(rnd.nextInt(1 << 20)));
            e.put("ProcessGuid", "{" + Long.toHexString(rnd.nextLong()) + "}");
            e.put("ParentProcessGuid", "{" + Long.toHexString(rnd.nextLong()) + "}");
            e.put("ProcessId", Integer.toString(rnd.nextInt(65536)));
            if (rnd.nextInt(20) == 0) {
                e.put("WorkstationName", "HOST" + rnd.nextInt(2000));
            }
            String file = "host" + host + ".evtx";
            out.add(AlertEvidence.of(new Alert(t, "rule-" + rule[1], "Rule " + rule[1], "bench", "builtin", Level.of(rule[2]),
                    List.of(rule[0], rule[1]), List.of(rule[1].substring(7).toUpperCase()), computer, "Security", 4688, (long) i,
                    null, file, Map.of(), List.of(file + "#" + i), Alert.Kind.RULE, 1, t, t, e)));
        }
        return out;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
