package org.gamekeeper.sigma;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.RuleMetadata;

/**
 * Which loaded rules to run: a lowest level, tags to require or leave out (any of them, case
 * ignored) and rules to leave out by id or name. Statuses are chosen when loading
 * ({@link LoadOptions#statuses()}). Rules that feed correlations run whatever their own level:
 * the correlation has its own.
 */
public record Selection(Level minLevel, Set<String> includeTags, Set<String> excludeTags, Set<String> excludeRules) {

    public Selection {
        minLevel = minLevel == null ? Level.INFORMATIONAL : minLevel;
        includeTags = lower(includeTags);
        excludeTags = lower(excludeTags);
        excludeRules = excludeRules == null ? Set.of() : Set.copyOf(excludeRules);
    }

    /** Every rule. */
    public static Selection all() {
        return new Selection(Level.INFORMATIONAL, Set.of(), Set.of(), Set.of());
    }

    private static Set<String> lower(Set<String> tags) {
        return tags == null ? Set.of() : tags.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** True when a rule with this metadata is chosen; {@code feedsCorrelation} lifts the level bound. */
    public boolean accepts(RuleMetadata m, boolean feedsCorrelation) {
        Level level = m.level() == null ? Level.INFORMATIONAL : m.level();
        if (level.compareTo(minLevel) < 0 && !feedsCorrelation) {
            return false;
        }
        if (m.id() != null && excludeRules.contains(m.id()) || m.name() != null && excludeRules.contains(m.name())) {
            return false;
        }
        List<String> tags = m.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        if (!includeTags.isEmpty() && tags.stream().noneMatch(includeTags::contains)) {
            return false;
        }
        return tags.stream().noneMatch(excludeTags::contains);
    }
}
