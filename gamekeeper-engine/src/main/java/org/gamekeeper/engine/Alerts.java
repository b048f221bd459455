package org.gamekeeper.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.engine.alert.RuleAlerts;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.sigma.rule.Level;

/**
 * The one place where the responder's stages (IOC sweeps, aggregation) make {@link Alert}s,
 * through the record's named factories (an aggregate, which keeps every field of its first
 * alert, through the canonical constructor), so a change of the record is a change here.
 */
public final class Alerts {
    private Alerts() {
    }

    /** Level of an IOC hit: a listed indicator in the evidence is worth a look before anything medium. */
    public static final Level IOC_LEVEL = Level.HIGH;

    /** A {@code kind: ioc} alert for one indicator met in one event. */
    public static Alert ioc(IocLibrary.Hit hit, Event e) {
        return Alert.ofEvent(rule(hit), Alert.Kind.IOC, e, details(hit), RuleAlerts.entities(e));
    }

    /** The indicator as the detection behind the alert: its id names type and value, its source the list and line. */
    private static Alert.Rule rule(IocLibrary.Hit hit) {
        var i = hit.indicator();
        return Alert.Rule.of("ioc:" + i.type().id() + ":" + i.value(), "IOC " + i.type().id() + " " + i.written()
                + (i.description().isEmpty() ? "" : " (" + i.description() + ")"), "", i.source(), IOC_LEVEL, List.of());
    }

    /** A {@code kind: ioc} alert for an indicator met outside an event log (a mail sender or link). */
    public static Alert ioc(IocLibrary.Hit hit, Instant at, String channel, String file, String ref) {
        return Alert.ofItem(rule(hit), Alert.Kind.IOC, at, channel, file, ref, details(hit));
    }

    private static Map<String, String> details(IocLibrary.Hit hit) {
        var i = hit.indicator();
        // what was seen first: the rule title already names the indicator
        Map<String, String> details = new LinkedHashMap<>();
        details.put("value", hit.observed());
        details.put("field", hit.field());
        details.put("indicator", i.written());
        details.put("indicator_type", i.type().id());
        if (!i.description().isEmpty()) {
            details.put("description", i.description());
        }
        return details;
    }

    /** System fields (and their flat-export spellings): what an event is, not what happened in it. */
    public static final Set<String> SYSTEM_FIELDS = Set.of("EventID", "Provider_Name", "Provider_Guid", "Channel",
            "Computer", "EventRecordID", "TimeCreated", "Level", "Task", "Opcode", "Keywords", "Version", "ProcessID", "ThreadID", "UserID",
            "ActivityID", "RelatedActivityID", "Qualifiers", "TimeCreated_SystemTime", "Correlation_ActivityID", "Security_UserID",
            "Execution_ProcessID", "Execution_ThreadID", "EventID_Qualifiers", "Provider_EventSourceName", "Hostname", "@timestamp",
            "EventTime", "EventReceivedTime", "SourceModuleName", "SourceModuleType", "SourceName", "EventType", "SeverityValue",
            "Severity", "Category", "RecordNumber", "host", "port", "@version", "tags");

    /**
     * The event's first {@code max} data fields with a value, in event order, values cut at
     * {@code maxChars}: the details of an alert when none of the fields a rule names are there,
     * so {@code details} is never empty while the event has any data at all.
     */
    public static Map<String, String> dataFields(Event e, int max, int maxChars) {
        Map<String, String> out = new LinkedHashMap<>();
        e.forEachField((k, v) -> {
            if (out.size() >= max || v == null || v.isBlank() || out.containsKey(k) || SYSTEM_FIELDS.contains(k)
                    || k.endsWith("xmlns") || k.startsWith("Event.")) {
                return;
            }
            String t = v.strip();
            out.put(k, t.length() > maxChars ? t.substring(0, maxChars) + "…" : t);
        });
        return out;
    }

    /** {@code first} standing for a group of identical alerts: their count, first and last time and every event. */
    public static Alert aggregate(Alert first, long count, Instant firstSeen, Instant lastSeen, List<String> eventRefs) {
        return new Alert(first.timestamp(), first.ruleId(), first.ruleTitle(), first.ruleAuthor(), first.ruleSource(), first.level(),
                first.tags(), first.attack(), first.computer(), first.channel(), first.eventId(), first.recordId(), first.line(),
                first.file(), first.details(), eventRefs, first.kind(), count, firstSeen, lastSeen, first.entities());
    }
}
