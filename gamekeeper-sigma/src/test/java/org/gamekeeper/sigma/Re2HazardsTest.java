package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.gamekeeper.sigma.modifier.Re2Hazards;
import org.junit.jupiter.api.Test;

/**
 * RE2/J loops for ever folding U+1C80-U+1C88 (google/re2j#168): such expressions are refused
 * before RE2/J sees them, in every spelling, and nothing else is.
 */
class Re2HazardsTest {

    @Test
    void everySpellingOfTheHazardIsRefused() {
        for (String re : List.of("\u1c80", "a\u1c88b", "\\x{1c80}", "\\x{1C84}", "[\\x{1c00}-\\x{1cff}]", "[^\\x{1c80}]",
                "[a-\u1c90]", "[\u1c70-\u1c90]", "x[\\u0041-\\x{1c85}]", "\\Q\u1c81\\E", "(?i)[\u0400-\u1cff]z")) {
            assertNotNull(Re2Hazards.problem(re), re);
        }
    }

    @Test
    void ordinaryExpressionsPass() {
        for (String re : List.of("[a-z0-9]{4,6}", "\\p{Cyrillic}", "[\\p{L}]", "[\u0400-\u04ff]", "\\x{0412}", "[\\x{1c89}-\\x{1cff}]",
                "[\\x{1c00}-\\x{1c7f}]", "C:\\\\Windows\\\\System32\\\\", "[\\]\\-a]", "\\Qa-b\\E", "[-a]", "[a-]", "\\d+\\.\\w*")) {
            assertNull(Re2Hazards.problem(re), re);
        }
    }

    @Test
    void aRuleWithTheHazardFailsToLoadWithAReasonInsteadOfHanging() {
        String yaml = """
                title: hazard
                id: 6f1c2a3b-0000-4000-8000-000000000001
                status: test
                logsource: {product: windows, category: process_creation}
                detection:
                  sel:
                    CommandLine|re|i: '[a-\\x{1cff}]+'
                  condition: sel
                level: high
                """;
        RuleSet set = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Rules.set(yaml));
        assertEquals(1, set.failed());
        assertTrue(set.problems().toString().contains("google/re2j#168"), set.problems().toString());
    }
}
