package org.gamekeeper.sigma;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gamekeeper.sigma.condition.ConditionException;
import org.gamekeeper.sigma.condition.ConditionParser;

/** Fuzz target for the condition parser: a condition parses or fails with a ConditionException, nothing else. */
class ConditionFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (ConditionParser.parse(text) == null) {
                throw new AssertionError("null condition for " + text);
            }
        } catch (ConditionException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("a condition error that says nothing for " + text, e);
            }
        }
    }
}
