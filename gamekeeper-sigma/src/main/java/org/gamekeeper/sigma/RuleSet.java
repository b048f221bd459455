package org.gamekeeper.sigma;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.modifier.ModifierContext;
import org.gamekeeper.sigma.rule.Location;
import org.gamekeeper.sigma.rule.RuleProblem;
import org.gamekeeper.sigma.rule.RuleReader;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaDocument;
import org.gamekeeper.sigma.rule.SigmaFilter;
import org.gamekeeper.sigma.rule.SigmaRule;
import org.gamekeeper.sigma.rule.Status;

/**
 * A loaded set of Sigma documents: the one class that wires the phases. Reading, condition
 * parsing, value typing and reference checks happen in {@link #load}; {@link #compile} applies
 * filters and builds matchers. Every problem is kept with its place; loading never stops at the
 * first one.
 */
public final class RuleSet {

    /** One document's outcome, in file order. */
    public record Entry(String file, int index, SigmaDocument document, List<RuleProblem> problems, String skippedReason) {
        public boolean failed() {
            return document == null;
        }

        public boolean skipped() {
            return document != null && skippedReason != null;
        }

        public boolean loaded() {
            return document != null && skippedReason == null;
        }
    }

    private final List<Entry> entries;

    private RuleSet(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Loads every {@code .yml}/{@code .yaml} file under the paths (folders recursed, in name order). RuleReader is stateless, so files are read in parallel. */
    public static RuleSet load(List<Path> paths, LoadOptions options) throws IOException {
        return load(Map.of(), paths, options);
    }

    /**
     * Loads rule texts given by name ({@code first}, e.g. rules shipped in a jar), then every
     * {@code .yml}/{@code .yaml} file under the paths, as one set.
     */
    public static RuleSet load(Map<String, String> first, List<Path> paths, LoadOptions options) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    files.addAll(s.filter(Files::isRegularFile).filter(RuleSet::isYaml).sorted().toList());
                }
            } else {
                files.add(p);
            }
        }
        Map<String, String> texts = new LinkedHashMap<>(first);
        for (Path f : files) {
            try {
                texts.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
            } catch (java.nio.charset.CharacterCodingException e) {
                texts.put(f.toString(), null); // reported as the file's problem below, the others still load
            }
        }
        return read(texts, options);
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    /** Loads rule texts given by file name (in map order); a null text is a file that could not be decoded. */
    public static RuleSet read(Map<String, String> texts, LoadOptions options) {
        RuleReader reader = new RuleReader(new ModifierContext(options.placeholders()));
        // files are independent until the cross-document checks: read them on every core, keep their order
        List<RuleReader.Result> results = new ArrayList<>();
        texts.entrySet().parallelStream().map(t -> t.getValue() == null
                ? List.of(new RuleReader.Result(t.getKey(), 0, null,
                        List.of(new RuleProblem(new Location(t.getKey(), 0, 0), "not UTF-8 text")), null))
                : reader.read(t.getKey(), t.getValue())).toList().forEach(results::addAll);
        return new RuleSet(check(results, options));
    }

    /** Cross-document checks: duplicate ids, correlation and alias references; then status selection. */
    private static List<Entry> check(List<RuleReader.Result> results, LoadOptions options) {
        Map<String, SigmaDocument> byRef = new HashMap<>();
        Map<String, Location> firstId = new HashMap<>();
        List<List<RuleProblem>> extra = new ArrayList<>();
        for (RuleReader.Result r : results) {
            List<RuleProblem> more = new ArrayList<>();
            if (r.ok()) {
                var meta = r.document().metadata();
                if (meta.id() != null) {
                    Location first = firstId.putIfAbsent(meta.id(), r.document().location());
                    if (first != null) {
                        more.add(new RuleProblem(r.document().location(), "duplicate rule id " + meta.id() + " (first in " + first + ")"));
                    } else {
                        byRef.put(meta.id(), r.document());
                    }
                }
                if (meta.name() != null) {
                    byRef.putIfAbsent(meta.name(), r.document());
                }
            }
            extra.add(more);
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            RuleReader.Result r = results.get(i);
            List<RuleProblem> problems = new ArrayList<>(r.problems());
            problems.addAll(extra.get(i));
            if (r.ok() && r.document() instanceof SigmaCorrelation c) {
                for (String ref : c.rules()) {
                    if (!byRef.containsKey(ref)) {
                        problems.add(new RuleProblem(c.location(), "correlation refers to rule '" + ref + "', which is not in the rule set"
                                + NearMiss.hint(ref, byRef.keySet())));
                    }
                }
                for (var alias : c.aliases().entrySet()) {
                    for (String ruleRef : alias.getValue().keySet()) {
                        if (!c.rules().contains(ruleRef)) {
                            problems.add(new RuleProblem(c.location(), "alias '" + alias.getKey() + "' names rule '" + ruleRef
                                    + "', which the correlation does not refer to"));
                        }
                    }
                }
            }
            if (!problems.isEmpty()) {
                out.add(new Entry(r.file(), r.index(), null, List.copyOf(problems), null));
                continue;
            }
            String skipped = null;
            SigmaDocument d = r.document();
            if (!(d instanceof SigmaFilter)) {
                Status st = d.metadata().status() == null ? Status.EXPERIMENTAL : d.metadata().status();
                if (!options.statuses().contains(st)) {
                    skipped = "status " + st.id();
                }
            }
            out.add(new Entry(r.file(), r.index(), d, List.of(), skipped));
        }
        return out;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int loaded() {
        return (int) entries.stream().filter(Entry::loaded).count();
    }

    public int failed() {
        return (int) entries.stream().filter(Entry::failed).count();
    }

    public int skipped() {
        return (int) entries.stream().filter(Entry::skipped).count();
    }

    /** Skipped documents counted by reason ("status deprecated" → 12), sorted by reason. */
    public Map<String, Integer> skippedReasons() {
        Map<String, Integer> m = new TreeMap<>();
        for (Entry e : entries) {
            if (e.skipped()) {
                m.merge(e.skippedReason(), 1, Integer::sum);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every problem of every failed document, in file order. */
    public List<RuleProblem> problems() {
        List<RuleProblem> out = new ArrayList<>();
        for (Entry e : entries) {
            out.addAll(e.problems());
        }
        return out;
    }

    /** Loaded (not skipped) documents of a kind. */
    public <T extends SigmaDocument> List<T> loaded(Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.loaded() && kind.isInstance(e.document())) {
                out.add(kind.cast(e.document()));
            }
        }
        return out;
    }

    public List<SigmaRule> rules() {
        return loaded(SigmaRule.class);
    }

    public List<SigmaCorrelation> correlations() {
        return loaded(SigmaCorrelation.class);
    }

    public List<SigmaFilter> filters() {
        return loaded(SigmaFilter.class);
    }

    /** Applies the filters and compiles every loaded rule with the resolver. */
    public CompiledRuleSet compile(FieldResolver resolver) {
        return CompiledRuleSet.compile(this, resolver);
    }
}
