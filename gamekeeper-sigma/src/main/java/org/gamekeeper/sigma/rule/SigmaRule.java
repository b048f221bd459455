package org.gamekeeper.sigma.rule;

/** A detection rule. */
public record SigmaRule(RuleMetadata metadata, LogSource logSource, Detection detection, Location location) implements SigmaDocument {

    /** The same rule with another detection (filters applied). */
    public SigmaRule withDetection(Detection d) {
        return new SigmaRule(metadata, logSource, d, location);
    }
}
