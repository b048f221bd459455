package org.gamekeeper.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gamekeeper.sigma.NearMiss;
import org.gamekeeper.sigma.rule.RuleMetadata;

/**
 * Rule filters that select nothing are worth one warning each, with the likely fix: a tactic
 * written without its {@code attack.} prefix or with spaces, a rule named by its title where an
 * id or name is wanted, a near-miss of an existing tag or id. Silence there was one of the first
 * hour's stumbles (0 rules, exit 0, nothing said).
 */
final class RuleFilterCheck {
    private RuleFilterCheck() {
    }

    static List<String> warnings(List<RuleMetadata> rules, List<String> includeTags, List<String> excludeTags, List<String> excludeRules) {
        Set<String> tags = new LinkedHashSet<>();
        Set<String> refs = new LinkedHashSet<>();
        for (RuleMetadata m : rules) {
            m.tags().forEach(t -> tags.add(t.toLowerCase(Locale.ROOT)));
            if (m.id() != null) {
                refs.add(m.id());
            }
            if (m.name() != null) {
                refs.add(m.name());
            }
        }
        List<String> out = new ArrayList<>();
        tagWarnings("--include-tag", includeTags, tags, out);
        tagWarnings("--exclude-tag", excludeTags, tags, out);
        for (String r : excludeRules == null ? List.<String>of() : excludeRules) {
            if (refs.contains(r)) {
                continue;
            }
            RuleMetadata byTitle = null;
            for (RuleMetadata m : rules) {
                if (m.title() != null && m.title().equalsIgnoreCase(r.strip())) {
                    byTitle = m;
                    break;
                }
            }
            if (byTitle != null && byTitle.reference() != null) {
                out.add("--exclude-rule takes a rule id or name: '" + r + "' is the title of " + byTitle.reference()
                        + "; use --exclude-rule " + byTitle.reference());
            } else {
                out.add("--exclude-rule " + r + " matches no rule" + NearMiss.hint(r, refs));
            }
        }
        return out;
    }

    private static void tagWarnings(String option, List<String> given, Set<String> tags, List<String> out) {
        for (String t : given == null ? List.<String>of() : given) {
            String lower = t.strip().toLowerCase(Locale.ROOT);
            if (tags.contains(lower)) {
                continue;
            }
            String asTactic = "attack." + lower.replace(' ', '-').replace('_', '-');
            if (tags.contains(asTactic)) {
                out.add(option + " " + t + " matches no rule: tags carry the 'attack.' prefix; use " + option + " " + asTactic);
            } else {
                out.add(option + " " + t + " matches no rule" + NearMiss.hint(lower, tags));
            }
        }
    }
}
