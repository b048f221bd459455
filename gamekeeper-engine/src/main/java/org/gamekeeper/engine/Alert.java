package org.gamekeeper.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One alert as INTERFACES.md defines it: a rule match, an aggregated group, a correlation, a
 * rarity finding, an IOC hit or a mail finding. Immutable; produced by detection stages and
 * consumed by incidents and outputs.
 *
 * @param timestamp  event time (first event for correlations)
 * @param ruleId     the rule's id (UUID for Sigma)
 * @param ruleSource {@code builtin}, {@code sigmahq@<version>}, or the rule file path
 * @param level      informational, low, medium, high or critical
 * @param attack     ATT&CK technique ids (T1003.003) taken from the tags
 * @param eventId    null for sources without one
 * @param recordId   EventRecordID, null for non-EVTX sources (then {@code line} is set)
 * @param line       line number in a text source, null for EVTX
 * @param details    the few fields that explain the alert
 * @param eventRefs  all events behind the alert, as {@code file#record}
 * @param kind       rule, correlation, rarity, ioc or mail
 */
public record Alert(
        Instant timestamp,
        String ruleId,
        String ruleTitle,
        String ruleAuthor,
        String ruleSource,
        String level,
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
        String kind,
        long count,
        Instant firstSeen,
        Instant lastSeen) {

    public Alert {
        tags = List.copyOf(tags);
        attack = List.copyOf(attack);
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        eventRefs = List.copyOf(eventRefs);
    }
}
