package org.gamekeeper.sigma.correlation;

import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.rule.SigmaCorrelation;

/**
 * A correlation that matched.
 *
 * @param group     the group-by fields (aliases by their alias name) and their values
 * @param value     what the condition was tested on (count, distinct values, sum, average, percentage, rules seen)
 * @param eventRefs the caller's references of the events behind the alert, oldest first (capped by the limits)
 */
public record CorrelationAlert(SigmaCorrelation correlation, Map<String, String> group, long firstMillis, long lastMillis,
        double value, List<Object> eventRefs) { }
