package org.gamekeeper.mail.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.mail.config.FindingCatalogue;

/** The findings of one message as detectors add them; one finding per id. */
final class Findings {

    private final Map<String, Double> weights;
    private final List<Finding> list = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();

    Findings(Map<String, Double> weights) {
        this.weights = weights;
    }

    /** Adds a finding unless one with the same id is already there. */
    void add(String id, String text, String evidence) {
        add(id, text, evidence, 1.0);
    }

    /** Adds a finding with its weight scaled by {@code factor} (0..1) for partial evidence. */
    void add(String id, String text, String evidence, double factor) {
        if (ids.add(id)) {
            Double w = weights.get(id);
            double weight = (w != null ? w : FindingCatalogue.weight(id)) * factor;
            String ev = evidence.length() > 300 ? evidence.substring(0, 300) + "…" : evidence;
            list.add(new Finding(id, text, ev, Math.round(weight * 100) / 100.0));
        }
    }

    boolean has(String id) {
        return ids.contains(id);
    }

    boolean hasGroup(String group) {
        for (Finding f : list) {
            if (f.group().equals(group)) {
                return true;
            }
        }
        return false;
    }

    Finding get(String id) {
        for (Finding f : list) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        return null;
    }

    List<Finding> all() {
        return list;
    }
}
