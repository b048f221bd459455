package org.gamekeeper.sigma;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.sigma.rule.Status;

/**
 * How to load a rule set.
 *
 * @param placeholders values for {@code expand} placeholders, by name without the percent signs
 * @param statuses     the statuses to use; rules with other statuses load but are skipped
 *                     (a rule without status counts as experimental, as SigmaHQ does)
 */
public record LoadOptions(Map<String, List<String>> placeholders, Set<Status> statuses) {

    /** Every status except deprecated and unsupported (INTERFACES.md), no placeholders. */
    public static LoadOptions defaults() {
        return new LoadOptions(Map.of(), EnumSet.complementOf(EnumSet.of(Status.DEPRECATED, Status.UNSUPPORTED)));
    }

    public LoadOptions withPlaceholders(Map<String, List<String>> values) {
        return new LoadOptions(Map.copyOf(values), statuses);
    }

    public LoadOptions withStatuses(Set<Status> s) {
        return new LoadOptions(placeholders, Set.copyOf(s));
    }
}
