package org.gamekeeper.engine.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;

/**
 * Alerts that belong together on one host (or one mail recipient), with what explains them.
 *
 * @param id            stable id ({@code inc-…}), from the first alert
 * @param intrusionId   the intrusion it is part of
 * @param firstEvidence time of the first alert
 * @param lastEvidence  time of the last event behind any alert
 * @param hosts         normalised host names, in order first seen
 * @param accounts      normalised accounts ({@code domain\\user} or SID), in order first seen
 * @param tactics       ATT&CK tactics in the order first seen
 * @param techniques    techniques seen, by id
 * @param severity      highest level, one step higher for breadth (several hosts or four tactics)
 * @param summary       plain-language text written from these facts
 * @param keyEvents     the few {@code file#record} references that explain it
 * @param members       every alert with the reason it belongs, in time order
 */
public record Incident(String id, String intrusionId, Instant firstEvidence, Instant lastEvidence, List<String> hosts,
                       List<String> accounts, List<Tactic> tactics, List<Technique> techniques, String severity, String summary,
                       List<String> keyEvents, List<Member> members) {
    public Incident {
        hosts = List.copyOf(hosts);
        accounts = List.copyOf(accounts);
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        keyEvents = List.copyOf(keyEvents);
        members = List.copyOf(members);
    }

    /** Whole days from first evidence to {@code end} (last evidence, or the run's as-of time). */
    public static long dwellDays(Instant first, Instant end) {
        return first == null || end == null || end.isBefore(first) ? 0 : Duration.between(first, end).toDays();
    }
}
