package org.gamekeeper.engine.baseline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.alert.RuleAlerts;
import org.gamekeeper.sigma.rule.Level;

/**
 * The rarity stage of a hunt, after rule evaluation. For each event, with the rule alerts it
 * produced, the stage passes on: a rule alert on an event that shows a rare behaviour is raised
 * one level and carries the explanation; a rare behaviour without a rule alert becomes an alert
 * of kind {@code rarity} at level {@code low}. {@link #admit} keeps one rarity alert per host and
 * behaviour (its first).
 *
 * <p>Two steps, so that results never depend on threads: {@link #observe} (any thread) reads the
 * behaviours an event shows, and judges it at once against a baseline (which is only read);
 * {@link #pass} (in input order) does what depends on the events before it. Without a baseline,
 * rarity is only known once all the data has been seen: {@link #pass} stacks the behaviours, and
 * the first sightings of watched behaviours (at most {@link Rarity#RARE_COUNT} per behaviour,
 * since more are not rare) and the rule alerts of events that show them are held until
 * {@link #finish()}, within {@code maxHeld}. Stacked, "of N hosts" counts the hosts whose data
 * has such events (processes, logons, services, tasks).
 *
 * <p>No files, no threads of its own: a streaming processor calls {@link #observe} and
 * {@link #pass} per record and keeps the {@link #admission} keys of what it let through.
 */
public final class RarityStage {
    /** Default bound on events and alerts held until the end when hunting without a baseline. */
    public static final int DEFAULT_MAX_HELD = 200_000;

    private static final List<String> DETAIL_FIELDS = List.of("Image", "NewProcessName", "ParentImage", "ParentProcessName",
        "CommandLine", "User", "SubjectUserName", "TargetUserName", "LogonType", "IpAddress", "WorkstationName", "ServiceName",
        "ImagePath", "ServiceFileName", "TaskName", "TargetFilename");
    private static final int MAX_DETAIL_CHARS = 512;

    private final Observer observer;
    private final Rarity baseline;
    private final Tallies data;
    private final LotlTools tools;
    private final int maxHeld;
    private final Set<String> admitted = new HashSet<>();
    private final Map<String, List<Sighting>> firstSightings = new HashMap<>();
    private final List<Held> held = new ArrayList<>();
    private int heldCount;
    private long unjudged;

    private record Held(Sighting seen, List<Alert> alerts) { }

