package org.gamekeeper.engine.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges behaviours against a reference: a learned baseline (first-seen and rare against the
 * past) or the data being hunted itself (least-frequency stacking across hosts). Only watched
 * observations are judged (LOTL-relevant tools, services, tasks, remote interactive logons).
 * Pure: no files, no threads, no state beyond the reference it was given.
 *
 * <p>Against a baseline, a behaviour is rare when the host never showed it and at most
 * {@link #RARE_HOST_SHARE} of the baseline's hosts did, or when the whole baseline saw it at most
 * {@link #RARE_COUNT} times. Within the data, when the data shows it at most {@code RARE_COUNT}
 * times and on at most {@code RARE_HOST_SHARE} of its hosts (one host at least).
 */
public final class Rarity {
    /** Share of hosts at or under which a behaviour is rare across the estate. */
    public static final double RARE_HOST_SHARE = 0.05;
    /** Sightings at or under which a behaviour is rare. */
    public static final long RARE_COUNT = 2;

    private static final long DAY = 86_400_000L;

    private final Tallies reference;
    private final boolean baseline;
    private final Observer observer;

    private Rarity(Tallies reference, boolean baseline, LotlTools tools) {
        this.reference = reference;
        this.baseline = baseline;
        this.observer = new Observer(tools);
    }

    /** Judges against a learned baseline. */
    public static Rarity againstBaseline(Tallies baseline, LotlTools tools) {
        return new Rarity(baseline, true, tools);
    }

    /** Judges within the data itself: {@code data} must already hold every event being judged. */
    public static Rarity withinData(Tallies data, LotlTools tools) {
        return new Rarity(data, false, tools);
    }

    /** Whether this judges against a learned baseline (rather than within the data). */
    public boolean hasBaseline() {
        return baseline;
    }

    /** What is rare about {@code e}, or null when nothing is. */
    public Finding judge(org.gamekeeper.engine.Event e) {
        List<Observation> seen = new ArrayList<>(3);
        observer.observe(e, seen::add);
        return judge(seen);
    }

    /** What is rare among one event's observations, or null when nothing is. */
    public Finding judge(List<Observation> observations) {
        List<Observation> rare = null;
        StringBuilder text = null;
        for (Observation o : observations) {
            if (!o.watched()) {
                continue;
            }
            String why = reason(o);
            if (why == null) {
                continue;
            }
            if (rare == null) {
                rare = new ArrayList<>(3);
                text = new StringBuilder(o.subject()).append(" on ").append(o.host()).append(": ").append(why);
            } else {
                text.append("; ").append(o.subject()).append(": ").append(why);
            }
            rare.add(o);
        }
        return rare == null ? null : new Finding(rare.get(0).host(), rare, text.toString());
    }

    /** Why {@code o} is rare, or null when it is not. */
    public String reason(Observation o) {
        Tallies.Tally on = reference.on(o.facet(), o.host(), o.key());
        Tallies.Tally all = reference.overall(o.facet(), o.key());
        int hosts = reference.hostCount();
        int with = all == null ? 0 : all.hosts();
        long count = all == null ? 0 : all.count();
        boolean fewHosts = with <= Math.max(baseline ? 0 : 1, Math.floor(RARE_HOST_SHARE * hosts));
        if (baseline) {
            if (on == null && (with == 0 || fewHosts)) {
                return (with == 0 ? "never seen" : "never seen on this host") + " in " + span() + " of baseline, on "
                    + with + " of " + hosts + " hosts";
            }
            if (on != null && count <= RARE_COUNT) {
                return "seen only " + times(count) + " in " + span() + " of baseline, on " + with + " of " + hosts
                    + " hosts" + (all.last() == Long.MIN_VALUE ? "" : ", last on " + java.time.Instant.ofEpochMilli(all.last()).toString().substring(0, 10));
            }
            return null;
        }
        if (count <= RARE_COUNT && fewHosts) {
            return "seen " + times(count) + " in the data, on " + with + " of " + hosts + " hosts";
        }
        return null;
    }

    private String span() {
        Tallies.Tally s = reference.span();
        if (s.first() == Long.MIN_VALUE || s.last() == Long.MIN_VALUE) {
            return "an undated span";
        }
        long days = Math.max(1, (s.last() - s.first() + DAY - 1) / DAY);
        return days + (days == 1 ? " day" : " days");
    }

    private static String times(long n) {
        return n == 1 ? "once" : String.format(Locale.ROOT, "%d times", n);
    }
}
