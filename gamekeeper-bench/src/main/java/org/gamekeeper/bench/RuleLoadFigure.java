package org.gamekeeper.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;

/**
 * Prints how long loading and compiling a rule set takes (not a test, asserts nothing).
 * Usage: {@code RuleLoadFigure [PATH…]}, default the ~3,000 Windows, threat-hunting and
 * emerging-threat rules of ../shared/corpus/sigma. Runs five times; the first includes JIT warm-up.
 */
public final class RuleLoadFigure {
    private RuleLoadFigure() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> paths = new ArrayList<>();
        for (String a : args) {
            paths.add(Path.of(a));
        }
        if (paths.isEmpty()) {
            Path sigma = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).resolve("sigma");
            paths = List.of(sigma.resolve("rules/windows"), sigma.resolve("rules-threat-hunting/windows"), sigma.resolve("rules-emerging-threats"));
        }
        CompiledRuleSet last = null;
        for (int run = 1; run <= 5; run++) {
            long t0 = System.nanoTime();
            RuleSet set = RuleSet.load(paths, LoadOptions.defaults());
            long t1 = System.nanoTime();
            CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
            long t2 = System.nanoTime();
            long unconditional = compiled.rules().stream().filter(r -> r.prefilter().unconditional()).count();
            System.out.println("run " + run + ": " + set.entries().size() + " documents (" + set.loaded() + " loaded, " + set.failed()
                    + " failed, " + set.skipped() + " skipped), load " + (t1 - t0) / 1_000_000 + " ms, compile " + (t2 - t1) / 1_000_000
                    + " ms; " + compiled.rules().size() + " rules, " + unconditional + " without a literal prefilter");
            last = compiled;
        }
        // every rule on one event, no log-source index and no prefilter: the engine's worst case
        Map<String, String> fields = Map.of("Image", "C:\\Windows\\System32\\cmd.exe",
                "CommandLine", "cmd.exe /c whoami /all > C:\\Users\\Public\\out.txt", "ParentImage", "C:\\Windows\\explorer.exe",
                "User", "CORP\\alice", "EventID", "1", "Channel", "Microsoft-Windows-Sysmon/Operational");
        org.gamekeeper.sigma.SigmaEvent event = new org.gamekeeper.sigma.SigmaEvent() {
            @Override
            public String field(String name) {
                return fields.get(name);
            }

            @Override
            public boolean anyValue(String name, Predicate<String> test) {
                String v = fields.get(name);
                return v != null && test.test(v);
            }

            @Override
            public void forEachField(BiConsumer<String, String> sink) {
                fields.forEach(sink);
            }

            @Override
            public long timestampMillis() {
                return 0;
            }
        };
        var rules = last.rules();
        int hits = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            int n = 200;
            for (int i = 0; i < n; i++) {
                for (var r : rules) {
                    hits += r.matches(event) ? 1 : 0;
                }
            }
            long ns = (System.nanoTime() - t0) / n;
            System.out.println("all " + rules.size() + " rules on one event, no index: " + ns / 1000 + " us per event (" + hits + " hits)");
        }
    }
}
