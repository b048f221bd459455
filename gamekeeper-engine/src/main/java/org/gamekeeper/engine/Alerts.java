package org.gamekeeper.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.ioc.IocLibrary;

/**
 * The one place where the responder's stages (IOC sweeps, aggregation) construct {@link Alert}s,
 * so a change of the record is a change here.
 */
public final class Alerts {
    private Alerts() {
    }

    /** Level of an IOC hit: a listed indicator in the evidence is worth a look before anything medium. */
    public static final String IOC_LEVEL = "high";

    /** A {@code kind: ioc} alert for one indicator met in one event. */
    public static Alert ioc(IocLibrary.Hit hit, Event e) {
        var i = hit.indicator();
        Map<String, String> details = details(hit);
        long t = e.timestampMillis();
        Instant at = t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
        long rid = e.recordId();
        return new Alert(at, "ioc:" + i.type().id() + ":" + i.value(), "IOC " + i.type().id() + " " + i.written()
                + (i.description().isEmpty() ? "" : " (" + i.description() + ")"), "", i.source(), IOC_LEVEL, List.of(), List.of(),
                e.computer(), e.channel(), e.eventId() < 0 ? null : e.eventId(), rid >= 0 ? rid : null, e.line() >= 0 ? e.line() : null,
                e.file(), details, List.of(e.ref()), "ioc", 1, at, at);
    }

    /** A {@code kind: ioc} alert for an indicator met outside an event log (a mail sender or link). */
    public static Alert ioc(IocLibrary.Hit hit, Instant at, String file, String ref) {
        var i = hit.indicator();
        Map<String, String> details = details(hit);
        return new Alert(at, "ioc:" + i.type().id() + ":" + i.value(), "IOC " + i.type().id() + " " + i.written()
                + (i.description().isEmpty() ? "" : " (" + i.description() + ")"), "", i.source(), IOC_LEVEL, List.of(), List.of(),
                null, null, null, null, null, file, details, List.of(ref), "ioc", 1, at, at);
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
    public static final java.util.Set<String> SYSTEM_FIELDS = java.util.Set.of("EventID", "Provider_Name", "Provider_Guid", "Channel",
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
                first.file(), first.details(), eventRefs, first.kind(), count, firstSeen, lastSeen);
    }
}
