package org.gamekeeper.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gamekeeper.sigma.rule.Level;

/**
 * One alert as INTERFACES.md defines it: a rule match, an aggregated group, a correlation, a
 * rarity finding, an IOC hit or a mail finding. Immutable; made by the named factories
 * ({@link #ofEvent}, {@link #ofEvents}, {@link #ofItem}) in the detection stages and consumed by
 * incidents and outputs.
 *
 * @param timestamp  event time (first event for correlations)
 * @param ruleId     the rule's id (UUID for Sigma)
 * @param ruleSource {@code builtin}, {@code sigmahq@<version>}, or the rule file path
 * @param attack     ATT&CK technique ids (T1003.003) taken from the tags
 * @param eventId    null for sources without one
 * @param recordId   EventRecordID, null for non-EVTX sources (then {@code line} is set)
 * @param line       line number in a text source, null for EVTX
 * @param details    the few fields that explain the alert
 * @param eventRefs  all events behind the alert, as {@code file#record}
 * @param entities   the identity fields of the event behind the alert (host, accounts, logon
 *                   sessions, processes, addresses: {@link #ENTITY_FIELDS}) with their raw values,
 *                   for grouping alerts into incidents; not written to timelines
 */
public record Alert(
        Instant timestamp,
        String ruleId,
        String ruleTitle,
        String ruleAuthor,
        String ruleSource,
        Level level,
        List<String> tags,
        List<String> attack,
        String computer,
        String channel,
        Integer eventId,
        Long recordId,
        Long line,
        String file,
        Map<String, String> details,
        List<String> eventRefs,
        Kind kind,
        long count,
        Instant firstSeen,
        Instant lastSeen,
        Map<String, String> entities) {

    /** What produced an alert. */
    public enum Kind {
        RULE, CORRELATION, RARITY, IOC, MAIL;

        /** The word INTERFACES.md uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The fields of an event that say who and where: what incidents group alerts by. */
    public static final List<String> ENTITY_FIELDS = List.of("Computer", "SubjectUserSid", "SubjectUserName",
            "SubjectDomainName", "SubjectLogonId", "TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId",
            "TargetOutboundUserName", "TargetOutboundDomainName", "User", "UserID", "LogonId", "ProcessGuid", "ParentProcessGuid", "ProcessId", "ParentProcessId", "IpAddress",
            "WorkstationName", "SourceIp", "SourceHostname", "DestinationIp", "DestinationHostname");

    /**
     * What every alert of one detection shares.
     *
     * @param attack ATT&CK technique ids from the tags ({@link #techniques})
     */
    public record Rule(String id, String title, String author, String source, Level level, List<String> tags,
                       List<String> attack) {
        public Rule {
            tags = List.copyOf(tags);
            attack = List.copyOf(attack);
        }

        /** A detection whose ATT&CK techniques are those its tags name. */
        public static Rule of(String id, String title, String author, String source, Level level, List<String> tags) {
            return new Rule(id, title, author, source, level == null ? Level.INFORMATIONAL : level, tags, techniques(tags));
        }
    }

    public Alert {
        tags = List.copyOf(tags);
        attack = List.copyOf(attack);
        details = frozen(details);
        eventRefs = List.copyOf(eventRefs);
        entities = entities.isEmpty() ? Map.of() : frozen(entities);
    }

    /**
     * An unchangeable copy of {@code map} in its order, which alerts then hold as it is: the
     * details and entities of one event, shared by the alerts of every rule it matches, are
     * copied once instead of once per alert (a third of a 1 M-event hunt's events alert).
     */
    public static Map<String, String> frozen(Map<String, String> map) {
        return map instanceof Frozen ? map : new Frozen(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
    }

    /** A map made by {@link #frozen}: a copy no one else holds, behind an unmodifiable view. */
    private static final class Frozen extends java.util.AbstractMap<String, String> {
        private final Map<String, String> map;
        /** The hash, once worked out (0 until then): aggregation asks it of every alert, and values run to 1,024 characters. */
        private int hash;

        Frozen(Map<String, String> map) {
            this.map = map;
        }

        @Override
        public java.util.Set<Entry<String, String>> entrySet() {
            return map.entrySet();
        }

        @Override
        public String get(Object key) {
            return map.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public boolean equals(Object o) {
            return o == this || map.equals(o);
        }

        @Override
        public int hashCode() {
            int h = hash;
            if (h == 0) {
                h = map.hashCode();
                hash = h;
            }
            return h;
        }
    }

    /** An alert about one event. */
    public static Alert ofEvent(Rule rule, Kind kind, Event e, Map<String, String> details, Map<String, String> entities) {
        long t = e.timestampMillis();
        Instant ts = t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
        long rid = e.recordId();
        long line = e.line();
        int eid = e.eventId();
        return new Alert(ts, rule.id(), rule.title(), rule.author(), rule.source(), rule.level(), rule.tags(), rule.attack(),
                e.computer(), e.channel(), eid < 0 ? null : eid, rid >= 0 ? rid : null, rid >= 0 || line < 0 ? null : line,
                e.file(), details, List.of(e.ref()), kind, 1, ts, ts, entities);
    }

    /** An alert about several events (a correlation, an aggregate), from the first to the last. */
    public static Alert ofEvents(Rule rule, Kind kind, Instant first, Instant last, String computer, String file,
                                 Map<String, String> details, List<String> eventRefs) {
        return new Alert(first, rule.id(), rule.title(), rule.author(), rule.source(), rule.level(), rule.tags(), rule.attack(),
                computer, null, null, null, null, file, details, eventRefs, kind, eventRefs.size(), first, last, Map.of());
    }

    /**
     * An alert about one item of evidence that is not an event (a mail message): {@code ref} is
     * its reference, {@code channel} names what kind of item it is.
     */
    public static Alert ofItem(Rule rule, Kind kind, Instant time, String channel, String file, String ref,
                               Map<String, String> details) {
        return new Alert(time, rule.id(), rule.title(), rule.author(), rule.source(), rule.level(), rule.tags(), rule.attack(),
                "", channel, null, null, null, file, details, List.of(ref), kind, 1, time, time, Map.of());
    }

    /** This alert at another level. */
    public Alert withLevel(Level l) {
        return new Alert(timestamp, ruleId, ruleTitle, ruleAuthor, ruleSource, l, tags, attack, computer, channel, eventId,
                recordId, line, file, details, eventRefs, kind, count, firstSeen, lastSeen, entities);
    }

    /** This alert with other details. */
    public Alert withDetails(Map<String, String> d) {
        return new Alert(timestamp, ruleId, ruleTitle, ruleAuthor, ruleSource, level, tags, attack, computer, channel, eventId,
                recordId, line, file, d, eventRefs, kind, count, firstSeen, lastSeen, entities);
    }

    /** ATT&CK technique ids from Sigma tags: {@code attack.t1003.003} becomes {@code T1003.003}. */
    public static List<String> techniques(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String l = t.toLowerCase(Locale.ROOT);
            if (l.startsWith("attack.t") && l.length() > 9 && Character.isDigit(l.charAt(8))) {
                out.add(l.substring(7).toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }
}
