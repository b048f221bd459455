package org.gamekeeper.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.hunt.RuleIndex;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * The stream's one door into the engine: the compiled rule set, its {@link RuleIndex} (with the
 * prefilter) and the building of alerts, exactly as {@code hunt} uses them. Immutable and shared by
 * the stream threads; each thread evaluates through its own {@link Detection}.
 *
 * <p>Until the engine offers its per-event alert factory (issue 19), alerts are built here, in
 * {@link Detection#alert} and {@link #alert(CorrelationAlert)}, the only places this module constructs an {@link Alert}.
 */
public final class StreamDetector {

    private final RuleIndex index;
    private final List<SigmaCorrelation> correlations;
    private final int rules;
    private final String origin;
    /** Correlations by the id or name of each rule they refer to. */
    private final Map<String, List<SigmaCorrelation>> correlationsByRule = new java.util.HashMap<>();
    /** Rules by id and by name, for correlation candidates read back from a topic. */
    private final Map<String, CompiledRule> rulesByRef = new java.util.HashMap<>();
    /** Every field name a correlation of the set reads. */
    private final List<String> correlationFields;

    public StreamDetector(RuleIndex index, List<SigmaCorrelation> correlations, String origin) {
        this.index = index;
        this.correlations = List.copyOf(correlations);
        this.origin = origin;
        for (SigmaCorrelation c : this.correlations) {
            for (String r : c.rules()) {
                correlationsByRule.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
            }
        }
        java.util.Set<String> fields = new java.util.TreeSet<>();
        for (SigmaCorrelation c : this.correlations) {
            fields.addAll(c.groupBy());
            if (c.field() != null) {
                for (String f : c.field().split(",")) {
                    fields.add(f.trim());
                }
            }
            c.aliases().values().forEach(byRule -> fields.addAll(byRule.values()));
        }
        this.correlationFields = List.copyOf(fields);
        for (RuleIndex.Entry e : index.entries()) {
            var m = e.rule().rule().metadata();
            if (m.id() != null) {
                rulesByRef.putIfAbsent(m.id(), e.rule());
            }
            if (m.name() != null) {
                rulesByRef.putIfAbsent(m.name(), e.rule());
            }
        }
        java.util.Set<Object> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        index.entries().forEach(e -> distinct.add(e.rule().rule()));
        this.rules = distinct.size();
    }

    /**
     * Loads, compiles and indexes Sigma rules from files and folders with the built-in log-source
     * mapping (and {@code mappings} added), as {@code hunt} does.
     *
     * @throws IOException when the rules cannot be read or none loads
     */
    public static StreamDetector load(List<Path> rulePaths, LoadOptions options, List<Path> mappings) throws IOException {
        RuleSet set = RuleSet.load(rulePaths, options);
        if (set.loaded() == 0) {
            throw new IOException("no rule loaded from " + rulePaths
                + (set.problems().isEmpty() ? "" : " (first problem: " + set.problems().get(0) + ")"));
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        LogSourceMapping mapping = LogSourceMapping.builtin();
        for (Path m : mappings) {
            mapping = mapping.with(m);
        }
        return new StreamDetector(RuleIndex.build(compiled, compiled.rules(), mapping), compiled.correlations(),
            set.loaded() + " rules from " + rulePaths);
    }

    /** The rule index (tests compare the stream with a hunt over the same index). */
    RuleIndex index() {
        return index;
    }

    /** The correlation rules of the set. */
    public List<SigmaCorrelation> correlations() {
        return correlations;
    }

    /** A correlation by its id or name, or null. */
    public SigmaCorrelation correlation(String ref) {
        for (SigmaCorrelation c : correlations) {
            if (ref.equals(c.metadata().id()) || ref.equals(c.metadata().name())) {
                return c;
            }
        }
        return null;
    }

    /** A rule by its id or name, or null. */
    public CompiledRule rule(String ref) {
        return rulesByRef.get(ref);
    }

    /** Stable key of a correlation: its id, else its name. */
    public static String key(SigmaCorrelation c) {
        return c.metadata().id() != null ? c.metadata().id() : c.metadata().name();
    }

    /**
     * A rule match kept for one correlation: the rule (id or name), the event's time, reference and
     * fields (its own names and the Sigma names of the target's renames).
     */
    public record Candidate(String correlation, String rule, long millis, String ref, Map<String, String> fields)
            implements SigmaEvent {
        @Override
        public String field(String name) {
            return fields.get(name);
        }

        @Override
        public void forEachField(java.util.function.BiConsumer<String, String> sink) {
            fields.forEach(sink);
        }

        @Override
        public long timestampMillis() {
            return millis;
        }
    }

    /** The alert of a correlation that matched. */
    public Alert alert(CorrelationAlert a) {
        var c = a.correlation();
        var m = c.metadata();
        List<String> refs = new ArrayList<>();
        for (Object r : a.eventRefs()) {
            refs.add(String.valueOf(r));
        }
        Map<String, String> details = new LinkedHashMap<>(a.group());
        details.put("correlation", c.type().toString().toLowerCase(Locale.ROOT));
        details.put("value", a.value() == Math.rint(a.value()) ? Long.toString((long) a.value()) : Double.toString(a.value()));
        String first = refs.isEmpty() ? null : refs.get(0);
        String file = first == null ? null : first.substring(0, Math.max(0, first.lastIndexOf('#')));
        return new Alert(Instant.ofEpochMilli(a.firstMillis()), m.id() != null ? m.id() : m.reference(), m.title(), m.author(),
            c.location() == null ? "unknown" : c.location().file(), level(m.level()), m.tags(), attack(m.tags()),
            a.group().get("Computer"), null, null, null, null, file, details, refs, "correlation", refs.size(),
            Instant.ofEpochMilli(a.firstMillis()), Instant.ofEpochMilli(a.lastMillis()));
    }

    private static String level(Object level) {
        return level == null ? "informational" : level.toString().toLowerCase(Locale.ROOT);
    }

    private static List<String> attack(List<String> tags) {
        List<String> attack = new ArrayList<>();
        for (String tag : tags) {
            String l = tag.toLowerCase(Locale.ROOT);
            if (l.startsWith("attack.t") && l.length() > 9 && Character.isDigit(l.charAt(8))) {
                attack.add(l.substring(7).toUpperCase(Locale.ROOT));
            }
        }
        return attack;
    }

    /** Distinct rules that can fire. */
    public int rules() {
        return rules;
    }

    /** Where the rules came from, for the summary. */
    public String origin() {
        return origin;
    }

    /** A new evaluation state for one thread. */
    public Detection detection() {
        return new Detection();
    }

    /** One thread's evaluator and the alerts of the event evaluated last. Not thread-safe. */
    public final class Detection {
        private final RuleIndex.Evaluator evaluator = index.evaluator();
        private final List<Alert> alerts = new ArrayList<>(4);
        private final List<Candidate> candidates = new ArrayList<>(0);
        private Event current;
        private final java.util.function.Consumer<RuleIndex.Entry> onMatch = this::matched;
        /** Nanoseconds spent in rules, summed, for the metrics. */
        private long ruleNanos;

        /** The alerts {@code e} raises, in rule order (a list reused by the next call). */
        public List<Alert> detect(Event e) {
            alerts.clear();
            candidates.clear();
            current = e;
            long t = System.nanoTime();
            try {
                evaluator.evaluate(e, onMatch);
            } finally {
                ruleNanos += System.nanoTime() - t;
                current = null;
            }
            return alerts;
        }

        public long ruleNanos() {
            return ruleNanos;
        }

        /** The correlation candidates of the event evaluated last (a list reused by the next call). */
        public List<Candidate> candidates() {
            return candidates;
        }

        private void matched(RuleIndex.Entry entry) {
            if (entry.alerts()) {
                alerts.add(alert(entry, current));
            }
            if (entry.correlated()) {
                var m = entry.rule().rule().metadata();
                Map<String, String> fields = null;
                for (String ref : new String[] {m.id(), m.name()}) {
                    for (SigmaCorrelation c : ref == null ? List.<SigmaCorrelation>of() : correlationsByRule.getOrDefault(ref, List.of())) {
                        if (fields == null) {
                            fields = snapshot(current, entry.target().renames());
                        }
                        candidates.add(new Candidate(key(c), ref, current.timestampMillis(), current.ref(), fields));
                    }
                }
            }
        }

        /**
         * The fields correlations read (group-by, value fields, alias targets), under the names
         * the correlation uses, read through the target's renames as the rule's own fields are.
         */
        private Map<String, String> snapshot(Event e, Map<String, String> renames) {
            Map<String, String> f = new java.util.HashMap<>();
            for (String n : correlationFields) {
                String v = e.field(renames.getOrDefault(n, n));
                if (v != null) {
                    f.put(n, v);
                }
            }
            return f;
        }

        /** The alert of one rule match, with the fields of INTERFACES.md. */
        private Alert alert(RuleIndex.Entry entry, Event e) {
            SigmaRule rule = entry.rule().rule();
            var m = rule.metadata();
            long t = e.timestampMillis();
            Instant ts = t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
            Map<String, String> details = new LinkedHashMap<>();
            for (String field : m.fields()) {
                String v = e.field(entry.target().renames().getOrDefault(field, field));
                if (v != null && !v.isEmpty() && details.size() < 8) {
                    details.put(field, v.length() > 1024 ? v.substring(0, 1024) + "…" : v);
                }
            }
            long rid = e.recordId();
            long line = e.line();
            int eid = e.eventId();
            String source = rule.location() == null || rule.location().file() == null ? "unknown" : rule.location().file();
            return new Alert(ts, m.id() != null ? m.id() : m.reference(), m.title(), m.author(), source, level(m.level()), m.tags(),
                attack(m.tags()),
                e.computer(), e.channel(), eid < 0 ? null : eid, rid >= 0 ? rid : null, rid >= 0 || line < 0 ? null : line,
                e.file(), details, List.of(e.ref()), "rule", 1, ts, ts);
        }
    }
}
