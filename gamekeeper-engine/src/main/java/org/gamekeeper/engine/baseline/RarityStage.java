package org.gamekeeper.engine.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;

/**
 * The rarity stage of a hunt, after rule evaluation: for each event, with the rule alerts it
 * produced, it returns the alerts to pass on. A rare behaviour alone becomes one alert of kind
 * {@code rarity} at level {@code low} (one per host and behaviour, at its first event); a rule
 * alert on an event that shows a rare behaviour is raised one level and carries the explanation.
 *
 * <p>With a baseline every event is judged as it comes. Without one, rarity is only known once
 * all the data has been seen: the first sightings of watched behaviours (at most
 * {@link Rarity#RARE_COUNT} per behaviour, since more are not rare) and the rule alerts of events
 * that show them are held until {@link #finish()}, within {@code maxHeld}.
 *
 * <p>No files, no threads: a streaming processor calls {@link #accept} per event. Calls must not
 * overlap (the hunt serialises them; events without watched behaviour skip the lock).
 */
public final class RarityStage {
    /** Default bound on events and alerts held until the end when hunting without a baseline. */
    public static final int DEFAULT_MAX_HELD = 200_000;

    private static final String[] DETAIL_FIELDS = {"Image", "NewProcessName", "ParentImage", "ParentProcessName", "CommandLine",
        "User", "SubjectUserName", "TargetUserName", "LogonType", "IpAddress", "WorkstationName", "ServiceName", "ImagePath",
        "ServiceFileName", "TaskName", "TargetFilename"};
    private static final int MAX_DETAIL_CHARS = 512;
    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    /** The facts of an event that a rarity alert needs, copied so the event itself is not kept. */
    private record Seen(Instant time, String computer, String channel, Integer eventId, Long recordId, Long line,
                        String file, String ref, Map<String, String> details, List<Observation> observations) { }

    private final Observer observer;
    private final Rarity baseline;
    private final Tallies data;
    private final LotlTools tools;
    private final int maxHeld;
    private final Set<String> alerted = new HashSet<>();
    private final Map<String, List<Seen>> firstSightings = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private int heldCount;
    private long unjudged;

    private record Held(Seen seen, List<Alert> alerts) { }

    private RarityStage(Rarity baseline, LotlTools tools, int maxHeld) {
        this.observer = new Observer(tools);
        this.baseline = baseline;
        this.data = baseline == null ? new Tallies() : null;
        this.tools = tools;
        this.maxHeld = maxHeld;
    }

    /** Judges every event against {@code baseline} as it comes. */
    public static RarityStage againstBaseline(Tallies baseline, LotlTools tools) {
        return new RarityStage(Rarity.againstBaseline(baseline, tools), tools, 0);
    }

    /** Stacks the hunted data itself; findings come from {@link #finish()}. */
    public static RarityStage withinData(LotlTools tools, int maxHeld) {
        return new RarityStage(null, tools, maxHeld);
    }

    /** The observations of {@code e}; safe to call from any thread. */
    public List<Observation> observe(Event e) {
        List<Observation> out = new ArrayList<>(3);
        observer.observe(e, out::add);
        return out;
    }

    /**
     * The alerts to pass on for {@code e}: its rule alerts (raised where rare) and perhaps a
     * rarity alert. Without a baseline, some may be held back until {@link #finish()}.
     */
    public List<Alert> accept(Event e, List<Alert> ruleAlerts) {
        List<Observation> observations = observe(e);
        if (observations.isEmpty()) {
            if (data != null) {
                synchronized (this) {
                    data.event(Observer.host(e), e.timestampMillis());
                }
            }
            return ruleAlerts;
        }
        synchronized (this) {
            return baseline != null ? judgeNow(e, observations, ruleAlerts) : stack(e, observations, ruleAlerts);
        }
    }

    private List<Alert> judgeNow(Event e, List<Observation> observations, List<Alert> ruleAlerts) {
        Finding f = baseline.judge(observations);
        if (f == null) {
            return ruleAlerts;
        }
        List<Alert> out = new ArrayList<>(ruleAlerts.size() + 1);
        for (Alert a : ruleAlerts) {
            out.add(raise(a, f));
        }
        if (ruleAlerts.isEmpty() && alerted.add(dedupeKey(f))) {
            out.add(alert(seen(e, observations), f));
        }
        return out;
    }

