package org.gamekeeper.engine.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The nearest incident on a host, found by binary search, is the one a scan of them all would choose. */
class HostIncidentsTest {

    /** The scan: the first incident with the least distance from t to its span. */
    private static int scan(List<Integer> xs, List<List<Integer>> members, long[] time, long t) {
        int best = xs.get(0);
        long bestD = Long.MAX_VALUE;
        for (int x : xs) {
            List<Integer> ms = members.get(x);
            long lo = time[ms.get(0)];
            long hi = time[ms.get(ms.size() - 1)];
            long d = t < lo ? lo - t : t > hi ? t - hi : 0;
            if (d < bestD) {
                bestD = d;
                best = x;
            }
        }
        return best;
    }

    @Test
    void agreesWithAScanOnRandomOverlappingSpans() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            int incidents = 1 + rnd.nextInt(30);
            // alerts in time order; each incident's members ascending, incidents ordered by first member
            List<long[]> spans = new ArrayList<>();
            for (int k = 0; k < incidents; k++) {
                long lo = rnd.nextInt(1000);
                spans.add(new long[] {lo, lo + (rnd.nextBoolean() ? 0 : rnd.nextInt(400))});
            }
            spans.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] time = new long[incidents * 2];
            List<List<Integer>> members = new ArrayList<>();
            List<Integer> xs = new ArrayList<>();
            for (int k = 0; k < incidents; k++) {
                time[2 * k] = spans.get(k)[0];
                time[2 * k + 1] = spans.get(k)[1];
                members.add(List.of(2 * k, 2 * k + 1));
                if (rnd.nextInt(4) != 0 || xs.isEmpty() && k == incidents - 1) {
                    xs.add(k); // the incidents on this host: some of all
                }
            }
            if (xs.isEmpty()) {
                continue;
            }
            int[] on = new int[xs.size()];
            long[] lo = new long[xs.size()];
            long[] hi = new long[xs.size()];
            for (int k = 0; k < on.length; k++) {
                List<Integer> ms = members.get(xs.get(k));
                on[k] = xs.get(k);
                lo[k] = time[ms.get(0)];
                hi[k] = time[ms.get(ms.size() - 1)];
            }
            IncidentGrouping.HostIncidents host = new IncidentGrouping.HostIncidents(on, lo, hi);
            for (int q = 0; q < 50; q++) {
                long t = rnd.nextInt(1600) - 100;
                assertEquals(scan(xs, members, time, t), host.nearest(t), "round " + round + " t " + t);
            }
        }
    }
}
