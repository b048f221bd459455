package org.gamekeeper.engine.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;

/**
 * Alerts that belong together on one host (or one mail recipient), with what explains them.
 * Its texts ({@link #summary()}, {@link #keyEvents()}) are written from these facts when asked:
 * a million incidents hold no million summaries.
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
 * @param keyMembers    the few members that explain it (highest level, then rarest rule; one per rule)
 * @param members       every alert with the reason it belongs, in time order
 */
public record Incident(String id, String intrusionId, Instant firstEvidence, Instant lastEvidence, List<String> hosts,
                       List<String> accounts, List<Tactic> tactics, List<Technique> techniques, String severity,
                       List<Member> keyMembers, List<Member> members) {
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    public Incident {
        hosts = List.copyOf(hosts);
        accounts = List.copyOf(accounts);
        tactics = List.copyOf(tactics);
        techniques = List.copyOf(techniques);
        keyMembers = List.copyOf(keyMembers);
        members = List.copyOf(members);
    }

    /** The {@code file#record} references of the key members. */
    public List<String> keyEvents() {
        List<String> out = new ArrayList<>(keyMembers.size());
        for (Member m : keyMembers) {
            out.add(m.ref());
        }
        return out;
    }

    /** Plain-language text written from these facts (made on each call). */
    public String summary() {
        Set<String> rules = new HashSet<>();
        for (Member m : members) {
            rules.add(String.valueOf(m.alert().ruleId()));
        }
        Alert head = members.get(0).alert();
        String where = hosts.isEmpty() ? (head.kind() == Alert.Kind.MAIL ? "in mail" : "without a host")
                : "on " + String.join(", ", hosts);
        StringBuilder s = new StringBuilder();
        s.append(members.size()).append(members.size() == 1 ? " alert" : " alerts").append(" from ").append(rules.size())
                .append(rules.size() == 1 ? " rule " : " rules ").append(where);
        if (firstEvidence != null) {
            s.append(", ").append(MINUTE.format(firstEvidence)).append(" to ").append(MINUTE.format(lastEvidence)).append(" UTC (")
                    .append(span(Duration.between(firstEvidence, lastEvidence))).append(')');
        }
        s.append("; severity ").append(severity).append('.');
        if (!tactics.isEmpty()) {
            s.append(" Tactics in order: ").append(String.join(" → ", tactics.stream().map(Tactic::name).toList())).append('.');
        }
        if (!accounts.isEmpty()) {
            s.append(" Accounts: ").append(String.join(", ", accounts.stream().limit(5).toList()))
                    .append(accounts.size() > 5 ? " and more." : ".");
        }
        s.append(" Most telling: ").append(String.join("; ", keyMembers.stream().limit(3)
                .map(x -> x.alert().ruleTitle() + " (" + IncidentGrouping.levelName(x.alert().level()) + ")").toList())).append('.');
        return s.toString();
    }

    /** Whole days from first evidence to {@code end} (last evidence, or the run's as-of time). */
    public static long dwellDays(Instant first, Instant end) {
        return first == null || end == null || end.isBefore(first) ? 0 : Duration.between(first, end).toDays();
    }

    private static String span(Duration d) {
        long m = d.toMinutes();
        if (m < 60) {
            return m + " min";
        }
        if (m < 48 * 60) {
            return m / 60 + " h " + m % 60 + " min";
        }
        return d.toDays() + " days";
    }
}
