package org.gamekeeper.engine.incident;

import java.time.Instant;
import java.util.List;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;

/**
 * Incidents linked by a shared account or a lateral-movement edge: one intruder's work as far
 * as the evidence connects it. Its {@link #summary()} is written from these facts when asked.
 *
 * @param links        why the incidents are linked ({@code account corp\\alice}, {@code lateral movement ws01 → dc01})
 * @param actorOverlap known groups ranked by weighted technique overlap: context, not attribution
 * @param asOf         the time dwell is also counted to (the run's {@code --as-of}, else its last event; null for none)
 */
public record Intrusion(String id, List<Incident> incidents, Instant firstEvidence, Instant lastEvidence, List<String> hosts,
                        List<String> accounts, List<Tactic> tactics, List<Technique> techniques, String severity,
                        long alertCount, List<String> links, List<ActorOverlap.Match> actorOverlap, Instant asOf) {
    public Intrusion {
        incidents = List.copyOf(incidents);
        hosts = List.copyOf(hosts);
        accounts = List.copyOf(accounts);
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        links = List.copyOf(links);
        actorOverlap = List.copyOf(actorOverlap);
    }

    /** Plain-language text written from these facts (made on each call). */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(incidents.size() == 1 ? "One incident" : incidents.size() + " linked incidents").append(" with ").append(alertCount)
                .append(alertCount == 1 ? " alert" : " alerts");
        if (!hosts.isEmpty()) {
            s.append(" on ").append(hosts.size() == 1 ? "host " : hosts.size() + " hosts (")
                    .append(String.join(", ", hosts.stream().limit(6).toList())).append(hosts.size() > 6 ? ", …" : "")
                    .append(hosts.size() == 1 ? "" : ")");
        }
        if (firstEvidence != null) {
            s.append(", starting ").append(Incident.MINUTE.format(firstEvidence)).append(" UTC");
            Incident head = incidents.get(0);
            if (!head.hosts().isEmpty()) {
                s.append(" on ").append(head.hosts().get(0));
            }
            if (!head.tactics().isEmpty()) {
                s.append(" with ").append(head.tactics().get(0).name());
            }
            s.append("; last evidence ").append(Incident.MINUTE.format(lastEvidence)).append(" UTC, dwell time ")
                    .append(Incident.dwellDays(firstEvidence, lastEvidence)).append(" days");
            if (asOf != null && !asOf.equals(lastEvidence)) {
                s.append(" (").append(Incident.dwellDays(firstEvidence, asOf)).append(" days to ").append(Incident.MINUTE.format(asOf))
                        .append(" UTC)");
            }
        }
        s.append("; severity ").append(severity).append('.');
        if (!tactics.isEmpty()) {
            s.append(" Tactics in order: ").append(String.join(" → ", tactics.stream().map(Tactic::name).toList())).append('.');
        }
        if (!links.isEmpty()) {
            s.append(" Linked by ").append(String.join("; ", links.stream().limit(5).toList())).append(links.size() > 5 ? "; …" : "")
                    .append('.');
        }
        if (!actorOverlap.isEmpty()) {
            s.append(" Techniques overlap most with ").append(String.join(", ", actorOverlap.stream().limit(3).map(x -> x.group().name()
                    + (x.group().aliases().isEmpty() ? "" : " (" + String.join(", ", x.group().aliases().stream().limit(2).toList()) + ")"))
                    .toList())).append(" — context, not attribution.");
        }
        return s.toString();
    }
}
