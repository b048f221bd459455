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

    /** {@code first} standing for a group of identical alerts: their count, first and last time and every event. */
    public static Alert aggregate(Alert first, long count, Instant firstSeen, Instant lastSeen, List<String> eventRefs) {
        return new Alert(first.timestamp(), first.ruleId(), first.ruleTitle(), first.ruleAuthor(), first.ruleSource(), first.level(),
                first.tags(), first.attack(), first.computer(), first.channel(), first.eventId(), first.recordId(), first.line(),
                first.file(), first.details(), eventRefs, first.kind(), count, firstSeen, lastSeen);
    }
}
