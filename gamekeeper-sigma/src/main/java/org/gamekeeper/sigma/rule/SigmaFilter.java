package org.gamekeeper.sigma.rule;

import java.util.List;

/**
 * A Sigma filter: its condition is AND-ed onto the condition of each rule it names whose log
 * source it covers (as pySigma does, so filters are written with {@code not}); {@code anyRule}
 * when its rules are {@code any}/{@code all}.
 */
public record SigmaFilter(RuleMetadata metadata, LogSource logSource, List<String> rules, boolean anyRule,
        Detection detection, Location location) implements SigmaDocument { }
