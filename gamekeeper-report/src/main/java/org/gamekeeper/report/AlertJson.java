package org.gamekeeper.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.sigma.rule.Level;

/**
 * An alert as a JSON object with the fields of INTERFACES.md ("Alerts"), and back (for the case
 * database); with its identity fields, as one object (for the stream's incidents stage).
 */
public final class AlertJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {
    }

    static ObjectNode write(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("timestamp", a.timestamp() == null ? null : a.timestamp().toString());
        o.put("rule_id", a.ruleId());
        o.put("rule_title", a.ruleTitle());
        o.put("rule_author", a.ruleAuthor());
        o.put("rule_source", a.ruleSource());
        o.put("level", a.level() == null ? null : a.level().id());
        strings(o.putArray("tags"), a.tags());
        strings(o.putArray("attack"), a.attack());
        o.put("computer", a.computer());
        o.put("channel", a.channel());
        o.put("event_id", a.eventId());
        o.put("record_id", a.recordId());
        if (a.line() != null) {
            o.put("line", a.line());
        }
        o.put("file", a.file());
        ObjectNode d = o.putObject("details");
        a.details().forEach(d::put);
        strings(o.putArray("event_refs"), a.eventRefs());
        o.put("kind", a.kind() == null ? null : a.kind().id());
        o.put("count", a.count());
        o.put("first_seen", a.firstSeen() == null ? null : a.firstSeen().toString());
        o.put("last_seen", a.lastSeen() == null ? null : a.lastSeen().toString());
        return o;
    }

    /** An alert as {@link #write} wrote it, with the identity fields stored beside it. */
    static Alert read(JsonNode o, Map<String, String> entities) {
        Map<String, String> details = new LinkedHashMap<>();
        o.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        return new Alert(time(o.get("timestamp")), text(o.get("rule_id")), text(o.get("rule_title")), text(o.get("rule_author")),
                text(o.get("rule_source")), Level.of(text(o.get("level"))), strings(o.get("tags")), strings(o.get("attack")),
                text(o.get("computer")), text(o.get("channel")), o.path("event_id").isNumber() ? o.get("event_id").asInt() : null,
                o.path("record_id").isNumber() ? o.get("record_id").asLong() : null, o.path("line").isNumber() ? o.get("line").asLong() : null,
                text(o.get("file")), details, strings(o.get("event_refs")), kind(text(o.get("kind"))), o.path("count").asLong(1),
                time(o.get("first_seen")), time(o.get("last_seen")), entities);
    }

    /** An alert and its identity fields as one JSON object, {@code {"alert":{…},"entities":{…}}}. */
    public static byte[] evidence(AlertEvidence a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("alert", write(a.alert()));
        o.set("entities", entities(a));
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException("an alert as JSON cannot fail", e);
        }
    }

    /** What {@link #evidence(AlertEvidence)} wrote. */
    public static AlertEvidence evidence(byte[] json) throws IOException {
        JsonNode o = MAPPER.readTree(json);
        Map<String, String> e = entities(o.path("entities"));
        return new AlertEvidence(read(o.path("alert"), e), e);
    }

    static ObjectNode entities(AlertEvidence a) {
        ObjectNode o = MAPPER.createObjectNode();
        a.entities().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(), e.getValue()));
        return o;
    }

    static Map<String, String> entities(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static void strings(ArrayNode a, List<String> values) {
        for (String v : values) {
            a.add(v);
        }
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null) {
            a.forEach(x -> out.add(x.asText()));
        }
        return out;
    }

    private static Alert.Kind kind(String id) {
        for (Alert.Kind k : Alert.Kind.values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        return Alert.Kind.RULE;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Instant time(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : Instant.parse(n.asText());
    }
}
