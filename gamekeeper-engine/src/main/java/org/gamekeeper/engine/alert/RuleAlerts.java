package org.gamekeeper.engine.alert;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.rulesets.RuleSetStore;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * Builds the alert of a rule match: the rule's facts (worked out once per index entry: a rule
 * that fires on a fifth of all events, and the corpus has such, should not redo them each time),
 * the details that explain the match and the entities incidents group by. Thread-safe: racing
 * threads compute the same facts.
 */
public final class RuleAlerts {

    /** Fields shown in {@code details} after the rule's own {@code fields}, when the event has them. */
    static final List<String> DETAIL_FIELDS = List.of("CommandLine", "Image", "ParentImage", "ParentCommandLine",
            "User", "TargetUserName", "SubjectUserName", "TargetDomainName", "IpAddress", "LogonType", "TargetFilename",
            "TargetObject", "Details", "DestinationIp", "DestinationPort", "QueryName", "ServiceName", "ImagePath",
            "ScriptBlockText", "NewProcessName", "ParentProcessName", "ProcessName", "ObjectName", "ShareName",
            "RelativeTargetName", "TaskName", "PipeName", "ImageLoaded", "SourceImage", "TargetImage", "GrantedAccess");
    static final int MAX_DETAILS = 8;
    static final int MAX_DETAIL_CHARS = 1024;

    /** A rule entry's facts and the event fields its details read (the entry's renames applied). */
    private record Facts(Alert.Rule rule, String[] detailNames, String[] detailFields) { }

    /**
     * The detail names and fields of every rule that names no {@code fields} of its own (nearly
     * all): one array, so the alerts of one event that several such rules match share its details.
     */
    private static final String[] DEFAULT_DETAILS = DETAIL_FIELDS.toArray(new String[0]);

    private final AtomicReferenceArray<Facts> facts;
    private final boolean entities;

    public RuleAlerts(RuleIndex index) {
        this(index, true);
    }

    /** Alerts of {@code index}'s rules; with {@code entities} false, without their event's identity fields (empty). */
    public RuleAlerts(RuleIndex index, boolean entities) {
        this.facts = new AtomicReferenceArray<>(index.entries().size());
        this.entities = entities;
    }

    /**
     * What the alerts of one event share, read from it once: its entities and the detail fields
     * asked for so far (an event that matches several rules is read once, not once per rule).
     * Not thread-safe: one per worker, {@link #start} per event (events may be reused objects,
     * so the reading never assumes a new event from a new object).
     */
    public static final class EventReading {
        private Event event;
        private Map<String, String> entities;
        /** The values read last for this event, and the field names they were read for. */
        private String[] valuesOf;
        private String[] values;
        /** The details built last for this event, and the detail fields they were read from. */
        private String[] detailsOf;
        private Map<String, String> details;

        /** This reading, now of {@code e} (what was read of the previous event is dropped); null to let go. */
        public EventReading start(Event e) {
            event = e;
            entities = null;
            detailsOf = null;
            details = null;
            valuesOf = null;
            values = null;
            return this;
        }

        /** The event's values of {@code names} (see {@link Event#fields}), read once for the same array. */
        String[] values(String[] names) {
            if (valuesOf != names) {
                values = event.fields(names);
                valuesOf = names;
            }
            return values;
        }

        Map<String, String> entities() {
            if (entities == null) {
                entities = Alert.frozen(RuleAlerts.entities(event));
            }
            return entities;
        }
    }

    /** The alert of {@code entry}'s rule matching {@code e}. */
    public Alert alert(RuleIndex.Entry entry, Event e) {
        return alert(entry, new EventReading().start(e));
    }

    /** The alert of {@code entry}'s rule matching the event {@code r} reads. */
    public Alert alert(RuleIndex.Entry entry, EventReading r) {
        Event e = r.event;
        Facts f = facts(entry);
        if (r.detailsOf != f.detailFields()) {
            r.details = Alert.frozen(details(f, r, e));
            r.detailsOf = f.detailFields();
        }
        return Alert.ofEvent(f.rule(), Alert.Kind.RULE, e, r.details, entities ? r.entities() : Map.of());
    }

