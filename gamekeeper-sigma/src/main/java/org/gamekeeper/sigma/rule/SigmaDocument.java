package org.gamekeeper.sigma.rule;

/** One YAML document of a rule file: a detection rule, a correlation or a filter. */
public sealed interface SigmaDocument permits SigmaRule, SigmaCorrelation, SigmaFilter {
    RuleMetadata metadata();

    Location location();
}
