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
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * The stream's one door into the engine: the compiled rule set, its {@link RuleIndex} (with the
 * prefilter) and the building of alerts, exactly as {@code hunt} uses them. Immutable and shared by
 * the stream threads; each thread evaluates through its own {@link Detection}.
 *
 * <p>Until the engine offers its per-event alert factory (issue 19), alerts are built here, in
 * {@link Detection#alert}, the only place this module constructs an {@link Alert}.
 */
public final class StreamDetector {

    private final RuleIndex index;
    private final int rules;
    private final String origin;

    public StreamDetector(RuleIndex index, String origin) {
        this.index = index;
        this.origin = origin;
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
        return new StreamDetector(RuleIndex.build(compiled, compiled.rules(), mapping),
            set.loaded() + " rules from " + rulePaths);
    }

    /** The rule index (tests compare the stream with a hunt over the same index). */
    RuleIndex index() {
        return index;
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
        private Event current;
        private final java.util.function.Consumer<RuleIndex.Entry> onMatch = this::matched;
        /** Nanoseconds spent in rules, summed, for the metrics. */
        private long ruleNanos;

        /** The alerts {@code e} raises, in rule order (a list reused by the next call). */
        public List<Alert> detect(Event e) {
            alerts.clear();
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

        private void matched(RuleIndex.Entry entry) {
            if (entry.alerts()) {
                alerts.add(alert(entry, current));
            }
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
            List<String> attack = new ArrayList<>();
            for (String tag : m.tags()) {
                String l = tag.toLowerCase(Locale.ROOT);
                if (l.startsWith("attack.t") && l.length() > 9 && Character.isDigit(l.charAt(8))) {
                    attack.add(l.substring(7).toUpperCase(Locale.ROOT));
                }
            }
            long rid = e.recordId();
            long line = e.line();
            int eid = e.eventId();
            String source = rule.location() == null || rule.location().file() == null ? "unknown" : rule.location().file();
            String level = m.level() == null ? "informational" : m.level().toString().toLowerCase(Locale.ROOT);
            return new Alert(ts, m.id() != null ? m.id() : m.reference(), m.title(), m.author(), source, level, m.tags(), attack,
                e.computer(), e.channel(), eid < 0 ? null : eid, rid >= 0 ? rid : null, rid >= 0 || line < 0 ? null : line,
                e.file(), details, List.of(e.ref()), "rule", 1, ts, ts);
        }
    }
}
