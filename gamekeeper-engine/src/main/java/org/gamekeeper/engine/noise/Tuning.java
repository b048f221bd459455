package org.gamekeeper.engine.noise;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.search.EventQuery;
import org.gamekeeper.sigma.SigmaEvent;

/**
 * The configuration's {@code tuning} entries: a rule exclusion (a rule by id, name or title) or
 * an allow-list entry (field conditions with Sigma wildcards, case ignored, optionally limited to
 * one rule), each with the reason it exists and an optional expiry date after which it no longer
 * applies. An alert is seen by the conditions through its fields: {@code Computer},
 * {@code Channel}, {@code EventID}, {@code rule_id}, {@code rule_title}, {@code level},
 * {@code kind}, {@code file} and every key of its {@code details}. Every suppression is counted
 * per entry. Thread-safe.
 */
public final class Tuning {

    /**
     * One entry as the configuration writes it.
     *
     * @param rule    a rule id, name or title, or null for every rule
     * @param where   field conditions (all must hold; values of one field: any), empty for an exclusion
     * @param reason  why the entry exists (required)
     * @param expires the last day it applies, or null
     * @param place   where it was written ({@code file:line})
     */
    public record Entry(String rule, Map<String, List<String>> where, String reason, LocalDate expires, String place) {
        public Entry {
            where = Map.copyOf(where);
        }
    }

    private final List<Entry> entries;
    private final List<EventQuery> conditions = new ArrayList<>();
    private final boolean[] active;
    private final AtomicLongArray suppressed;

    /**
     * @param today the date expiry is judged against
     * @throws IllegalArgumentException naming the entry's place when it has no reason, no rule and
     *                                  no condition, or a condition that cannot be compiled
     */
    public Tuning(List<Entry> entries, LocalDate today) {
        this.entries = List.copyOf(entries);
        active = new boolean[entries.size()];
        suppressed = new AtomicLongArray(entries.size());
        for (int i = 0; i < this.entries.size(); i++) {
            Entry e = this.entries.get(i);
            if (e.reason() == null || e.reason().isBlank()) {
                throw new IllegalArgumentException(e.place() + ": a tuning entry needs a 'reason'");
            }
            if ((e.rule() == null || e.rule().isBlank()) && e.where().isEmpty()) {
                throw new IllegalArgumentException(e.place() + ": a tuning entry needs a 'rule', a 'where' or both");
            }
            EventQuery.Builder b = EventQuery.builder();
            e.where().forEach((field, values) -> values.forEach(v -> b.field(field, v)));
            try {
                conditions.add(b.build());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(e.place() + ": " + bad.getMessage(), bad);
            }
            active[i] = e.expires() == null || !today.isAfter(e.expires());
        }
    }

    public static Tuning none() {
        return new Tuning(List.of(), LocalDate.now(java.time.ZoneOffset.UTC));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Entries whose expiry date has passed: not applied, worth a warning. */
    public List<Entry> expired() {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!active[i]) {
                out.add(entries.get(i));
            }
        }
        return out;
    }

    /** The first active entry that suppresses {@code a} (and counts it), or null to keep the alert. */
    public Entry suppress(Alert a) {
        if (entries.isEmpty()) {
            return null;
        }
        SigmaEvent view = null;
        for (int i = 0; i < entries.size(); i++) {
            if (!active[i]) {
                continue;
            }
            Entry e = entries.get(i);
            if (e.rule() != null && !e.rule().equals(a.ruleId()) && !e.rule().equalsIgnoreCase(a.ruleTitle())) {
                continue;
            }
            if (!e.where().isEmpty()) {
                if (view == null) {
                    view = view(a);
                }
                if (!conditions.get(i).matchesFields(view)) {
                    continue;
                }
            }
            suppressed.addAndGet(i, Math.max(1, a.count()));
            return e;
        }
        return null;
    }

    /** Alerts suppressed per entry, entries in configuration order (those that suppressed nothing too). */
    public Map<Entry, Long> suppressedCounts() {
        Map<Entry, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            out.put(entries.get(i), suppressed.get(i));
        }
        return out;
    }

    /** An alert's fields as the conditions see them. */
    static SigmaEvent view(Alert a) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "Computer", a.computer());
        put(f, "Channel", a.channel());
        put(f, "EventID", a.eventId() == null ? null : a.eventId().toString());
        put(f, "rule_id", a.ruleId());
        put(f, "rule_title", a.ruleTitle());
        put(f, "level", a.level() == null ? null : a.level().id());
        put(f, "kind", a.kind() == null ? null : a.kind().id());
        put(f, "file", a.file());
        a.details().forEach((k, v) -> put(f, k, v));
        return new SigmaEvent() {
            @Override
            public String field(String name) {
                String v = f.get(name);
                if (v == null) {
                    for (Map.Entry<String, String> e : f.entrySet()) {
                        if (e.getKey().equalsIgnoreCase(name)) {
                            return e.getValue();
                        }
                    }
                }
                return v;
            }

            @Override
            public void forEachField(BiConsumer<String, String> sink) {
                f.forEach(sink);
            }

            @Override
            public long timestampMillis() {
                return a.timestamp() == null ? Long.MIN_VALUE : a.timestamp().toEpochMilli();
            }
        };
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
