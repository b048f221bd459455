package org.gamekeeper.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.engine.incident.Member;
import org.gamekeeper.sigma.rule.Level;

/**
 * Grouping a million alerts into incidents: seeded synthetic alerts (2,000 hosts, 20,000 accounts,
 * logon sessions, process lineage, 90 days, SigmaHQ-like tags), grouped several rounds after a
 * warm-up. Prints the median wall time; the heap the inputs hold and the result retains (each after
 * a full collection); the peak heap seen after any collection during a round, less the inputs (what
 * grouping itself needed at its largest, its result included); and a SHA-256 of everything the
 * result says (ids, times, hosts, accounts, tactics, summaries, every member's reason), so two
 * versions can be shown to group alike. Run it under a bounded heap ({@code -Xmx}) to show the
 * bound: {@code scripts/incident-bench.sh} finds the smallest that completes. Asserts nothing.
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl gamekeeper-bench -am package -DskipTests
 * java -XX:+UseParallelGC -Xmx2g -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.IncidentGroupingFigure 1000000 3
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

    /** The largest heap in use right after any collection since the last {@link #reset}. */
    private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();

    private IncidentGroupingFigure() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        watchCollections();
        List<AlertEvidence> alerts = synthesise(n, 42);
        IncidentGrouping grouping = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults());
        long before = usedAfterGc();
        IncidentGrouping.Result kept = grouping.group(alerts);
        long after = usedAfterGc();
        int incidents = kept.incidents().size();
        int intrusions = kept.intrusions().size();
        String digest = digest(kept);
        kept = null;
        double[] secs = new double[rounds];
        double[] cpu = new double[rounds];
        long[] peaks = new long[rounds];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            usedAfterGc();
            PEAK_AFTER_GC.set(0);
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            IncidentGrouping.Result res = grouping.group(alerts);
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            secs[r] = (System.nanoTime() - t0) / 1e9;
            usedAfterGc(); // the result is still held: the collection counts it at its full size
            peaks[r] = PEAK_AFTER_GC.get() - before;
            if (res.incidents().size() != incidents) {
                throw new IllegalStateException("grouping is not deterministic");
            }
        }
        Arrays.sort(secs);
        Arrays.sort(cpu);
        Arrays.sort(peaks);
        System.out.printf("alerts %d incidents %d intrusions %d%n", n, incidents, intrusions);
        System.out.printf("group: median %.2f s of %d rounds (min %.2f, max %.2f), %.0f alerts/s%n", secs[rounds / 2], rounds, secs[0],
                secs[rounds - 1], n / secs[rounds / 2]);
        System.out.printf("group: CPU time of the grouping thread median %.2f s (min %.2f, max %.2f; collector threads not counted)%n",
                cpu[rounds / 2], cpu[0], cpu[rounds - 1]);
        System.out.printf("heap: inputs %d MiB, result retained %d MiB, grouping's peak above the inputs %d MiB (median of %d rounds,"
                + " max %d), max heap %d MiB%n", before >> 20, (after - before) >> 20, peaks[rounds / 2] >> 20, rounds,
                peaks[rounds - 1] >> 20, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("result sha256 " + digest);
    }

    /** Everything the result says, hashed: equal digests mean the same incidents, intrusions and texts. */
    static String digest(IncidentGrouping.Result r) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder();
        b.append(r.asOf()).append('\n');
        for (Intrusion i : r.intrusions()) {
            b.append(i.id()).append('|').append(i.firstEvidence()).append('|').append(i.lastEvidence()).append('|').append(i.hosts())
                    .append('|').append(i.accounts()).append('|').append(i.tactics().stream().map(Tactic::name).toList()).append('|')
                    .append(i.techniques().stream().map(Technique::id).toList()).append('|').append(i.severity()).append('|')
                    .append(i.alertCount()).append('|').append(i.summary()).append('|').append(i.links()).append('|');
            for (ActorOverlap.Match m : i.actorOverlap()) {
                b.append(m.group().id()).append(' ').append(m.score()).append(' ').append(m.shared()).append(';');
            }
            b.append('|').append(i.incidents().stream().map(Incident::id).toList()).append('\n');
            md.update(b.toString().getBytes(StandardCharsets.UTF_8));
            b.setLength(0);
        }
        for (Incident i : r.incidents()) {
            b.append(i.id()).append('|').append(i.intrusionId()).append('|').append(i.firstEvidence()).append('|')
                    .append(i.lastEvidence()).append('|').append(i.hosts()).append('|').append(i.accounts()).append('|')
                    .append(i.tactics().stream().map(Tactic::name).toList()).append('|')
                    .append(i.techniques().stream().map(Technique::id).toList()).append('|').append(i.severity()).append('|')
                    .append(i.summary()).append('|').append(i.keyEvents()).append('|');
            for (Member m : i.members()) {
                b.append(m.ref()).append(' ').append(m.alert().ruleId()).append(' ').append(m.reason().text()).append(';');
            }
            b.append('\n');
            md.update(b.toString().getBytes(StandardCharsets.UTF_8));
            b.setLength(0);
        }
        return HexFormat.of().formatHex(md.digest());
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

    private static void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((note, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(note.getType())) {
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) note.getUserData());
                    long used = 0;
                    for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                        used += u.getUsed();
                    }
                    PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
