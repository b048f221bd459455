package org.gamekeeper.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.correlate.Correlations;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * The stream's one door into the engine: the compiled rule set, its {@link RuleIndex} (with the
 * prefilter) and the building of alerts, exactly as {@code hunt} uses them. Immutable and shared by
 * the stream threads; each thread evaluates through its own {@link Detection}.
 *
 * <p>Rule alerts and correlation matches come from the engine's per-event {@code Detection}
 * (issue 19); correlation alerts are built in {@link #alert(CorrelationAlert)} with the engine's
 * factories, because the stream's matches travel as {@link Candidate}s between tasks.
 */
public final class StreamDetector {

    private final RuleIndex index;
    private final org.gamekeeper.engine.hunt.Detection detection;
    private final List<SigmaCorrelation> correlations;
    private final int rules;
    private final String origin;
    /** Correlations by the id or name of each rule they refer to. */
    private final Map<String, List<SigmaCorrelation>> correlationsByRule = new HashMap<>();
    /** Rules by id and by name, for correlation candidates read back from a topic. */
    private final Map<String, CompiledRule> rulesByRef = new HashMap<>();

    public StreamDetector(RuleIndex index, List<SigmaCorrelation> correlations, String origin) {
        this.index = index;
        this.correlations = List.copyOf(correlations);
        this.detection = new org.gamekeeper.engine.hunt.Detection(index, new Correlations(this.correlations,
            CorrelationLimits.defaults(), Integer.MAX_VALUE, index.entries().size()));
        this.origin = origin;
        for (SigmaCorrelation c : this.correlations) {
            for (String r : c.rules()) {
                correlationsByRule.computeIfAbsent(r, k -> new ArrayList<>()).add(c);
            }
        }
        for (RuleIndex.Entry e : index.entries()) {
            var m = e.rule().rule().metadata();
            if (m.id() != null) {
                rulesByRef.putIfAbsent(m.id(), e.rule());
            }
            if (m.name() != null) {
                rulesByRef.putIfAbsent(m.name(), e.rule());
            }
        }
        Set<Object> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
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
        return of(RuleSet.load(rulePaths, options), mappings, rulePaths.toString());
    }

    /** Compiles and indexes a loaded rule set (the CLI's, which knows the built-in pack), named {@code origin}. */
    public static StreamDetector of(RuleSet set, List<Path> mappings, String origin) throws IOException {
        if (set.loaded() == 0) {
            throw new IOException("no rule loaded from " + origin
                + (set.problems().isEmpty() ? "" : " (first problem: " + set.problems().get(0) + ")"));
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        LogSourceMapping mapping = LogSourceMapping.builtin();
        for (Path m : mappings) {
            mapping = mapping.with(m);
        }
        return new StreamDetector(RuleIndex.build(compiled, compiled.rules(), mapping), compiled.correlations(),
            set.loaded() + " rules from " + origin);
    }

    /** The rule index (for a batch hunt over the same rules, as the tests and the benchmark do). */
    public RuleIndex index() {
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
    public record Candidate(String correlation, String rule, long millis, String ref, String file, String computer,
                            Map<String, String> fields)
            implements SigmaEvent, Correlations.EventRef {
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
            return millis;
        }
    }

    /**
     * The alert of a correlation that matched, its event references being {@link Candidate}s: as
     * the batch hunt's, the file of the first event and the host of the group (or the one host
     * all its events share).
     */
    public Alert alert(CorrelationAlert a) {
        return Correlations.alert(a);
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
        private final org.gamekeeper.engine.hunt.Detection.Evaluator evaluator = detection.evaluator();
        private final List<Alert> alerts = new ArrayList<>(4);
        private final List<Candidate> candidates = new ArrayList<>(0);
        private final Consumer<Alert> onAlert = alerts::add;
        private final Consumer<Correlations.Match> onMatch = this::kept;

        /** The alerts {@code e} raises, in rule order (a list reused by the next call). */
        public List<Alert> detect(Event e) {
            alerts.clear();
            candidates.clear();
            evaluator.evaluate(e, onAlert, onMatch);
            return alerts;
        }

        /** The correlation candidates of the event evaluated last (a list reused by the next call). */
        public List<Candidate> candidates() {
            return candidates;
        }

        /** One candidate per correlation that refers to the matched rule (each goes to its correlation's partition). */
        private void kept(Correlations.Match m) {
            var meta = m.entry().rule().rule().metadata();
            Map<String, String> fields = new HashMap<>();
            m.event().forEachField(fields::put);
            for (String ref : new String[] {meta.id(), meta.name()}) {
                for (SigmaCorrelation c : ref == null ? List.<SigmaCorrelation>of() : correlationsByRule.getOrDefault(ref, List.of())) {
                    candidates.add(new Candidate(key(c), ref, m.event().timestampMillis(), m.ref(), m.file(), m.computer(), fields));
                }
            }
        }
    }
}
