package org.gamekeeper.engine.coverage;

import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * A rule as coverage sees it: the ATT&CK techniques it detects and where its events are.
 *
 * @param id         the rule's id
 * @param techniques ATT&CK technique IDs from its tags
 * @param targets    where its events are, through the log-source mapping
 */
public record RuleSource(String id, List<String> techniques, List<LogSourceMapping.Target> targets) {
    public RuleSource {
        techniques = List.copyOf(techniques);
        targets = List.copyOf(targets);
    }

    /**
     * The rules of {@code rules} whose log source the mapping places (others never run on
     * Windows evidence, so they cannot go blind).
     */
    public static List<RuleSource> of(List<SigmaRule> rules, LogSourceMapping mapping) {
        List<RuleSource> out = new ArrayList<>();
        for (SigmaRule r : rules) {
            List<LogSourceMapping.Target> targets = mapping.targets(r.logSource(),
                    r.location() != null && BuiltinPack.isPack(r.location().file()));
            if (!targets.isEmpty()) {
                var m = r.metadata();
                out.add(new RuleSource(m.id() != null ? m.id() : m.reference(), Alert.techniques(m.tags()), targets));
            }
        }
        return out;
    }
}