    /** What explains an alert of {@code f}'s rule on the event {@code r} reads (the alert copies it). */
    private static Map<String, String> details(Facts f, EventReading r, Event e) {
        Map<String, String> details = new LinkedHashMap<>();
        String[] values = r.values(f.detailFields());
        for (int i = 0; i < f.detailNames().length && details.size() < MAX_DETAILS; i++) {
            String v = values[i];
            if (v != null && !v.isEmpty() && !v.equals("-")) {
                details.put(f.detailNames()[i], v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) + "…" : v);
            }
        }
        if (details.isEmpty()) {
            // none of the fields that usually explain an alert (MSSQL 18456, OTRF 1102): the event's own first data fields
            details = org.gamekeeper.engine.Alerts.dataFields(e, MAX_DETAILS, MAX_DETAIL_CHARS);
        }
        return details;
    }

    /** The identity fields {@code e} has ({@link Alert#ENTITY_FIELDS}), raw. */
    public static Map<String, String> entities(Event e) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] values = e.fields(ENTITY_FIELDS);
        for (int i = 0; i < ENTITY_FIELDS.length; i++) {
            String v = values[i];
            if (v != null && !v.isEmpty() && !v.equals("-")) {
                out.put(ENTITY_FIELDS[i], v);
            }
        }
        return out;
    }

    /** {@link Alert#ENTITY_FIELDS}, one array for every event (sources look such a list up once per kind of event). */
    private static final String[] ENTITY_FIELDS = Alert.ENTITY_FIELDS.toArray(new String[0]);

    private Facts facts(RuleIndex.Entry entry) {
        Facts f = facts.get(entry.id());
        if (f == null) {
            SigmaRule rule = entry.rule().rule();
            var m = rule.metadata();
            Map<String, String> names = new LinkedHashMap<>();
            for (String field : m.fields()) {
                names.putIfAbsent(field, entry.target().renames().getOrDefault(field, field));
            }
            for (String field : DETAIL_FIELDS) {
                names.putIfAbsent(field, field);
            }
            String[] detailNames = names.keySet().toArray(new String[0]);
            String[] detailFields = names.values().toArray(new String[0]);
            if (Arrays.equals(detailNames, DEFAULT_DETAILS) && Arrays.equals(detailFields, DEFAULT_DETAILS)) {
                detailNames = DEFAULT_DETAILS;
                detailFields = DEFAULT_DETAILS;
            }
            f = new Facts(Alert.Rule.of(m.id() != null ? m.id() : m.reference(), m.title(), m.author(), source(rule),
                    m.level(), m.tags()), detailNames, detailFields);
            facts.set(entry.id(), f);
        }
        return f;
    }

    /** The detection facts of a correlation rule. */
    public static Alert.Rule rule(SigmaCorrelation c) {
        var m = c.metadata();
        String file = c.location() == null ? null : c.location().file();
        return Alert.Rule.of(m.id() != null ? m.id() : m.reference(), m.title(), m.author(), source(file),
                m.level(), m.tags());
    }

    private static String source(SigmaRule rule) {
        return source(rule.location() == null ? null : rule.location().file());
    }

    /**
     * {@code rule_source} of a rule read from {@code location} (INTERFACES.md): {@code builtin} for
     * the pack, {@code name@version} for a set {@code rules update} installed, else the file.
     */
    static String source(String location) {
        if (location == null) {
            return "unknown";
        }
        if (BuiltinPack.isPack(location)) {
            return BuiltinPack.NAME;
        }
        try {
            String set = RuleSetStore.setOf(Path.of(location));
            return set != null ? set : location;
        } catch (InvalidPathException e) {
            return location;
        }
    }
}
