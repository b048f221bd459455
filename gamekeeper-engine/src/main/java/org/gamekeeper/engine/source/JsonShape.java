package org.gamekeeper.engine.source;

import java.util.Map;
import java.util.function.Function;

/**
 * The four ways Windows events arrive as JSON, and how each one's keys map onto the field
 * names of INTERFACES.md, so a rule written for {@code CommandLine} or {@code EventID} matches
 * whichever exporter the institution used. Every key is also kept under its own dotted path.
 */
enum JsonShape {

    /** Rust {@code evtx_dump}: {@code {"Event":{"System":…,"EventData":…,"UserData":…}}}. */
    EVTX_DUMP,
    /** Winlogbeat 7+ / Elastic Agent: {@code winlog.*} plus ECS fields. */
    WINLOGBEAT,
    /** Winlogbeat 6 and older: {@code event_id}, {@code log_name}, {@code event_data.*} at the top. */
    WINLOGBEAT_LEGACY,
    /**
     * Wazuh's eventchannel JSON: {@code win.system.*} and {@code win.eventdata.*}, as the agent
     * sends an event, or under {@code data.} as the manager's {@code alerts.json} and
     * {@code archives.json} keep it. Event-data names have their first letter lowered
     * ({@code commandLine}); their values may be escaped once more (see {@link JsonEvent}).
     */
    WAZUH,
    /** NXLog, OTRF Security-Datasets and similar: event fields as top-level keys. */
    FLAT;

    /** Wazuh's system members, by the INTERFACES.md name they hold. */
    private static final Map<String, String> WAZUH_SYSTEM = Map.ofEntries(
        Map.entry("eventID", "EventID"),
        Map.entry("channel", "Channel"),
        Map.entry("computer", "Computer"),
        Map.entry("providerName", "Provider_Name"),
        Map.entry("providerGuid", "Provider_Guid"),
        Map.entry("eventRecordID", "EventRecordID"),
        Map.entry("systemTime", "TimeCreated"),
        Map.entry("version", "Version"),
        Map.entry("level", "Level"),
        Map.entry("task", "Task"),
        Map.entry("opcode", "Opcode"),
        Map.entry("keywords", "Keywords"));

    /** The path of a Wazuh event's member without the manager's {@code data.} wrapper. */
    static String wazuhPath(String path) {
        return path.startsWith("data.win.") ? path.substring(5) : path;
    }

    /** Whether a leaf path is one of a Wazuh event's event-data members. */
    static boolean wazuhEventData(String path) {
        return wazuhPath(path).startsWith("win.eventdata.");
    }

    private static final Map<String, String> WINLOG = Map.ofEntries(
        Map.entry("winlog.event_id", "EventID"),
        Map.entry("winlog.channel", "Channel"),
        Map.entry("winlog.computer_name", "Computer"),
        Map.entry("winlog.provider_name", "Provider_Name"),
        Map.entry("winlog.provider_guid", "Provider_Guid"),
        Map.entry("winlog.record_id", "EventRecordID"),
        Map.entry("winlog.process.pid", "ProcessID"),
        Map.entry("winlog.process.thread.id", "ThreadID"),
        Map.entry("winlog.user.identifier", "UserID"),
        Map.entry("winlog.activity_id", "ActivityID"),
        Map.entry("winlog.related_activity_id", "RelatedActivityID"),
        Map.entry("winlog.opcode", "Opcode"),
        Map.entry("winlog.task", "Task"),
        Map.entry("winlog.version", "Version"),
        Map.entry("winlog.keywords", "Keywords"),
        Map.entry("@timestamp", "TimeCreated"));

    private static final Map<String, String> LEGACY = Map.ofEntries(
        Map.entry("event_id", "EventID"),
        Map.entry("log_name", "Channel"),
        Map.entry("computer_name", "Computer"),
        Map.entry("source_name", "Provider_Name"),
        Map.entry("provider_guid", "Provider_Guid"),
        Map.entry("record_number", "EventRecordID"),
        Map.entry("process_id", "ProcessID"),
        Map.entry("thread_id", "ThreadID"),
        Map.entry("user.identifier", "UserID"),
        Map.entry("activity_id", "ActivityID"),
        Map.entry("related_activity_id", "RelatedActivityID"),
        Map.entry("opcode", "Opcode"),
        Map.entry("task", "Task"),
        Map.entry("version", "Version"),
        Map.entry("keywords", "Keywords"),
        Map.entry("@timestamp", "TimeCreated"));

    /** Recognises the shape from the top-level keys of one event. */
    static JsonShape of(String[] paths, boolean hasEventObject) {
        if (hasEventObject) {
            return EVTX_DUMP;
        }
        boolean eventId = false;
        boolean legacyName = false;
        for (String path : paths) {
            if (path.startsWith("winlog.")) {
                return WINLOGBEAT;
            }
            if (path.startsWith("win.system.") || path.startsWith("data.win.system.")) {
                return WAZUH;
            }
            eventId |= path.equals("event_id");
            legacyName |= path.equals("log_name") || path.equals("source_name") || path.equals("computer_name");
        }
        return eventId && legacyName ? WINLOGBEAT_LEGACY : FLAT;
    }

