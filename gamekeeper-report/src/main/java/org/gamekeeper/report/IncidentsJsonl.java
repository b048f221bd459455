package org.gamekeeper.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.gamekeeper.engine.attack.ActorOverlap;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.engine.incident.Member;

/** {@code --incidents FILE.jsonl}: one object per incident in order of first evidence (INTERFACES.md, "Incidents"). */
public final class IncidentsJsonl {
    /** Links of an intrusion repeated on each of its incidents, at most (the total is given). */
    private static final int LINKS_SHOWN = 20;
    private IncidentsJsonl() {
    }

    public static void write(IncidentGrouping.Result r, Writer out) throws IOException {
        Map<String, Intrusion> intrusions = new HashMap<>();
        for (Intrusion i : r.intrusions()) {
            intrusions.put(i.id(), i);
        }
        for (Incident inc : r.incidents()) {
            out.write(AlertJson.MAPPER.writeValueAsString(incident(inc, intrusions.get(inc.intrusionId()), r.asOf())));
            out.write('\n');
        }
        out.flush();
    }

    /** One incident as its JSON line's text (no newline), as {@link #write} writes it; {@code asOf} null: dwell to last evidence. */
    public static String line(Incident inc, Intrusion intrusion, Instant asOf) {
        try {
            return AlertJson.MAPPER.writeValueAsString(incident(inc, intrusion, asOf));
        } catch (IOException e) {
            throw new UncheckedIOException("an incident as JSON cannot fail", e);
        }
    }

    static ObjectNode incident(Incident inc, Intrusion intrusion, Instant asOf) {
        ObjectNode o = AlertJson.MAPPER.createObjectNode();
        o.put("incident_id", inc.id());
        o.put("intrusion_id", inc.intrusionId());
        o.put("first_evidence", inc.firstEvidence() == null ? null : inc.firstEvidence().toString());
        o.put("last_evidence", inc.lastEvidence() == null ? null : inc.lastEvidence().toString());
        o.put("dwell_days", Incident.dwellDays(inc.firstEvidence(), asOf != null ? asOf : inc.lastEvidence()));
        o.put("dwell_days_to_last_evidence", Incident.dwellDays(inc.firstEvidence(), inc.lastEvidence()));
        o.put("as_of", asOf == null ? null : asOf.toString());
        inc.hosts().forEach(o.putArray("hosts")::add);
        inc.accounts().forEach(o.putArray("accounts")::add);
        ArrayNode tactics = o.putArray("tactics");
        for (Tactic t : inc.tactics()) {
            tactics.add(t.shortName());
        }
        ArrayNode techniques = o.putArray("techniques");
        for (Technique t : inc.techniques()) {
            techniques.addObject().put("id", t.id()).put("name", t.name());
        }
        o.put("severity", inc.severity());
        o.put("summary", inc.summary());
        inc.keyEvents().forEach(o.putArray("key_events")::add);
        ArrayNode alerts = o.putArray("alerts");
        for (Member m : inc.members()) {
            alerts.addObject().put("ref", m.ref()).put("rule_id", m.alert().ruleId()).put("level", m.alert().level() == null ? null : m.alert().level().id())
                    .put("timestamp", m.alert().timestamp() == null ? null : m.alert().timestamp().toString())
                    .put("reason", m.reason().text());
        }
        ArrayNode overlap = o.putArray("actor_overlap");
        if (intrusion != null) {
            for (ActorOverlap.Match m : intrusion.actorOverlap()) {
                ObjectNode g = overlap.addObject();
                g.put("group_id", m.group().id()).put("name", m.group().name());
                m.group().aliases().forEach(g.putArray("aliases")::add);
                g.put("score", Math.round(m.score() * 1000) / 1000.0);
                m.shared().forEach(g.putArray("shared_techniques")::add);
            }
            o.put("actor_overlap_note", ActorOverlap.CAVEAT);
            intrusion.links().stream().limit(LINKS_SHOWN).forEach(o.putArray("intrusion_links")::add);
            o.put("intrusion_links_total", intrusion.links().size());
        }
        return o;
    }
}
