package org.gamekeeper.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.IncidentGrouping;

/**
 * Everything the outputs render about one case: its alerts (with identity fields), their
 * grouping into incidents and intrusions, alerts suppressed per tuning entry, coverage gaps and
 * the provenance of the run(s).
 *
 * @param provenance ordered facts (Gamekeeper version, rule sets with SHA-256, inputs, configuration)
 */
public record Case(List<AlertEvidence> alerts, IncidentGrouping.Result grouping, List<Suppression> suppressed,
                   CoverageSource coverage, Map<String, String> provenance) {
    public Case {
        alerts = List.copyOf(alerts);
        suppressed = List.copyOf(suppressed);
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * Alerts a tuning entry kept out of the results.
     *
     * @param entry  the entry's name or rule id
     * @param reason the entry's stated reason
     */
    public record Suppression(String entry, String reason, long count) {
    }
}