    /**
     * Adds the INTERFACES.md names to {@code fields}, which already holds every leaf
     * ({@code paths[i] → values[i]}) under its full path. Values are opaque here (the caller's
     * handles on the leaves); the two names that depend on a value's text get it from
     * {@code text}, which answers null for a multi-valued leaf.
     * Document order decides between two sources of one short name: EventData comes after
     * System, so an EventData {@code ProcessID} wins over the System one (which stays reachable
     * as {@code Event.System.Execution.ProcessID}).
     */
    <V> void name(String[] paths, V[] values, Map<String, V> fields, Function<V, String> text) {
        switch (this) {
            case EVTX_DUMP -> {
                for (int i = 0; i < paths.length; i++) {
                    evtxDump(paths[i], values[i], fields);
                }
            }
            case WINLOGBEAT -> {
                V outerLeaf = fields.get("winlog.user_data.xml_name");
                String outer = outerLeaf == null ? null : text.apply(outerLeaf);
                for (int i = 0; i < paths.length; i++) {
                    String path = paths[i];
                    V v = values[i];
                    String n = WINLOG.get(path);
                    if (n != null) {
                        fields.put(n, v);
                    } else if (path.startsWith("winlog.event_data.")) {
                        fields.put(path.substring(18), v);
                    } else if (path.startsWith("winlog.user_data.") && !path.equals("winlog.user_data.xml_name")) {
                        String leaf = path.substring(17);
                        fields.put(leaf, v);
                        if (outer != null) {
                            fields.put("UserData." + outer + "." + leaf, v);
                        }
                    }
                }
                alias(fields, "EventID", fields.get("event.code"));
                alias(fields, "Computer", fields.get("host.name"));
                alias(fields, "Provider_Name", fields.get("event.provider"));
            }
            case WINLOGBEAT_LEGACY -> {
                for (int i = 0; i < paths.length; i++) {
                    String path = paths[i];
                    V v = values[i];
                    String n = LEGACY.get(path);
                    if (n != null) {
                        fields.put(n, v);
                    } else if (path.startsWith("event_data.")) {
                        fields.put(path.substring(11), v);
                    } else if (path.startsWith("user_data.")) {
                        fields.put(path.substring(10), v);
                    }
                }
            }
            case WAZUH -> {
                V process = null;
                V thread = null;
                for (int i = 0; i < paths.length; i++) {
                    String path = wazuhPath(paths[i]);
                    if (path.startsWith("win.system.")) {
                        String member = path.substring(11);
                        String n = WAZUH_SYSTEM.get(member);
                        if (n != null) {
                            fields.put(n, values[i]);
                        } else if (member.equals("processID")) {
                            process = values[i];
                        } else if (member.equals("threadID")) {
                            thread = values[i];
                        }
                    } else if (path.startsWith("win.eventdata.") && path.length() > 14) {
                        // Wazuh lowers the first letter of each Data element's Name: commandLine is CommandLine
                        String leaf = path.substring(14);
                        fields.put(Character.toUpperCase(leaf.charAt(0)) + leaf.substring(1), values[i]);
                    }
                }
                // the System's process and thread, unless the event data has its own ProcessID
                alias(fields, "ProcessID", process);
                alias(fields, "ThreadID", thread);
            }
            case FLAT -> {
                alias(fields, "Computer", fields.get("Hostname"));
                alias(fields, "Provider_Name", fields.get("SourceName"));
                alias(fields, "Provider_Name", fields.get("ProviderName"));
                alias(fields, "Provider_Guid", fields.get("ProviderGuid"));
                alias(fields, "EventRecordID", fields.get("RecordNumber"));
                alias(fields, "ProcessID", fields.get("ExecutionProcessID"));
                alias(fields, "TimeCreated", fields.get("@timestamp"));
                // NXLog writes the event's time as EventTime, by default "2024-03-01 10:00:00": the
                // collector's wall clock without a zone, read in the configured zone (UTC unless set)
                V eventTime = fields.get("EventTime");
                String t = eventTime == null ? null : text.apply(eventTime);
                if (t != null && readableTime(t)) {
                    alias(fields, "TimeCreated", eventTime);
                }
            }
            default -> throw new IllegalStateException(name());
        }
        // An export that kept only an event's rendered message (NXLog's and Winlogbeat's way with the
        // classic Windows PowerShell log and application logs, whose event data is unnamed Data
        // values) gives it as Data, which those logs' rules read; an event's own Data is kept.
        if (!fields.containsKey("Data") && !fields.containsKey("data")) {
            V message = fields.get("Message");
            alias(fields, "Data", message != null ? message : fields.get("message"));
        }
    }

    /** A time text the events' time can be read from: ISO-8601 with or without a zone (see JsonEvent.parseMillis). */
    static boolean readableTime(String t) {
        return JsonEvent.parseMillis(t, true) != Long.MIN_VALUE;
    }

    /**
     * The leaf whose text {@link #name} consults, or null: the names of two events with the same
     * leaves are the same unless that leaf's text differs.
     */
    String consultedLeaf() {
        return switch (this) {
            case WINLOGBEAT -> "winlog.user_data.xml_name";
            case FLAT -> "EventTime";
            default -> null;
        };
    }

    private static <V> void evtxDump(String path, V v, Map<String, V> fields) {
        if (path.startsWith("Event.System.")) {
            String rest = path.substring(13);
            if (rest.startsWith("Provider.")) {
                fields.put("Provider_" + rest.substring(9), v);
            } else if (rest.equals("TimeCreated.SystemTime")) {
                fields.put("TimeCreated", v);
            } else {
                fields.put(leaf(rest), v);
            }
        } else if (path.startsWith("Event.EventData.")) {
            String leaf = leaf(path);
            if (!leaf.equals("xmlns")) {
                fields.put(leaf, v);
            }
        } else if (path.startsWith("Event.UserData.")) {
            String rest = path.substring(15);
            String leaf = leaf(rest);
            if (rest.indexOf('.') > 0 && !leaf.equals("xmlns")) {
                fields.put(leaf, v);
                fields.put("UserData." + rest, v);
            }
        }
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static <V> void alias(Map<String, V> fields, String name, V v) {
        if (v != null) {
            fields.putIfAbsent(name, v);
        }
    }
}
