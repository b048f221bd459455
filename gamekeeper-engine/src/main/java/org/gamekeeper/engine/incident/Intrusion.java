package org.gamekeeper.engine.incident;

import java.time.Instant;
import java.util.List;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;

/**
 * Incidents linked by a shared account or a lateral-movement edge: one intruder's work as far
 * as the evidence connects it.
 *
 * @param links        why the incidents are linked ({@code account corp\\alice}, {@code lateral movement ws01 → dc01})
 * @param actorOverlap known groups ranked by weighted technique overlap: context, not attribution
 */
public record Intrusion(String id, List<Incident> incidents, Instant firstEvidence, Instant lastEvidence, List<String> hosts,
                        List<String> accounts, List<Tactic> tactics, List<Technique> techniques, String severity,
                        long alertCount, String summary, List<String> links, List<ActorOverlap.Match> actorOverlap) {
    public Intrusion {
        incidents = List.copyOf(incidents);
        hosts = List.copyOf(hosts);
        accounts = List.copyOf(accounts);
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        links = List.copyOf(links);
        actorOverlap = List.copyOf(actorOverlap);
    }
}
