package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Rule files in, canonical condition and compiled-rule dumps out (src/test/resources/golden). */
class GoldenTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = "true".equals(System.getProperty("golden.update"));

    @TestFactory
    Stream<DynamicTest> compiledRulesMatchTheirGoldenDumps() throws IOException {
        List<Path> inputs;
        try (Stream<Path> s = Files.list(DIR)) {
            inputs = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertTrue(inputs.size() >= 4, "golden inputs missing in " + DIR.toAbsolutePath());
        return inputs.stream().map(in -> DynamicTest.dynamicTest(in.getFileName().toString(), () -> check(in)));
    }

    private static void check(Path in) throws IOException {
        String name = in.getFileName().toString();
        RuleSet set = RuleSet.read(Map.of(name, Files.readString(in, StandardCharsets.UTF_8)), LoadOptions.defaults());
        assertEquals(List.of(), set.problems());
        StringBuilder out = new StringBuilder();
        for (var r : set.rules()) {
            out.append("parsed ").append(r.detection().parsed()).append('\n');
        }
        for (CompiledRule r : set.compile(FieldResolver.IDENTITY).rules()) {
            out.append(r.dump()).append('\n');
        }
        Path golden = in.resolveSibling(name.replace(".yml", ".txt"));
        if (UPDATE) {
            Files.writeString(golden, out.toString(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), golden + " missing: run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), out.toString(), name);
    }
}
