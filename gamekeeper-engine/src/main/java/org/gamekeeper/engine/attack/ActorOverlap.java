package org.gamekeeper.engine.attack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Ranks known groups by how much of what was seen their documented techniques cover, with rare
 * techniques weighing more than ubiquitous ones (an inverse document frequency over the groups'
 * technique sets: {@code ln(1 + G / (1 + groups using it))}). A group that documents only the
 * parent technique of a seen sub-technique (or a sibling) counts half. Context, not attribution:
 * every ranking carries {@link #CAVEAT}.
 */
public final class ActorOverlap {
    /** Said wherever an overlap is shown. */
    public static final String CAVEAT = "Technique overlap with known groups is context, not attribution: "
            + "many groups share these techniques, and ATT&CK documents only what has been reported publicly.";
    private static final double PARENT_WEIGHT = 0.5;

    /**
     * One group's overlap.
     *
     * @param score  weighted share of the seen techniques the group covers, 0..1
     * @param shared seen techniques the group documents (exactly or by parent), in id order
     */
    public record Match(Group group, double score, List<String> shared) {
        public Match {
            shared = List.copyOf(shared);
        }
    }

    private final AttackCatalog catalog;
    private final Map<String, Integer> groupsUsing = new HashMap<>();
    private final Map<Group, Set<String>> parents = new HashMap<>();

    public ActorOverlap(AttackCatalog catalog) {
        this.catalog = catalog;
        for (Group g : catalog.groups()) {
            Set<String> ps = new HashSet<>();
            for (String t : g.techniques()) {
                groupsUsing.merge(t, 1, Integer::sum);
                ps.add(parentOf(t));
            }
            for (String p : ps) {
                if (!g.techniques().contains(p)) {
                    groupsUsing.merge(p, 1, Integer::sum);
                }
            }
            parents.put(g, ps);
        }
    }

    /** The weight of one technique: rarer among known groups weighs more. */
    public double weight(String techniqueId) {
        int n = catalog.groups().size();
        return Math.log(1.0 + n / (1.0 + groupsUsing.getOrDefault(techniqueId, 0)));
    }

    /**
     * Groups ranked by score (ties by group id), at most {@code limit}, only those sharing at
     * least {@code minShared} techniques. Unknown and revoked ids are resolved first.
     */
    public List<Match> rank(Collection<String> seenTechniques, int limit, int minShared) {
        TreeSet<String> seen = new TreeSet<>();
        for (String id : seenTechniques) {
            catalog.technique(id).ifPresent(t -> seen.add(t.id()));
        }
        double total = 0;
        for (String t : seen) {
            total += weight(t);
        }
        if (total == 0) {
            return List.of();
        }
        List<Match> out = new ArrayList<>();
        for (Group g : catalog.groups()) {
            double s = 0;
            List<String> shared = new ArrayList<>();
            for (String t : seen) {
                if (g.techniques().contains(t)) {
                    s += weight(t);
                    shared.add(t);
                } else if (parents.get(g).contains(parentOf(t))) {
                    s += PARENT_WEIGHT * weight(t);
                    shared.add(t);
                }
            }
            if (shared.size() >= Math.max(1, minShared)) {
                out.add(new Match(g, s / total, shared));
            }
        }
        out.sort(Comparator.comparingDouble(Match::score).reversed().thenComparing(m -> m.group().id()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static String parentOf(String id) {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
