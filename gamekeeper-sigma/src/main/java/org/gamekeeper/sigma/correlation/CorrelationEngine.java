package org.gamekeeper.sigma.correlation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.rule.CorrelationType;
import org.gamekeeper.sigma.rule.RuleMetadata;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.value.SigmaCompare;

/**
 * Runs correlation rules over rule matches in event-time order.
 *
 * <p>Matches may come from many files and hosts slightly out of order: each is held in a
 * reorder buffer until the newest event time seen is {@code latenessMillis} past it, then
 * processed in (time, arrival) order. A match older than that watermark (newest time seen minus
 * the lateness) is counted as late and dropped.
 *
 * <p>Conditions that only grow true (gt/gte, and temporal types) are tested on a sliding window
 * as each match arrives, and a group's window starts afresh after it fires. Conditions with an
 * upper bound (lt, lte, eq, neq) and value_avg are tested when a tumbling window, opened by the
 * group's first match, closes. value_percentile tests, for each match, the percentage of the
 * group's matches in the window that share its field value (a rarity test, "this value is at
 * most N % of what the host ran").
 *
 * <p>All state is accounted in estimated bytes; over {@code maxBytes} the bound trips with a
 * named reason ({@link Trip}) and state is shed. Not thread-safe: one engine per stream.
 */
public final class CorrelationEngine {

    private static final long PENDING_BYTES = 96;
    private static final long ENTRY_BYTES = 64;
    private static final long GROUP_BYTES = 160;

