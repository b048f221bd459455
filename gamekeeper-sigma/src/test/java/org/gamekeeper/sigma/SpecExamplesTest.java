package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.gamekeeper.sigma.modifier.ModifierContext;
import org.gamekeeper.sigma.rule.RuleReader;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.junit.jupiter.api.Test;

/** Every example rule written in the specification's markdown files loads. */
class SpecExamplesTest {

    private static final Pattern FENCE = Pattern.compile("```ya?ml\\s*\\n(.*?)```", Pattern.DOTALL);

    /** Fenced YAML blocks that are whole documents: a title and a detection, correlation or filter section. */
    private static List<String[]> examples() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(Corpus.dir("sigma-spec/specification"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                Matcher m = FENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String block = m.group(1);
                    if (block.matches("(?s)(.*\\n)?title:.*") && block.matches("(?s).*\\n(detection|correlation|filter):.*")) {
                        out.add(new String[] {f.getFileName() + "@" + m.start(), block});
                    }
                }
            }
        }
        return out;
    }

    @Test
    void everyExampleDocumentOfTheSpecificationLoads() throws IOException {
        List<String[]> examples = examples();
        assertTrue(examples.size() >= 8, "expected the specification's example rules, found " + examples.size());
        RuleReader reader = new RuleReader(ModifierContext.EMPTY);
        List<String> failures = new ArrayList<>();
        List<String> fragments = new ArrayList<>();
        int documents = 0;
        for (String[] ex : examples) {
            // the "Related rules" snippet shows only the rules key of a correlation (no type, no
            // timespan, both mandatory): an illustration, not a rule
            if (ex[1].contains("correlation:") && !ex[1].contains("type:")) {
                fragments.add(ex[0]);
                continue;
            }
            for (RuleReader.Result r : reader.read(ex[0], ex[1])) {
                documents++;
                if (!r.ok()) {
                    failures.add(r.problems().toString());
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(1, fragments.size(), fragments.toString());
        assertTrue(documents > examples.size(), "the multi-document example counts each document");
    }

    @Test
    void theCompleteCorrelationExampleLoadsAsARuleSetWithItsReferencesResolved() throws IOException {
        String chain = examples().stream().map(e -> e[1]).filter(b -> b.contains("multiple_failed_login") && b.contains("---"))
                .findFirst().orElseThrow();
        RuleSet set = RuleSet.read(Map.of("mr_example.yml", chain), LoadOptions.defaults());
        assertEquals(List.of(), set.problems());
        assertEquals(2, set.correlations().size());
        assertEquals(2, set.rules().size());
        SigmaCorrelation first = set.correlations().get(0);
        assertEquals(List.of("multiple_failed_login", "successful_login"), first.rules());
        assertEquals(10 * 60_000L, first.timespanMillis());
    }
}
