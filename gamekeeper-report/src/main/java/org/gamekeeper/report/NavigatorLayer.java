package org.gamekeeper.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.attack.Technique;
import org.gamekeeper.engine.incident.AlertEvidence;

/**
 * {@code --navigator FILE.json}: an ATT&CK Navigator layer (layer format 4.5, domain
 * {@code enterprise-attack}) of the techniques seen. A technique's score is the sum over its
 * alerts of the level's weight (informational 1 … critical 5), so both count and severity raise
 * it; the comment names the rules.
 */
public final class NavigatorLayer {
    private static final int RULES_NAMED = 10;

    private NavigatorLayer() {
    }

    public static void write(List<AlertEvidence> alerts, AttackCatalog attack, String name, Writer out) throws IOException {
        Map<String, long[]> score = new TreeMap<>();
        Map<String, Set<String>> rules = new TreeMap<>();
        for (AlertEvidence ae : alerts) {
            for (String id : ae.alert().attack()) {
                Technique t = attack.technique(id).orElse(null);
                if (t == null) {
                    continue;
                }
                long[] s = score.computeIfAbsent(t.id(), k -> new long[2]);
                s[0] += 1 + (ae.alert().level() == null ? 0 : ae.alert().level().ordinal());
                s[1]++;
                rules.computeIfAbsent(t.id(), k -> new TreeSet<>()).add(ae.alert().ruleTitle());
            }
        }
        ObjectNode layer = AlertJson.MAPPER.createObjectNode();
        layer.put("name", name);
        String major = attack.version().replaceAll("^v(\\d+).*", "$1");
        layer.putObject("versions").put("attack", major).put("navigator", "5.1.0").put("layer", "4.5");
        layer.put("domain", "enterprise-attack");
        layer.put("description", "Techniques seen by Gamekeeper; score = sum over alerts of level weight (informational 1 … critical 5).");
        ArrayNode techniques = layer.putArray("techniques");
        long max = 1;
        for (Map.Entry<String, long[]> e : score.entrySet()) {
            Technique t = attack.technique(e.getKey()).orElseThrow();
            max = Math.max(max, e.getValue()[0]);
            Set<String> rs = rules.get(e.getKey());
            String comment = e.getValue()[1] + " alerts; rules: " + String.join("; ", rs.stream().limit(RULES_NAMED).toList())
                    + (rs.size() > RULES_NAMED ? "; and " + (rs.size() - RULES_NAMED) + " more" : "");
            for (Tactic tactic : t.tactics()) {
                ObjectNode o = techniques.addObject();
                o.put("techniqueID", t.id());
                o.put("tactic", tactic.shortName());
                o.put("score", e.getValue()[0]);
                o.put("comment", comment);
                o.put("enabled", true);
                o.put("showSubtechniques", t.id().indexOf('.') > 0);
            }
        }
        layer.putObject("gradient").put("minValue", 0).put("maxValue", max).putArray("colors").add("#fff3e0").add("#e65100");
        layer.putArray("legendItems");
        layer.putArray("metadata").addObject().put("name", "generator").put("value", "Gamekeeper");
        layer.put("hideDisabled", false);
        layer.put("selectTechniquesAcrossTactics", true);
        layer.put("selectSubtechniquesWithParent", false);
        layer.putObject("layout").put("layout", "side").put("showID", true).put("showName", true);
        out.write(AlertJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(layer));
        out.write('\n');
        out.flush();
    }
}
