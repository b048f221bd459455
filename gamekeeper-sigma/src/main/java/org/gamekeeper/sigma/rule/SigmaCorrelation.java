package org.gamekeeper.sigma.rule;

import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.value.SigmaCompare;

/**
 * A correlation rule.
 *
 * @param rules     referenced rules (id or name), in order (order matters for temporal_ordered)
 * @param groupBy   group-by fields or aliases
 * @param condition comparisons, AND-linked; empty for temporal types means "all rules seen"
 * @param field     the field of value_count and the metric types, else null
 * @param aliases   alias → (rule name or id → field)
 * @param generate  the referenced rules also alert on their own
 */
public record SigmaCorrelation(RuleMetadata metadata, CorrelationType type, List<String> rules, List<String> groupBy,
        long timespanMillis, List<SigmaCompare> condition, String field, Map<String, Map<String, String>> aliases,
        boolean generate, Location location) implements SigmaDocument {

    /** True when {@code value} satisfies every comparison of the condition. */
    public boolean conditionHolds(double value) {
        for (SigmaCompare c : condition) {
            if (!c.op().test(value, c.number().doubleValue())) {
                return false;
            }
        }
        return true;
    }
}