    private RarityStage(Rarity baseline, LotlTools tools, int maxHeld) {
        this.observer = new Observer(tools, true);
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

    /** Whether this judges against a learned baseline. */
    public boolean hasBaseline() {
        return baseline != null;
    }

    /**
     * What {@link #observe} saw of one event with behaviours to judge: the event, its
     * behaviours and rule alerts, and, against a baseline, the alerts to pass on already.
     */
    public static final class Observed {
        private final Event event;
        private final List<Observation> observations;
        private final List<Alert> ruleAlerts;
        private final List<Alert> judged;
        /**
         * What {@link #pass} needs of the event, read on the worker that has it in cache: the
         * ordered step runs on one thread for all, and reading the record there cost more than
         * the counting itself.
         */
        private final long time;
        private final String host;

        private Observed(Event event, List<Observation> observations, List<Alert> ruleAlerts, List<Alert> judged) {
            this.event = event;
            this.observations = observations;
            this.ruleAlerts = ruleAlerts;
            this.judged = judged;
            this.time = judged == null ? event.timestampMillis() : Long.MIN_VALUE;
            this.host = judged != null ? null : observations.isEmpty() ? Observer.host(event) : observations.get(0).host();
        }
    }

    /**
     * The behaviours {@code e} shows, with its rule alerts, for {@link #pass}; null for an event
     * without any (most events: no lock, no field read beyond the EventID), whose rule alerts go
     * on unchanged. Any thread.
     */
    public Observed observe(Event e, List<Alert> ruleAlerts) {
        List<Observation> observations = new ArrayList<>(3);
        // Only watched behaviours are judged, so only they are observed; an event that shows only
        // others still counts for its host within the data (the "of N hosts" of every finding).
        if (!observer.observe(e, observations::add) || observations.isEmpty() && baseline != null) {
            return null;
        }
        return new Observed(e, observations, ruleAlerts, baseline != null ? judgeNow(e, observations, ruleAlerts) : null);
    }

    /**
     * The alerts to pass on for an observed event: its rule alerts (raised where rare) and perhaps
     * a rarity alert. Without a baseline, some may be held back until {@link #finish()}. Called on
     * the events in input order.
     */
    public List<Alert> pass(Observed o) {
        if (o.judged != null) {
            return o.judged;
        }
        synchronized (this) {
            return stack(o.event, o.time, o.host, o.observations, o.ruleAlerts);
        }
    }

    /** {@link #observe} and {@link #pass} at once, for a caller that sees events one by one in order. */
    public List<Alert> accept(Event e, List<Alert> ruleAlerts) {
        Observed o = observe(e, ruleAlerts);
        return o == null ? ruleAlerts : pass(o);
    }

    /**
     * Whether {@code a} goes on, called on results in their final order: the first rarity alert
     * of a host and behaviour does, later ones do not; every other alert does.
     */
    public boolean admit(Alert a) {
        String key = admission(a); // null for every alert but a rarity finding: no lock for those
        if (key == null) {
            return true;
        }
        synchronized (this) {
            return admitted.add(key);
        }
    }

    /**
     * What {@link #admit} keeps one alert of: the rarity finding's rule, host and behaviour; null
     * for an alert of another kind (always admitted). A stream keeps these keys in a state store.
     */
    public static String admission(Alert a) {
        if (a.kind() != Alert.Kind.RARITY) {
            return null;
        }
        return a.ruleId() + '\u0000' + a.details().get("host") + '\u0000' + a.details().get("behaviour");
    }

    private List<Alert> judgeNow(Event e, List<Observation> observations, List<Alert> ruleAlerts) {
        Finding f = baseline.judge(observations);
        if (f == null) {
            return ruleAlerts;
        }
        if (ruleAlerts.isEmpty()) {
            return List.of(alert(e, f));
        }
        List<Alert> out = new ArrayList<>(ruleAlerts.size());
        for (Alert a : ruleAlerts) {
            out.add(raise(a, f));
        }
        return out;
    }

    private List<Alert> stack(Event e, long t, String host, List<Observation> observations, List<Alert> ruleAlerts) {
        data.event(host, t);
        Sighting seen = null;
        boolean candidate = false;
        for (Observation o : observations) {
            Tallies.Tally all = data.add(o, t);
            if (!o.watched()) {
                continue;
            }
            if (all != null && all.count() > Rarity.RARE_COUNT) {
                // common in this data: never rare. Counts grow by one, and sightings are held only
                // while the count is at most RARE_COUNT, so they are let go once, as it passes it.
                if (all.count() == Rarity.RARE_COUNT + 1) {
                    firstSightings.remove(o.facet().code() + '\u0000' + o.key());
                }
                continue;
            }
            candidate = true;
            if (heldCount >= maxHeld) {
                unjudged++;
                continue;
            }
            if (seen == null) {
                seen = Sighting.of(e, observations);
            }
            firstSightings.computeIfAbsent(o.facet().code() + '\u0000' + o.key(), k -> new ArrayList<>(2)).add(seen);
            heldCount++;
        }
        if (candidate && !ruleAlerts.isEmpty()) {
            if (heldCount >= maxHeld) {
                unjudged++;
                return ruleAlerts;
            }
            held.add(new Held(seen != null ? seen : Sighting.of(e, observations), ruleAlerts));
            heldCount++;
            return List.of();
        }
        return ruleAlerts;
    }

    /**
     * Without a baseline: the rarity alerts (one per host and behaviour) and the held rule
     * alerts (raised where rare), in time order. With a baseline: nothing.
     */
    public synchronized List<Alert> finish() {
        if (data == null) {
            return List.of();
        }
        Rarity within = Rarity.withinData(data, tools);
        List<Alert> out = new ArrayList<>();
        Set<String> refs = new HashSet<>();
        for (Held h : held) {
            Finding f = within.judge(h.seen().observations);
            for (Alert a : h.alerts()) {
                out.add(f == null ? a : raise(a, f));
            }
            refs.add(h.seen().ref());
        }
        List<Sighting> sightings = new ArrayList<>();
        firstSightings.values().forEach(sightings::addAll);
        sightings.sort(Comparator.comparingLong(Sighting::timestampMillis).thenComparing(Sighting::ref));
        for (Sighting s : sightings) {
            if (!refs.add(s.ref())) {
                continue;
            }
            Finding f = within.judge(s.observations);
            if (f != null) {
                out.add(alert(s, f));
            }
        }
        out.sort(Comparator.comparing(Alert::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(a -> a.eventRefs().isEmpty() ? "" : a.eventRefs().get(0)).thenComparing(Alert::ruleId));
        held.clear();
        firstSightings.clear();
        List<Alert> admittedOut = new ArrayList<>(out.size());
        for (Alert a : out) {
            if (admit(a)) {
                admittedOut.add(a);
            }
        }
        return admittedOut;
    }

    /** Watched sightings that could not be judged because {@code maxHeld} was reached. */
    public synchronized long unjudged() {
        return unjudged;
    }

    /** The one place this package makes alerts. */
    private static Alert alert(Event e, Finding f) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("rarity", f.explanation());
        Observation first = f.observations().get(0);
        details.put("host", first.host());
        details.put("behaviour", first.key());
        for (String name : DETAIL_FIELDS) {
            String v = e.field(name);
            if (v != null && !v.isEmpty() && !v.equals("-")) {
                details.put(name, v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) + "…" : v);
            }
        }
        Facet facet = first.facet();
        List<String> tags = switch (facet) {
            case SERVICE -> List.of("attack.persistence", "attack.t1543.003");
            case TASK -> List.of("attack.persistence", "attack.execution", "attack.t1053.005");
            case LOGON -> List.of("attack.lateral-movement", "attack.t1021.001");
            default -> List.of();
        };
        Alert.Rule rule = Alert.Rule.of("gamekeeper-rarity-" + facet.code(), facet.title(), "Gamekeeper", "builtin", Level.LOW, tags);
        return Alert.ofEvent(rule, Alert.Kind.RARITY, e, details, RuleAlerts.entities(e));
    }

