package org.gamekeeper.sigma;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;

/**
 * Fuzz target for rules as data: YAML text through the loader (SnakeYAML Engine), the rule model,
 * the condition parser and the compiler, then the compiled rules against an event made of the
 * rest of the input. A rule set that does not load says why (a problem per failed document);
 * nothing throws. Committed findings in {@code SigmaRuleFuzzTestInputs/} replay in every test run.
 */
class SigmaRuleFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void loadCompileMatch(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** Input: the YAML, 0xFF, one field value, 0xFF, another. */
    public static void fuzzerTestOneInput(byte[] data) {
        String[] t = FuzzInput.texts(data, 3);
        String yaml = t[0];
        String a = t[1];
        String b = t[2];
        RuleSet set = RuleSet.read(Map.of("fuzz.yml", yaml), LoadOptions.defaults());
        for (RuleSet.Entry e : set.entries()) {
            if (e.failed() && e.problems().isEmpty()) {
                throw new AssertionError("a failed document without a problem:\n" + yaml);
            }
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        TestEvent event = TestEvent.of("CommandLine", a, "Image", b, "EventID", a, "Data", b, "Data", a);
        for (CompiledRule r : compiled.rules()) {
            r.matches(event);
        }
    }
}
