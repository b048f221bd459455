package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.rule.RuleProblem;

/** Builds rules from YAML text in tests. */
final class Rules {
    private Rules() {
    }

    static RuleSet set(String yaml) {
        return RuleSet.read(Map.of("test.yml", yaml), LoadOptions.defaults());
    }

    /** A rule with this detection (indented YAML under 'detection:'), compiled with identity field names. */
    static CompiledRule detection(String detectionYaml) {
        return compile("title: t\nid: r1\nlogsource:\n    product: windows\ndetection:\n" + indent(detectionYaml));
    }

    static CompiledRule compile(String yaml) {
        RuleSet set = set(yaml);
        if (set.failed() > 0) {
            fail("rule did not load: " + set.problems());
        }
        List<CompiledRule> rules = set.compile(FieldResolver.IDENTITY).rules();
        assertEquals(1, rules.size());
        return rules.get(0);
    }

    /** The problems of a detection that must not load. */
    static List<RuleProblem> problems(String detectionYaml) {
        return set("title: t\nlogsource:\n    product: windows\ndetection:\n" + indent(detectionYaml)).problems();
    }

    static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (!line.isEmpty()) {
                sb.append("    ").append(line);
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
