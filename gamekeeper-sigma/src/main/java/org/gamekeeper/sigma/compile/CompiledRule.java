package org.gamekeeper.sigma.compile;

import java.util.Set;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.rule.LogSource;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * A rule ready to run: immutable and thread-safe. Engines index it by {@link #logSource()}
 * and {@link #prefilter()} and call {@link #matches(SigmaEvent)} on the candidates.
 */
public final class CompiledRule {
    private final SigmaRule rule;
    private final Matcher matcher;
    private final Prefilter prefilter;

    CompiledRule(SigmaRule rule, Matcher matcher) {
        this.rule = rule;
        this.matcher = matcher;
        this.prefilter = matcher.prefilter();
    }

    public SigmaRule rule() {
        return rule;
    }

    public LogSource logSource() {
        return rule.logSource();
    }

    public boolean matches(SigmaEvent event) {
        return matcher.matches(event);
    }

    public Prefilter prefilter() {
        return prefilter;
    }

    /**
     * The integers some value of {@code field} must be for the rule to match, or null when the
     * rule does not constrain it so. A value that spells one of them otherwise ("4624.0") may
     * also match: engines that index by it must give such values to every rule.
     */
    public Set<Long> requiredIntegers(String field) {
        Set<Long> s = matcher.integers(field);
        return s == null ? null : Set.copyOf(s);
    }

    /** True when the rule can never match with this field resolver (e.g. every field is unknown to the source). */
    public boolean neverMatches() {
        return matcher == Matcher.FALSE;
    }

    /** Canonical text of the compiled rule: its condition tree and its matchers. */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        sb.append("rule ").append(rule.metadata().reference()).append('\n');
        sb.append("logsource ").append(rule.logSource()).append('\n');
        sb.append("condition ").append(rule.detection().condition()).append('\n');
        sb.append("prefilter ").append(prefilter).append('\n');
        sb.append("matcher\n");
        matcher.dump(sb, 1);
        return sb.toString();
    }
}