    private final CorrelationLimits limits;
    private final List<Corr> corrs = new ArrayList<>();
    private final Map<String, List<int[]>> targetsByRule = new HashMap<>();
    private final PriorityQueue<Pending> buffer = new PriorityQueue<>(Comparator.<Pending>comparingLong(p -> p.ts).thenComparingLong(p -> p.seq));
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.<Expiry>comparingLong(e -> e.at).thenComparingLong(e -> e.seq));
    private final List<CorrelationAlert> alerts = new ArrayList<>();
    private final List<Trip> trips = new ArrayList<>();
    private long seq;
    private long maxSeen = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;
    private long bufferBytes;
    private long stateBytes;
    private long late;
    private long untimed;

    public CorrelationEngine(List<SigmaCorrelation> correlations, CorrelationLimits limits) {
        this.limits = limits;
        for (SigmaCorrelation c : correlations) {
            Corr corr = new Corr(corrs.size(), c);
            corrs.add(corr);
            for (int r = 0; r < c.rules().size(); r++) {
                targetsByRule.computeIfAbsent(c.rules().get(r), k -> new ArrayList<>()).add(new int[] {corr.index, r});
            }
        }
    }

    /** A compiled rule matched an event; {@code ref} is the caller's handle of the event (file and record). */
    public void accept(org.gamekeeper.sigma.compile.CompiledRule rule, SigmaEvent event, Object ref) {
        accept(rule.rule().metadata(), event, ref);
    }

    /** A rule matched an event; {@code ref} is the caller's handle of the event (file and record). */
    public void accept(RuleMetadata rule, SigmaEvent event, Object ref) {
        List<int[]> targets = targets(rule);
        if (targets.isEmpty()) {
            return;
        }
        long ts = event.timestampMillis();
        if (ts == Long.MIN_VALUE) {
            untimed++;
            return;
        }
        if (ts < watermark) {
            late++;
            return;
        }
        for (int[] t : targets) {
            Corr c = corrs.get(t[0]);
            String[] group = new String[c.groupBy.size()];
            for (int g = 0; g < group.length; g++) {
                String v = event.field(c.fieldFor(c.groupBy.get(g), rule));
                group[g] = v == null ? "" : v;
            }
            String value = null;
            if (c.def.field() != null) {
                StringBuilder sb = new StringBuilder();
                for (String f : c.def.field().split(",")) {
                    String v = event.field(c.fieldFor(f.trim(), rule));
                    if (v == null) {
                        sb = null;
                        break;
                    }
                    sb.append(sb.length() == 0 ? "" : "\u001f").append(v);
                }
                value = sb == null ? null : sb.toString();
            }
            Pending p = new Pending(ts, seq++, t[0], t[1], group, value, ref);
            buffer.add(p);
            bufferBytes += p.bytes;
        }
        if (ts > maxSeen) {
            maxSeen = ts;
            watermark = Math.max(watermark, ts - limits.latenessMillis());
        }
        release(watermark);
        enforceLimit(ts);
    }

    /**
     * The event fields the correlations read of a match of {@code rule} (group-by and value
     * fields, aliases resolved): all a caller needs to keep of the event besides its time.
     * Reads only what the constructor built; safe from any thread.
     */
    public Set<String> fieldsRead(RuleMetadata rule) {
        Set<String> out = new LinkedHashSet<>();
        for (int[] t : targets(rule)) {
            Corr c = corrs.get(t[0]);
            for (String g : c.groupBy) {
                out.add(c.fieldFor(g, rule));
            }
            if (c.def.field() != null) {
                for (String f : c.def.field().split(",")) {
                    out.add(c.fieldFor(f.trim(), rule));
                }
            }
        }
        return out;
    }

    private List<int[]> targets(RuleMetadata rule) {
        List<int[]> byId = rule.id() == null ? null : targetsByRule.get(rule.id());
        List<int[]> byName = rule.name() == null ? null : targetsByRule.get(rule.name());
        if (byName == null) {
            return byId == null ? List.of() : byId;
        }
        if (byId == null) {
            return byName;
        }
        List<int[]> all = new ArrayList<>(byId);
        all.addAll(byName);
        return all;
    }

    /** End of input: processes everything buffered and closes every open window; state is empty afterwards. */
    public void flush() {
        release(Long.MAX_VALUE);
        expire(Long.MAX_VALUE);
    }

    /** Alerts produced since the last call, in event-time order. */
    public List<CorrelationAlert> drain() {
        List<CorrelationAlert> out = List.copyOf(alerts);
        alerts.clear();
        return out;
    }

    /** Estimated bytes held (buffered matches and group state). */
    public long bytesInUse() {
        return bufferBytes + stateBytes;
    }

    public List<Trip> trips() {
        return Collections.unmodifiableList(trips);
    }

    /** Matches that arrived later than the lateness window allows, and were dropped. */
    public long lateMatches() {
        return late;
    }

    /** Matches on events without a time, which cannot be correlated. */
    public long untimedMatches() {
        return untimed;
    }

    /** Number of groups holding state, over all correlations. */
    public int openGroups() {
        int n = 0;
        for (Corr c : corrs) {
            n += c.groups.size();
        }
        return n;
    }

    // ---- ordered processing ----

    /** Processes buffered matches older than {@code upTo} in order, then closes windows that ended. */
    private void release(long upTo) {
        while (!buffer.isEmpty() && buffer.peek().ts < upTo) {
            Pending p = buffer.poll();
            bufferBytes -= p.bytes;
            expire(p.ts);
            process(corrs.get(p.corr), p.ts, p.ruleIndex, p.group, p.value, p.ref);
        }
        // no match older than the watermark is accepted any more, so windows ending before it are final
        expire(upTo);
    }

    /** Closes windows and drops groups whose time has passed before {@code now}. */
    private void expire(long now) {
        while (!expiries.isEmpty() && expiries.peek().at < now) {
            Expiry e = expiries.poll();
            Corr c = corrs.get(e.corr);
            Group g = e.group;
            g.queued = false;
            if (c.groups.get(g.key) != g) {
                continue; // the group was dropped or closed since
            }
            if (g.expiry > e.at) {
                schedule(c, g, g.expiry); // the group moved on: one queued expiry per group
                continue;
            }
            if (c.tumbling && !g.entries.isEmpty()) {
                close(c, g);
            }
            removeGroup(c, g);
        }
    }

    private void process(Corr c, long ts, int ruleIndex, String[] groupValues, String value, Object ref) {
        String key = String.join("\u001e", groupValues);
        Group g = c.groups.get(key);
        if (g == null) {
            g = new Group(key, groupValues, c.def.rules().size());
            c.groups.put(key, g);
            stateBytes += g.bytes;
        }
        long span = c.def.timespanMillis();
        if (c.tumbling) {
            if (!g.entries.isEmpty() && ts >= g.windowStart + span) {
                close(c, g);
                stateBytes -= g.releaseEntries();
            }
            if (g.entries.isEmpty()) {
                g.windowStart = ts;
                schedule(c, g, ts + span);
            }
        } else {
            while (!g.entries.isEmpty() && g.entries.peekFirst().ts < ts - span) {
                stateBytes -= g.remove(g.entries.pollFirst());
            }
            schedule(c, g, ts + span);
        }
        Entry en = new Entry(ts, ruleIndex, value, ref);
        stateBytes += g.add(en);
        if (c.tumbling) {
            return;
        }
        double v = evaluate(c, g, en);
        if (v == v && holds(c, v)) {
            emit(c, g, v, c.def.type() == CorrelationType.VALUE_PERCENTILE ? List.of(en) : g.entries);
            if (c.def.type() != CorrelationType.VALUE_PERCENTILE) {
                stateBytes -= g.releaseEntries();
                g.clear();
            }
        }
    }

    private void schedule(Corr c, Group g, long at) {
        g.expiry = at;
        if (!g.queued) {
            g.queued = true;
            expiries.add(new Expiry(at, seq++, c.index, g));
        }
    }

    /** The number the condition is tested on, NaN when there is none yet. */
    private static double evaluate(Corr c, Group g, Entry latest) {
        return switch (c.def.type()) {
            case EVENT_COUNT -> g.entries.size();
            case VALUE_COUNT -> g.distinct.size();
            case VALUE_SUM -> g.numbers == 0 ? Double.NaN : g.sum;
            case VALUE_AVG -> g.numbers == 0 ? Double.NaN : g.sum / g.numbers;
            case VALUE_PERCENTILE -> latest == null || latest.value == null ? Double.NaN
                    : 100.0 * g.distinct.getOrDefault(latest.value, 0) / g.withValue;
            case TEMPORAL -> g.rulesSeen();
            case TEMPORAL_ORDERED -> latest != null && latest.ruleIndex == c.def.rules().size() - 1 && ordered(g, c.def.rules().size())
                    ? c.def.rules().size() : Double.NaN;
        };
    }

    private static boolean holds(Corr c, double v) {
        if (c.def.type().isTemporal() && c.def.condition().isEmpty()) {
            return v >= c.def.rules().size();
        }
        return c.def.conditionHolds(v);
    }

    /** True when the window holds matches of rules 0..n-1 in that order (times non-decreasing), ending at the newest. */
    private static boolean ordered(Group g, int n) {
        int want = n - 1;
        Iterator<Entry> it = g.entries.descendingIterator();
        while (it.hasNext() && want >= 0) {
            if (it.next().ruleIndex == want) {
                want--;
            }
        }
        return want < 0;
    }

    private void close(Corr c, Group g) {
        double v = evaluate(c, g, null);
        if (v == v && holds(c, v)) {
            emit(c, g, v, g.entries);
        }
    }

    private void emit(Corr c, Group g, double value, Iterable<Entry> entries) {
        List<Object> refs = new ArrayList<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Entry e : entries) {
            first = Math.min(first, e.ts);
            last = Math.max(last, e.ts);
            if (e.ref instanceof CorrelationAlert a) {
                for (Object r : a.eventRefs()) {
                    if (refs.size() < limits.maxRefsPerAlert()) {
                        refs.add(r);
                    }
                }
            } else if (refs.size() < limits.maxRefsPerAlert()) {
                refs.add(e.ref);
            }
        }
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < c.groupBy.size(); i++) {
            group.put(c.groupBy.get(i), g.values[i]);
        }
        CorrelationAlert alert = new CorrelationAlert(c.def, Collections.unmodifiableMap(group), first, last, value, List.copyOf(refs));
        alerts.add(alert);
        chain(c, alert);
    }

    /** A correlation that refers to another correlation takes its alerts as matches, at the alert's last time. */
    private void chain(Corr source, CorrelationAlert alert) {
        RuleMetadata m = source.def.metadata();
        for (int[] t : targets(m)) {
            Corr c = corrs.get(t[0]);
            String[] group = new String[c.groupBy.size()];
            for (int i = 0; i < group.length; i++) {
                String v = alert.group().get(c.fieldFor(c.groupBy.get(i), m));
                group[i] = v == null ? "" : v;
            }
            process(c, alert.lastMillis(), t[1], group, null, alert);
        }
    }

    private void removeGroup(Corr c, Group g) {
        stateBytes -= g.releaseEntries() + g.bytes;
        c.groups.remove(g.key);
    }

    // ---- memory bound ----

    private void enforceLimit(long now) {
        if (bytesInUse() <= limits.maxBytes()) {
            return;
        }
        if (bufferBytes > limits.maxBytes() / 2) {
            long target = limits.maxBytes() / 4;
            while (!buffer.isEmpty() && bufferBytes > target) {
                watermark = Math.max(watermark, buffer.peek().ts + 1);
                release(watermark);
            }
            trips.add(new Trip(Trip.Reason.REORDER_BUFFER_OVER_LIMIT, now, bytesInUse(), 0));
        }
        if (bytesInUse() <= limits.maxBytes()) {
            return;
        }
        List<Object[]> all = new ArrayList<>();
        for (Corr c : corrs) {
            for (Group g : c.groups.values()) {
                all.add(new Object[] {c, g});
            }
        }
        all.sort(Comparator.comparingLong(o -> ((Group) o[1]).lastTs));
        int dropped = 0;
        long target = limits.maxBytes() * 9 / 10;
        for (Object[] o : all) {
            if (bytesInUse() <= target) {
                break;
            }
            removeGroup((Corr) o[0], (Group) o[1]);
            dropped++;
        }
        trips.add(new Trip(Trip.Reason.STATE_OVER_LIMIT, now, bytesInUse(), dropped));
    }

    // ---- state ----

    private static final class Corr {
        final int index;
        final SigmaCorrelation def;
        final List<String> groupBy;
        final boolean tumbling;
        final Map<String, Group> groups = new HashMap<>();

        Corr(int index, SigmaCorrelation def) {
            this.index = index;
            this.def = def;
            this.groupBy = def.groupBy();
            boolean growing = true;
            for (SigmaCompare sc : def.condition()) {
                growing &= sc.op() == SigmaCompare.Op.GT || sc.op() == SigmaCompare.Op.GTE;
            }
            this.tumbling = def.type() == CorrelationType.VALUE_AVG
                    || !growing && def.type() != CorrelationType.VALUE_PERCENTILE && !def.type().isTemporal();
        }

        /** The event field for a group-by field or alias, as seen in the given rule's events. */
        String fieldFor(String name, RuleMetadata rule) {
            Map<String, String> alias = def.aliases().get(name);
            if (alias == null) {
                return name;
            }
            String f = rule.name() == null ? null : alias.get(rule.name());
            if (f == null && rule.id() != null) {
                f = alias.get(rule.id());
            }
            return f == null ? name : f;
        }
    }

    private static final class Pending {
        final long ts;
        final long seq;
        final int corr;
        final int ruleIndex;
        final String[] group;
        final String value;
        final Object ref;
        final long bytes;

        Pending(long ts, long seq, int corr, int ruleIndex, String[] group, String value, Object ref) {
            this.ts = ts;
            this.seq = seq;
            this.corr = corr;
            this.ruleIndex = ruleIndex;
            this.group = group;
            this.value = value;
            this.ref = ref;
            long b = PENDING_BYTES + (value == null ? 0 : 40 + 2L * value.length());
            for (String s : group) {
                b += 40 + 2L * s.length();
            }
            this.bytes = b;
        }
    }

    private record Entry(long ts, int ruleIndex, String value, Object ref) {
        long bytes() {
            return ENTRY_BYTES + (value == null ? 0 : 40 + 2L * value.length());
        }
    }

    private record Expiry(long at, long seq, int corr, Group group) { }

    private static final class Group {
        final String key;
        final String[] values;
        final long bytes;
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        final Map<String, Integer> distinct = new HashMap<>();
        final int[] perRule;
        long entryBytes;
        double sum;
        int numbers;
        int withValue;
        long windowStart;
        long lastTs;
        long expiry;
        boolean queued;

        Group(String key, String[] values, int rules) {
            this.key = key;
            this.values = values;
            this.perRule = new int[rules];
            this.bytes = GROUP_BYTES + 2L * key.length() + 8L * rules;
        }

        long add(Entry e) {
            entries.addLast(e);
            lastTs = Math.max(lastTs, e.ts());
            perRule[e.ruleIndex()]++;
            if (e.value() != null) {
                withValue++;
                distinct.merge(e.value(), 1, Integer::sum);
                double d = number(e.value());
                if (d == d) {
                    sum += d;
                    numbers++;
                }
            }
            entryBytes += e.bytes();
            return e.bytes();
        }

        long remove(Entry e) {
            perRule[e.ruleIndex()]--;
            if (e.value() != null) {
                withValue--;
                distinct.computeIfPresent(e.value(), (k, n) -> n == 1 ? null : n - 1);
                double d = number(e.value());
                if (d == d) {
                    sum -= d;
                    numbers--;
                }
            }
            entryBytes -= e.bytes();
            return e.bytes();
        }

        int rulesSeen() {
            int n = 0;
            for (int c : perRule) {
                if (c > 0) {
                    n++;
                }
            }
            return n;
        }

        /** Forgets the entries; returns the bytes they held. */
        long releaseEntries() {
            long b = entryBytes;
            clear();
            return b;
        }

        void clear() {
            entries.clear();
            distinct.clear();
            Arrays.fill(perRule, 0);
            sum = 0;
            numbers = 0;
            withValue = 0;
            entryBytes = 0;
        }

        private static double number(String s) {
            return org.gamekeeper.sigma.compile.NumberText.parse(s);
        }
    }
}
