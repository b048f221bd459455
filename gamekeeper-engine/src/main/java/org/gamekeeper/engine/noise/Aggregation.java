package org.gamekeeper.engine.noise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Alerts;

/**
 * Identical alerts (same rule, host and details) become one, with their count, first and last
 * time and every event reference, in the order of each group's first alert; the earliest alert
 * of a group speaks for it. The groups held are
 * bounded: beyond {@code maxGroups} a new group's alerts are handed back for the caller to write
 * one by one (and are counted in {@link #passedThrough()}), so memory never grows with the input. Event references kept per
 * group are bounded too ({@link #MAX_REFS}); the count stays exact.
 */
public final class Aggregation {

    /** Event references kept per aggregated alert. */
    public static final int MAX_REFS = 100;

    private record Key(String ruleId, Alert.Kind kind, String computer, Map<String, String> details) { }

    private static final class Group {
        /** The group's earliest alert (the first added among equally early ones): it speaks for the group. */
        Alert first;
        long count;
        Instant firstSeen;
        Instant lastSeen;
        final List<String> refs = new ArrayList<>();

        Group(Alert first) {
            this.first = first;
        }
    }

    private final int maxGroups;
    private final Map<Key, Group> groups = new LinkedHashMap<>();
    private long passedThrough;
    private long added;

    public Aggregation(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    /** Holds {@code a} in its group; false when the group bound is reached and the caller writes it as it is. */
    public boolean add(Alert a) {
        added++;
        Key k = new Key(a.ruleId(), a.kind(), a.computer(), a.details());
        Group g = groups.get(k);
        if (g == null) {
            if (groups.size() >= maxGroups) {
                passedThrough++;
                return false;
            }
            g = new Group(a);
            groups.put(k, g);
        }
        g.count += Math.max(1, a.count());
        Instant first = a.firstSeen() != null ? a.firstSeen() : a.timestamp();
        Instant last = a.lastSeen() != null ? a.lastSeen() : a.timestamp();
        if (first != null && (g.firstSeen == null || first.isBefore(g.firstSeen))) {
            if (g.firstSeen != null) {
                g.first = a; // alerts may come out of time order (held by the rarity stage, several files)
            }
            g.firstSeen = first;
        }
        if (last != null && (g.lastSeen == null || last.isAfter(g.lastSeen))) {
            g.lastSeen = last;
        }
        for (String r : a.eventRefs()) {
            if (g.refs.size() < MAX_REFS) {
                g.refs.add(r);
            }
        }
        return true;
    }

    /** The aggregated alerts, groups in the order of their first alert. */
    public List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            out.add(g.count == 1 ? g.first : Alerts.aggregate(g.first, g.count, g.firstSeen, g.lastSeen, g.refs));
        }
        return out;
    }

    /** Alerts added. */
    public long added() {
        return added;
    }

    /** Alerts that found the group bound full and were kept apart. */
    public long passedThrough() {
        return passedThrough;
    }
}