    private List<Alert> stack(Event e, List<Observation> observations, List<Alert> ruleAlerts) {
        long t = e.timestampMillis();
        data.event(Observer.host(e), t);
        Seen seen = null;
        boolean candidate = false;
        for (Observation o : observations) {
            data.add(o, t);
            if (!o.watched()) {
                continue;
            }
            String key = o.facet().code() + '\u0000' + o.key();
            Tallies.Tally all = data.overall(o.facet(), o.key());
            if (all != null && all.count() > Rarity.RARE_COUNT) {
                firstSightings.remove(key); // common in this data: never rare
                continue;
            }
            candidate = true;
            if (heldCount >= maxHeld) {
                unjudged++;
                continue;
            }
            if (seen == null) {
                seen = seen(e, observations);
            }
            firstSightings.computeIfAbsent(key, k -> new ArrayList<>(2)).add(seen);
            heldCount++;
        }
        if (candidate && !ruleAlerts.isEmpty()) {
            if (heldCount >= maxHeld) {
                unjudged++;
                return ruleAlerts;
            }
            held.add(new Held(seen != null ? seen : seen(e, observations), ruleAlerts));
            heldCount++;
            return List.of();
        }
        return ruleAlerts;
    }

    /**
     * Without a baseline: the rarity alerts and the held rule alerts (raised where rare), in time
     * order. With a baseline: nothing.
     */
    public synchronized List<Alert> finish() {
        if (data == null) {
            return List.of();
        }
        Rarity within = Rarity.withinData(data, tools);
        List<Alert> out = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        for (Held h : held) {
            Finding f = within.judge(h.seen().observations());
            for (Alert a : h.alerts()) {
                out.add(f == null ? a : raise(a, f));
            }
            refs.add(h.seen().ref());
        }
        List<Seen> sightings = new ArrayList<>();
        firstSightings.values().forEach(sightings::addAll);
        sightings.sort(Comparator.comparing(Seen::time, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Seen::ref));
        for (Seen s : sightings) {
            if (refs.contains(s.ref())) {
                continue;
            }
            Finding f = within.judge(s.observations());
            if (f != null && alerted.add(dedupeKey(f)) && refs.add(s.ref())) {
                out.add(alert(s, f));
            }
        }
        out.sort(Comparator.comparing(Alert::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
        held.clear();
        firstSightings.clear();
        return out;
    }

    /** Watched sightings that could not be judged because {@code maxHeld} was reached. */
    public synchronized long unjudged() {
        return unjudged;
    }

    private static String dedupeKey(Finding f) {
        Observation o = f.observations().get(0);
        return o.facet().code() + '\u0000' + o.host() + '\u0000' + o.key();
    }

    private static Seen seen(Event e, List<Observation> observations) {
        long t = e.timestampMillis();
        long rid = e.recordId();
        long line = e.line();
        int eid = e.eventId();
        Map<String, String> details = new LinkedHashMap<>();
        for (String name : DETAIL_FIELDS) {
            String v = e.field(name);
            if (v != null && !v.isEmpty() && !v.equals("-")) {
                details.put(name, v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) + "…" : v);
            }
        }
        return new Seen(t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t), e.computer(), e.channel(), eid < 0 ? null : eid,
            rid >= 0 ? rid : null, rid >= 0 || line < 0 ? null : line, e.file(), e.ref(), details, observations);
    }

    /** The one place this package makes alerts. */
    private static Alert alert(Seen s, Finding f) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rarity", f.explanation());
        details.putAll(s.details());
        Facet facet = f.facet();
        return new Alert(s.time(), "gamekeeper-rarity-" + facet.code(), facet.title(), "Gamekeeper", "builtin", "low",
            tags(facet), attack(facet), s.computer(), s.channel(), s.eventId(), s.recordId(), s.line(), s.file(), details,
            List.of(s.ref()), "rarity", 1, s.time(), s.time());
    }

    /** A rule alert raised one level (critical stays critical), with the rarity explanation added. */
    static Alert raise(Alert a, Finding f) {
        int rank = LEVELS.indexOf(a.level());
        String level = rank < 0 ? a.level() : LEVELS.get(Math.min(rank + 1, LEVELS.size() - 1));
        Map<String, String> details = new LinkedHashMap<>(a.details());
        details.put("rarity", f.explanation());
        return new Alert(a.timestamp(), a.ruleId(), a.ruleTitle(), a.ruleAuthor(), a.ruleSource(), level, a.tags(), a.attack(),
            a.computer(), a.channel(), a.eventId(), a.recordId(), a.line(), a.file(), details, a.eventRefs(), a.kind(), a.count(),
            a.firstSeen(), a.lastSeen());
    }

    private static List<String> tags(Facet facet) {
        return switch (facet) {
            case SERVICE -> List.of("attack.persistence", "attack.t1543.003");
            case TASK -> List.of("attack.persistence", "attack.execution", "attack.t1053.005");
            case LOGON -> List.of("attack.lateral-movement", "attack.t1021.001");
            default -> List.of();
        };
    }

    private static List<String> attack(Facet facet) {
        return switch (facet) {
            case SERVICE -> List.of("T1543.003");
            case TASK -> List.of("T1053.005");
            case LOGON -> List.of("T1021.001");
            default -> List.of();
        };
    }
}
