package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;

/** Loads rules and hunts inputs in-process, for tests. */
final class HuntFixture {
    private HuntFixture() {
    }

    static Path corpus() {
        Path p = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("sigma"))) {
            fail("the shared corpus is missing at " + p + " (set -Dgamekeeper.corpus=...)");
        }
        return p;
    }

    static Path reference() {
        Path p = Path.of(System.getProperty("gamekeeper.reference", "../shared/reference")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            fail("the shared reference folder is missing at " + p);
        }
        return p;
    }

    /** A loaded, compiled and indexed rule set. */
    record Rules(RuleSet set, CompiledRuleSet compiled, RuleIndex index) { }

    static Rules rules(List<Path> paths) {
        try {
            RuleSet set = RuleSet.load(paths, LoadOptions.defaults());
            CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
            return new Rules(set, compiled, RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Rules rules(java.util.Map<String, String> texts) {
        RuleSet set = RuleSet.read(texts, LoadOptions.defaults());
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        return new Rules(set, compiled, RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin()));
    }

    static Rules rules(String yaml) {
        RuleSet set = RuleSet.read(java.util.Map.of("test.yml", yaml), LoadOptions.defaults());
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        return new Rules(set, compiled, RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin()));
    }

    /** The inputs under these paths. */
    static List<InputFile> inputs(String... paths) {
        return Inputs.expand(List.of(paths), p -> fail(p.toString()));
    }

    /** A sink that keeps alerts and fails on problems. */
    static Hunt.Sink collect(List<Alert> alerts) {
        return new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                alerts.add(a);
            }

            @Override
            public void problem(Problem p) {
                fail(p.toString());
            }
        };
    }

    /** What a hunt returned. */
    record Result(List<Alert> alerts, List<Problem> problems, Hunt.Summary summary) { }

    static Result hunt(Rules rules, int threads, String... paths) {
        return hunt(rules, threads, null, paths);
    }

    /** A hunt with a rarity stage (null: none). */
    static Result hunt(Rules rules, int threads, org.gamekeeper.engine.baseline.RarityStage rarity, String... paths) {
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(List.of(paths), problems::add);
        List<Alert> alerts = new ArrayList<>();
        try {
            Hunt.Summary s = new Hunt(rules.index(), rules.compiled().correlations(), Hunt.Settings.defaults(threads), null, rarity)
                    .run(inputs, new Hunt.Sink() {
                        @Override
                        public void alert(Alert a) {
                            alerts.add(a);
                        }

                        @Override
                        public void problem(Problem p) {
                            problems.add(p);
                        }
                    });
            return new Result(alerts, problems, s);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