    /** A rule alert raised one level (critical stays critical), with the rarity explanation added. */
    static Alert raise(Alert a, Finding f) {
        Level[] levels = Level.values();
        Level level = levels[Math.min(a.level().ordinal() + 1, levels.length - 1)];
        Map<String, String> details = new LinkedHashMap<>(a.details());
        details.put("rarity", f.explanation());
        return a.withLevel(level).withDetails(details);
    }

    /** What a rarity alert needs of an event, kept without the event (and its chunk) itself. */
    private static final class Sighting implements Event {
        private final Map<String, String> fields;
        private final String file;
        private final long recordId;
        private final long line;
        private final long offset;
        private final int eventId;
        private final long time;
        private final String ref;
        final List<Observation> observations;

        private Sighting(Event e, Map<String, String> fields, List<Observation> observations) {
            this.fields = fields;
            this.file = e.file();
            this.recordId = e.recordId();
            this.line = e.line();
            this.offset = e.offset();
            this.eventId = e.eventId();
            this.time = e.timestampMillis();
            this.ref = e.ref();
            this.observations = List.copyOf(observations);
        }

        static Sighting of(Event e, List<Observation> observations) {
            Map<String, String> fields = new HashMap<>();
            copy(e, "Computer", fields);
            copy(e, "Channel", fields);
            for (String name : DETAIL_FIELDS) {
                copy(e, name, fields);
            }
            for (String name : Alert.ENTITY_FIELDS) {
                copy(e, name, fields);
            }
            return new Sighting(e, fields, observations);
        }

        private static void copy(Event e, String name, Map<String, String> into) {
            String v = e.field(name);
            if (v != null) {
                into.put(name, v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) : v);
            }
        }

        @Override
        public String field(String name) {
            return fields.get(name);
        }

        @Override
        public void forEachField(BiConsumer<String, String> sink) {
            fields.forEach(sink);
        }

        @Override
        public long timestampMillis() {
            return time;
        }

        @Override
        public String file() {
            return file;
        }

        @Override
        public long recordId() {
            return recordId;
        }

        @Override
        public long line() {
            return line;
        }

        @Override
        public long offset() {
            return offset;
        }

        @Override
        public int eventId() {
            return eventId;
        }

        @Override
        public String ref() {
            return ref;
        }
    }
}
