package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.LogSource;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * Issue 20's noise measures, for the built-in pack and for SigmaHQ's Windows rules side by side
 * on the same corpus: per rule, its medium-or-above alerts against the events of its log source
 * across the corpus (EVTX attack samples, EVTX parser samples and the OTRF datasets together;
 * a counting rule per log source, run in the same hunt, gives the denominators, through the same
 * log-source mapping the rules use); the rules above 1 %; the rules alerting in more than a
 * quarter of the attack-recording files of a folder; and the share of all events that get a
 * medium-or-above alert from the set. {@code CorpusPackNoiseTest} holds the pack to the first two.
 *
 * <pre>java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.CorpusNoise ../shared/corpus</pre>
 */
public final class CorpusNoise {
    private CorpusNoise() {
    }

    private static final List<String> FOLDERS = List.of("evtx/evtx-attack-samples", "json-logs/otrf", "evtx/evtx-rs-samples");

    public static void main(String[] args) throws IOException, InterruptedException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus").toAbsolutePath().normalize();
        Path sigma = corpus.resolve("sigma");
        if (!Files.isDirectory(sigma)) {
            throw new IllegalArgumentException("no corpus at " + corpus);
        }
        List<Path> sigmaHq = List.of(sigma.resolve("rules/windows"), sigma.resolve("rules-threat-hunting/windows"),
                sigma.resolve("rules-emerging-threats"));
        System.out.println(report("built-in pack", BuiltinPack.texts(), List.of(), corpus));
        System.out.println(report("SigmaHQ Windows rules", Map.of(), sigmaHq, corpus));
    }

    static String key(LogSource ls) {
        if (ls.category() != null) {
            return "category: " + ls.category().toLowerCase(Locale.ROOT);
        }
        if (ls.service() != null) {
            return "service: " + ls.service().toLowerCase(Locale.ROOT);
        }
        return "product: windows";
    }

    private static String report(String name, Map<String, String> texts, List<Path> paths, Path corpus)
            throws IOException, InterruptedException {
        RuleSet plain = RuleSet.load(texts, paths, LoadOptions.defaults());
        Map<String, String> sourceOf = new HashMap<>();
        Map<String, String> titleOf = new HashMap<>();
        Map<String, String> idOfName = new HashMap<>();
        for (SigmaRule r : plain.rules()) {
            sourceOf.put(r.metadata().id(), key(r.logSource()));
            titleOf.put(r.metadata().id(), r.metadata().title());
            if (r.metadata().name() != null) {
                idOfName.put(r.metadata().name(), r.metadata().id());
            }
        }
        for (SigmaCorrelation c : plain.correlations()) {
            String first = c.rules().isEmpty() ? null : c.rules().get(0);
            String src = first == null ? null : sourceOf.getOrDefault(first, sourceOf.get(idOfName.get(first)));
            sourceOf.put(c.metadata().id(), src == null ? "product: windows" : src);
            titleOf.put(c.metadata().id(), c.metadata().title());
        }
        Map<String, String> counters = new LinkedHashMap<>(texts);
        Map<String, String> counterOf = new HashMap<>();
        int n = 0;
        for (String s : new TreeSet<>(sourceOf.values())) {
            if (s.startsWith("product")) {
                continue; // every event: the hunt's own count
            }
            String id = "00000000-0000-0000-00c0-" + String.format(Locale.ROOT, "%012d", ++n);
            counterOf.put(id, s);
            // counted through the targets the set's own rules run on (the pack's include module logging for its script rules)
            counters.put((texts.isEmpty() ? "" : BuiltinPack.LOCATION_PREFIX) + "count-" + n + ".yml", "title: 'count " + s + "'\nid: " + id + "\nstatus: test\nlevel: informational\n"
                    + "logsource: {product: windows, " + s + "}\ndetection:\n  all:\n    EventID|exists: true\n  condition: all\n");
        }
        RuleSet set = RuleSet.load(counters, paths, LoadOptions.defaults());
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        RuleIndex index = RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin());

        Map<String, Long> events = new HashMap<>();
        Map<String, Long> alerts = new HashMap<>();
        List<String> broad = new ArrayList<>();
        Set<String> rulesWithAlerts = new HashSet<>();
        long allEvents = 0;
        long alerted = 0;
        for (String folder : FOLDERS) {
            Path root = corpus.resolve(folder);
            long files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(p -> p.toString().endsWith(".evtx") || p.toString().endsWith(".zip")).count();
            }
            List<Problem> problems = new ArrayList<>();
            List<InputFile> inputs = Inputs.expand(List.of(root.toString()), problems::add);
            Map<String, Set<String>> filesHit = new HashMap<>();
            Set<String> eventsAlerted = new HashSet<>();
            Hunt.Summary summary = new Hunt(index, compiled.correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
                @Override
                public void alert(Alert a) {
                    long hits = Math.max(a.count(), a.eventRefs().size());
                    String counted = counterOf.get(a.ruleId());
                    if (counted != null) {
                        events.merge(counted, hits, Long::sum);
                        return;
                    }
                    if (a.level() == null || a.level().compareTo(Level.MEDIUM) < 0) {
                        return;
                    }
                    alerts.merge(a.ruleId(), hits, Long::sum);
                    filesHit.computeIfAbsent(a.ruleId(), k -> new HashSet<>()).add(a.file());
                    eventsAlerted.addAll(a.eventRefs());
                }

                @Override
                public void problem(Problem p) {
                    // damaged recordings: their intact events count, as in a hunt
                }
            });
            events.merge("product: windows", summary.events(), Long::sum);
            allEvents += summary.events();
            alerted += eventsAlerted.size();
            rulesWithAlerts.addAll(filesHit.keySet());
            if (folder.startsWith("evtx/evtx-rs")) {
                continue; // parser samples, not attack recordings
            }
            filesHit.forEach((rule, hit) -> {
                if (hit.size() * 4 > files) {
                    broad.add(folder + ": " + titleOf.get(rule) + " in " + hit.size() + " of " + files + " files");
                }
            });
        }
        List<String> over = new ArrayList<>();
        alerts.entrySet().stream().sorted((a, b) -> Double.compare(share(b, events, sourceOf), share(a, events, sourceOf)))
                .forEach(e -> {
                    double share = share(e, events, sourceOf);
                    if (share > 1.0) {
                        over.add(String.format(Locale.ROOT, "  %7.2f %%  %6d of %7d  %-34s %s", share, e.getValue(),
                                events.getOrDefault(sourceOf.get(e.getKey()), 0L), sourceOf.get(e.getKey()), titleOf.get(e.getKey())));
                    }
                });
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %d rules raise medium or above on the corpus; %d on more than 1 %% of the "
                        + "events of their log source; %d in more than a quarter of a folder's recordings; events with a medium-or-above "
                        + "alert: %d of %d (%.3f %%)%n", name, rulesWithAlerts.size(), over.size(), broad.size(), alerted, allEvents,
                100.0 * alerted / Math.max(1, allEvents)));
        over.forEach(l -> out.append(l).append('\n'));
        broad.forEach(l -> out.append("  quarter: ").append(l).append('\n'));
        return out.toString();
    }

    private static double share(Map.Entry<String, Long> e, Map<String, Long> events, Map<String, String> sourceOf) {
        return 100.0 * e.getValue() / Math.max(1, events.getOrDefault(sourceOf.get(e.getKey()), 0L));
    }
}
