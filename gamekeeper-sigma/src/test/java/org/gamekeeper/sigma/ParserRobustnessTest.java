package org.gamekeeper.sigma;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gamekeeper.sigma.condition.ConditionException;
import org.gamekeeper.sigma.condition.ConditionParser;

/** Parsers on mutated input: they report problems, never throw anything else. */
class ParserRobustnessTest {

    private static final String RULE = """
            title: Mutated rule
            id: 9b1e2c55-0d39-4a0e-9a3a-0d1f3e7e1a01
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\\cmd.exe'
                    CommandLine|contains|all:
                        - ' /c '
                        - 'whoami'
                filter:
                    User|startswith: 'adm_'
                condition: selection and not filter
            level: high
            """;

    @Provide
    Arbitrary<String> mutatedRules() {
        return Arbitraries.integers().between(0, RULE.length() - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.of(':', '-', '|', ' ', '\n', '\'', '[', '{', '*', '&', '!', '%', '\t')
                        .list().ofSize(positions.size()).map(chars -> {
                            StringBuilder sb = new StringBuilder(RULE);
                            for (int i = 0; i < positions.size(); i++) {
                                sb.setCharAt(positions.get(i), chars.get(i));
                            }
                            return sb.toString();
                        }));
    }

    @Property(tries = 1500)
    void aMutatedRuleLoadsOrFailsWithPlacedProblems(@ForAll("mutatedRules") String text) {
        RuleSet set = RuleSet.read(Map.of("m.yml", text), LoadOptions.defaults());
        for (RuleSet.Entry e : set.entries()) {
            if (e.failed() && e.problems().isEmpty()) {
                throw new AssertionError("a failed document without a problem:\n" + text);
            }
        }
    }

    @Provide
    Arbitrary<String> conditions() {
        return Arbitraries.of("a", "b", "sel*", "them", "and", "or", "not", "1", "all", "of", "(", ")", "|", "near", "x?")
                .list().ofMaxSize(9).map(words -> String.join(" ", words));
    }

    @Property(tries = 3000)
    void theConditionParserOnlyEverReportsConditionErrors(@ForAll("conditions") String text) {
        try {
            ConditionParser.parse(text);
        } catch (ConditionException expected) {
            if (expected.offset() < 0 || expected.offset() > text.length()) {
                throw new AssertionError("offset " + expected.offset() + " outside '" + text + "'");
            }
        }
    }

    @Property(tries = 200)
    void anyListOfDocumentSeparatorsAndNoiseIsHandled(@ForAll("noise") List<String> lines) {
        RuleSet.read(Map.of("n.yml", String.join("\n", lines)), LoadOptions.defaults());
    }

    @Provide
    Arbitrary<List<String>> noise() {
        return Arbitraries.of("---", "...", "title: x", "- a", "a: &x [1]", "b: *x", "c: *y", "? k", "d: !!binary AAAA", "%YAML 1.2",
                "e: 'unterminated", "f: {a: 1, a: 2}", "  g: 1", "\t").list().ofMaxSize(8);
    }
}
