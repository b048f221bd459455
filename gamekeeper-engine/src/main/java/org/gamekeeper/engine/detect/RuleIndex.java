package org.gamekeeper.engine.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.ValueSink;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.Prefilter;
import org.gamekeeper.sigma.compile.RuleCompiler;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * Compiled rules arranged for speed: each rule is placed, once per mapping target, in the
 * buckets of the channels and EventIDs its log source means, so an event meets only the rules
 * that can apply to it. Inside a bucket, the literals rules need (their prefilter anchors) are
 * searched with one Aho–Corasick pass per field, and only rules whose literal was found, or that
 * have no usable literal, are evaluated. Immutable; share between threads, evaluate with an
 * {@link Evaluator} per thread.
 */
public final class RuleIndex {

    /**
     * A rule at one of its targets.
     *
     * @param alerts     false for rules that only feed correlations
     * @param correlated a correlation refers to the rule
     */
    public record Entry(int id, CompiledRule rule, LogSourceMapping.Target target, boolean alerts, boolean correlated) { }

    private final List<Entry> entries;
    private final Map<String, ChannelIndex> byChannel;
    private final ChannelIndex anyChannel;
    private final int largestBucket;
    private final int skippedRules;

    private RuleIndex(List<Entry> entries, Map<String, ChannelIndex> byChannel, ChannelIndex anyChannel, int skippedRules,
                      Map<List<String>, PatternScanner> scanners) {
        this.scanners = scanners;
        this.entries = List.copyOf(entries);
        this.byChannel = byChannel;
        this.anyChannel = anyChannel;
        this.skippedRules = skippedRules;
        int max = anyChannel.largest();
        for (ChannelIndex c : byChannel.values()) {
            max = Math.max(max, c.largest());
        }
        this.largestBucket = max;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Rules whose log source no mapping target covers (non-Windows products and the like). */
    public int skippedRules() {
        return skippedRules;
    }

    /**
     * Builds the index. {@code rules} come from the rule set compiled with the identity
     * resolver; a target with field renames gets the rule compiled again with them.
     */
    public static RuleIndex build(CompiledRuleSet set, List<CompiledRule> rules, LogSourceMapping mapping) {
        Map<List<String>, PatternScanner> scanners = new ConcurrentHashMap<>();
        Set<String> correlatedRefs = new HashSet<>();
        set.correlations().forEach(c -> correlatedRefs.addAll(c.rules()));
        List<Entry> entries = new ArrayList<>();
        Map<Map<String, String>, RuleCompiler> compilers = new HashMap<>();
        int skipped = 0;
        for (CompiledRule r : rules) {
            SigmaRule sr = r.rule();
            boolean builtin = sr.location() != null && BuiltinPack.isPack(sr.location().file());
            List<LogSourceMapping.Target> targets = mapping.targets(r.logSource(), builtin);
            if (targets.isEmpty() || r.neverMatches()) {
                skipped++;
                continue;
            }
            var m = r.rule().metadata();
            boolean correlated = m.id() != null && correlatedRefs.contains(m.id()) || m.name() != null && correlatedRefs.contains(m.name());
            for (LogSourceMapping.Target t : targets) {
                CompiledRule c = r;
                if (!t.renames().isEmpty()) {
                    Map<String, String> renames = t.renames();
                    c = compilers.computeIfAbsent(renames, k -> new RuleCompiler(f -> k.getOrDefault(f, f))).compile(r.rule());
                }
                entries.add(new Entry(entries.size(), c, t, set.alertsOnItsOwn(r), correlated));
            }
        }
        // Group entries by channel and EventID.
        // by lower-cased channel; the null key holds the rules for any channel
        Map<String, Map<Integer, List<Entry>>> grouped = new LinkedHashMap<>();
        for (Entry e : entries) {
            List<String> channels = e.target().channels().isEmpty() ? Collections.singletonList(null)
                    : e.target().channels().stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
            List<Integer> ids = e.target().eventIds().isEmpty() ? derivedIds(e.rule()) : List.copyOf(e.target().eventIds());
            for (String c : channels) {
                for (Integer id : ids) {
                    grouped.computeIfAbsent(c, k -> new LinkedHashMap<>()).computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                }
            }
        }
        Map<String, ChannelIndex> byChannel = new HashMap<>();
        ChannelIndex anyChannel = new ChannelIndex(Map.of(), null);
        // Buckets build their automata on first use: most serve only as parts of merged buckets.
        for (Map.Entry<String, Map<Integer, List<Entry>>> g : grouped.entrySet()) {
            Map<Integer, Bucket> buckets = new HashMap<>();
            Bucket anyId = null;
            for (Map.Entry<Integer, List<Entry>> b : g.getValue().entrySet()) {
                Bucket bucket = Bucket.of(b.getValue(), scanners);
                if (b.getKey() == Integer.MIN_VALUE) {
                    anyId = bucket;
                } else {
                    buckets.put(b.getKey(), bucket);
                }
            }
            ChannelIndex ci = new ChannelIndex(buckets, anyId);
            if (g.getKey() == null) {
                anyChannel = ci;
            } else {
                byChannel.put(g.getKey(), ci);
            }
        }
        return new RuleIndex(entries, byChannel, anyChannel, skipped, scanners);
    }

    /**
     * Bucket of the rules placed by the EventIDs their detection requires: events whose EventID
     * is not a plain number meet them all, since a rule's "EventID: 4624" also takes "4624.0".
     */
    static final int DERIVED = Integer.MIN_VALUE + 1;

    /**
     * Where a rule whose log source names no EventID goes: under each EventID its detection
     * requires (Security rules select theirs in the detection) and under DERIVED, or, when it
     * requires none, under any EventID.
     */
    private static List<Integer> derivedIds(CompiledRule rule) {
        Set<Long> required = rule.requiredIntegers("EventID");
        if (required == null || required.isEmpty()) {
            return List.of(Integer.MIN_VALUE);
        }
        List<Integer> ids = new ArrayList<>();
        for (long id : required) {
            ids.add((int) id);
        }
        ids.add(DERIVED);
        return ids;
    }

    /** The buckets of one channel: by EventID, and the rules for any EventID of the channel. */
    private record ChannelIndex(Map<Integer, Bucket> byEventId, Bucket anyEventId) {
        int largest() {
            int m = anyEventId == null ? 0 : anyEventId.entries.length;
            for (Bucket b : byEventId.values()) {
                m = Math.max(m, b.entries.length);
            }
            return m;
        }
    }

    /**
     * Rules that apply to the same channel and EventID, with their prefilter automata, built on
     * first use (most buckets serve only as parts of merged ones and never need their own).
     */
    static final class Bucket {
        final Entry[] entries;
        private final Map<List<String>, PatternScanner> scanners;
        private volatile Search search;

        private Bucket(Entry[] entries, Map<List<String>, PatternScanner> scanners) {
            this.entries = entries;
            this.scanners = scanners;
        }

        /** A bucket of these entries (each once, in order), sharing scanners through {@code scanners}. */
        static Bucket of(List<Entry> list, Map<List<String>, PatternScanner> scanners) {
            Set<Entry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Entry> distinct = new ArrayList<>(list.size());
            for (Entry e : list) {
                if (seen.add(e)) {
                    distinct.add(e);
                }
            }
            return new Bucket(distinct.toArray(new Entry[0]), scanners);
        }

        Search search() {
            Search s = search;
            if (s == null) {
                synchronized (this) {
                    s = search;
                    if (s == null) {
                        s = Search.of(entries, scanners);
                        search = s;
                    }
                }
            }
            return s;
        }
    }

    /** Words of a bit set over {@code entries} entries. */
    static int words(int entries) {
        return (entries + 63) >>> 6;
    }

    /** What a bucket searches: one {@link FieldSearch} per field its entries' literals are in. */
    static final class Search {
        /** Entries without a usable literal, as bits: always candidates. */
        final long[] always;
        final FieldSearch[] fields;

        private Search(long[] always, FieldSearch[] fields) {
            this.always = always;
            this.fields = fields;
        }

        static Search of(Entry[] entries, Map<List<String>, PatternScanner> scanners) {
            long[] always = new long[words(entries.length)];
            // by field name; the null key holds keyword anchors, whose literal may be in any field
            Map<String, LinkedHashMap<String, List<Integer>>> byField = new LinkedHashMap<>();
            Map<String, Map<String, List<Integer>>> exactByField = new LinkedHashMap<>();
            for (int i = 0; i < entries.length; i++) {
                Prefilter p = entries[i].rule().prefilter();
                if (p.unconditional() || p.anchors().isEmpty()) {
                    always[i >>> 6] |= 1L << i;
                    continue;
                }
                for (Prefilter.Anchor a : p.anchors()) {
                    String field = a.field();
                    if (a.exact() && field != null && ExactSet.accepts(a.literal())) {
                        byField.computeIfAbsent(field, k -> new LinkedHashMap<>()); // the field's place in the order
                        exactByField.computeIfAbsent(field, k -> new LinkedHashMap<>())
                                .computeIfAbsent(a.literal(), k -> new ArrayList<>()).add(i);
                    } else {
                        byField.computeIfAbsent(field, k -> new LinkedHashMap<>())
                                .computeIfAbsent(asciiAnchor(a.literal()), k -> new ArrayList<>()).add(i);
                    }
                }
            }
            List<FieldSearch> fields = new ArrayList<>(byField.size());
            for (Map.Entry<String, LinkedHashMap<String, List<Integer>>> f : byField.entrySet()) {
                LinkedHashMap<String, List<Integer>> lits = f.getValue();
                List<String> patterns = List.copyOf(lits.keySet());
                Map<String, List<Integer>> whole = exactByField.getOrDefault(f.getKey(), Map.of());
                List<String> values = List.copyOf(whole.keySet());
                PatternScanner automaton = patterns.isEmpty() ? null : scanners.computeIfAbsent(patterns, PatternScanner::of);
                // worked out when a value first needs it (JSON values with escapes)
                PatternScanner escaped = automaton == null ? null : new LazyScanner(patterns, automaton, scanners);
                int[][] patternEntries = new int[patterns.size() + values.size()][];
                for (int p = 0; p < patterns.size(); p++) {
                    patternEntries[p] = distinct(lits.get(patterns.get(p)));
                }
                for (int p = 0; p < values.size(); p++) {
                    patternEntries[patterns.size() + p] = distinct(whole.get(values.get(p)));
                }
                fields.add(new FieldSearch(f.getKey(), automaton, PatternScanner.textOnly(patterns), escaped,
                        values.isEmpty() ? null : ExactSet.of(values), patterns.size(), patternEntries));
            }
            return new Search(always, fields.toArray(new FieldSearch[0]));
        }

        /** Entry indexes added in ascending order, each once (an entry may need a literal twice). */
        private static int[] distinct(List<Integer> ascending) {
            int[] out = new int[ascending.size()];
            int n = 0;
            for (int i : ascending) {
                if (n == 0 || out[n - 1] != i) {
                    out[n++] = i;
                }
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        }
    }

    /**
     * How a bucket searches one field.
     *
     * @param name           the field, or null for keyword anchors: their literal may be in any value of the event
     * @param automaton      the field's literals other than its equality literals, or null when it has none
     * @param textOnly       the literals cannot show in values other than strings (see PatternScanner.textOnly)
     * @param escaped        the same literals (same indexes) as {@link ValueSink#escapedAscii} values hold them,
     *                       or null when there are none
     * @param exact          the field's equality literals, looked up as whole values, or null
     * @param exactBase      the pattern index of the first equality literal (the number of the others)
     * @param patternEntries pattern index to the bucket-local indexes of the entries that need it
     */
    record FieldSearch(String name, PatternScanner automaton, boolean textOnly, PatternScanner escaped, ExactSet exact,
                       int exactBase, int[][] patternEntries) { }

    /** A folded literal as {@link ValueSink#escapedAscii} values hold it; the non-ASCII marker stays, as such values are ASCII. */
    static String escaped(String literal) {
        return literal.equals(AsciiAutomaton.NON_ASCII) ? literal : ValueSink.escaped(literal);
    }

    /**
     * What the automaton searches for a literal: the literal itself when it is ASCII, else its
     * longest ASCII stretch (a value holding the literal holds that stretch too), else
     * {@link AsciiAutomaton#NON_ASCII}: a literal of non-ASCII characters only (emoji, say) can
     * only be in a value with a non-ASCII character.
     */
    static String asciiAnchor(String folded) {
        if (AsciiAutomaton.accepts(folded)) {
            return folded;
        }
        String best = "";
        int start = -1;
        for (int i = 0; i <= folded.length(); i++) {
            boolean ascii = i < folded.length() && folded.charAt(i) < 128;
            if (ascii && start < 0) {
                start = i;
            } else if (!ascii && start >= 0) {
                if (i - start > best.length()) {
                    best = folded.substring(start, i);
                }
                start = -1;
            }
        }
        // A short stretch (".exe" of a Braille-padded name) is in most values; any non-ASCII
        // character is rarer in Windows logs, so only a long stretch is the better filter.
        return best.length() >= 6 ? best : AsciiAutomaton.NON_ASCII;
    }

    /** Merged buckets are cached for this many (channel, EventID) pairs; beyond, events meet the four buckets in turn. */
    private static final int MAX_MERGED = 4096;
    /** Merged buckets by channel as the event names it, then EventID. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, Bucket>> merged = new ConcurrentHashMap<>();
    /** Merged buckets of events without a channel, by EventID. */
    private final ConcurrentHashMap<Integer, Bucket> mergedNoChannel = new ConcurrentHashMap<>();
    private final AtomicInteger mergedCount = new AtomicInteger();
    /** Scanners by pattern list, shared between merged buckets that search a field for the same literals. */
    private final Map<List<String>, PatternScanner> scanners;

    /**
     * Every rule an event of this channel and EventID meets, as one bucket: the bucket of the
     * channel and EventID, of the channel, of the EventID on any channel, and of any event, in
     * that order, with one automaton per field, so each field is searched once per event whatever
     * the number of buckets. Built on first use; null once the cache is full.
     */
    Bucket merged(String channel, int eventId) {
        ConcurrentHashMap<Integer, Bucket> byId = channel == null ? mergedNoChannel : merged.get(channel);
        if (byId != null) {
            Bucket b = byId.get(eventId);
            if (b != null) {
                return b;
            }
        }
        if (mergedCount.get() >= MAX_MERGED) {
            return null;
        }
        if (byId == null) {
            byId = merged.computeIfAbsent(channel, k -> new ConcurrentHashMap<>());
        }
        return byId.computeIfAbsent(eventId, id -> {
            mergedCount.incrementAndGet();
            return merge(channel, id);
        });
    }

    /**
     * The buckets an event of this channel and EventID meets, in order: of the channel and
     * EventID (and, for an EventID that is no plain number, the rules placed by required
     * EventIDs), of the channel, then the same on any channel.
     */
    private List<Bucket> parts(String channel, int eventId) {
        List<Bucket> parts = new ArrayList<>(6);
        if (channel != null) {
            ChannelIndex ci = byChannel.get(channel);
            if (ci == null) {
                ci = byChannel.get(channel.toLowerCase(Locale.ROOT));
            }
            if (ci != null) {
                parts.add(ci.byEventId.get(eventId));
                if (eventId < 0) {
                    parts.add(ci.byEventId.get(DERIVED));
                }
                parts.add(ci.anyEventId);
            }
        }
        parts.add(anyChannel.byEventId.get(eventId));
        if (eventId < 0) {
            parts.add(anyChannel.byEventId.get(DERIVED));
        }
        parts.add(anyChannel.anyEventId);
        parts.removeIf(Objects::isNull);
        return parts;
    }

    private Bucket merge(String channel, int eventId) {
        List<Bucket> parts = parts(channel, eventId);
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<Entry> all = new ArrayList<>();
        for (Bucket b : parts) {
            all.addAll(List.of(b.entries));
        }
        all.sort(Comparator.comparingInt(Entry::id)); // rule order, whatever the buckets
        Bucket b = Bucket.of(all, scanners);
        int[] ids = new int[b.entries.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = b.entries[i].id();
        }
        Bucket same = byEntries.putIfAbsent(new EntryIds(ids), b);
        return same != null ? same : b;
    }

    /** The entries of a merged bucket, by id: equal when the rules are. */
    private record EntryIds(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof EntryIds other && Arrays.equals(ids, other.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    /**
     * Merged buckets by their entries: events that meet the same rules share one bucket and its
     * search, built once (a channel exporters write in two cases, Security and security, is two
     * keys of {@link #merged} but the same rules).
     */
    private final ConcurrentHashMap<EntryIds, Bucket> byEntries = new ConcurrentHashMap<>();

    /**
     * Diagnostics for rule authors and for speed work: with {@code -Dgamekeeper.ruleCost=true}
     * each rule's evaluations are timed and, at exit, the costliest are printed to stderr with
     * how often they were candidates and matched (the timer itself costs some 20 ns a call).
     */
    private static final boolean COST = Boolean.getBoolean("gamekeeper.ruleCost");
    private final AtomicBoolean hooked = new AtomicBoolean();
    private final Queue<Evaluator> costed = new ConcurrentLinkedQueue<>();

    private void printCost() {
        long[] nanos = new long[entries.size()];
        long[] calls = new long[nanos.length];
        long[] hits = new long[nanos.length];
        long scanNanos = 0;
        Map<String, long[]> fields = new HashMap<>();
        for (Evaluator ev : costed) {
            ev.fieldNanos.forEach((k, v) -> {
                long[] t = fields.computeIfAbsent(k, x -> new long[2]);
                t[0] += v[0];
                t[1] += v[1];
            });
            scanNanos += ev.scanNanos;
            for (int i = 0; i < nanos.length; i++) {
                nanos[i] += ev.costNanos[i];
                calls[i] += ev.costCalls[i];
                hits[i] += ev.costHits[i];
            }
        }
        long total = Arrays.stream(nanos).sum();
        Integer[] order = new Integer[nanos.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong((Integer i) -> -nanos[i]));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "rule cost: literal search %.0f ms, rule evaluation %.0f ms, %d evaluations, %d matches%n", scanNanos / 1e6, total / 1e6,
                Arrays.stream(calls).sum(), Arrays.stream(hits).sum()));
        fields.entrySet().stream().sorted(Comparator.comparingLong(x -> -x.getValue()[0])).limit(25).forEach(x ->
                out.append(String.format(Locale.ROOT, "%8.1f ms %9d searches of %s%n", x.getValue()[0] / 1e6, x.getValue()[1], x.getKey())));
        for (int k = 0; k < Math.min(60, order.length); k++) {
            int i = order[k];
            var m = entries.get(i).rule().rule().metadata();
            out.append(String.format(Locale.ROOT, "%8.1f ms %9d calls %8d hits  %s%n", nanos[i] / 1e6, calls[i], hits[i], m.title()));
        }
        System.err.print(out);
    }

    /** Per-thread evaluation state. Not thread-safe; one per worker. */
    public final class Evaluator {
        private final long[] costNanos = COST ? new long[entries.size()] : null;
        private final long[] costCalls = COST ? new long[entries.size()] : null;
        private final long[] costHits = COST ? new long[entries.size()] : null;
        private long scanNanos;
        private final Map<String, long[]> fieldNanos = COST ? new HashMap<>() : null;

        Evaluator() {
            if (COST) {
                if (hooked.compareAndSet(false, true)) {
                    Runtime.getRuntime().addShutdownHook(new Thread(RuleIndex.this::printCost));
                }
                costed.add(this);
            }
        }

        /** Candidates of the bucket being run, as bits in rule order; cleared as they are read. */
        private long[] candidates = new long[words(Math.max(1, largestBucket))];
        private final Scan scan = new Scan();

        /** Calls {@code onMatch} for every entry whose rule matches {@code e}, in rule order. */
        public void evaluate(Event e, Consumer<Entry> onMatch) {
            String channel = e.channel();
            int eventId = e.eventId();
            Bucket merged = merged(channel, eventId);
            if (merged != null) {
                run(merged, e, onMatch);
                return;
            }
            for (Bucket b : parts(channel, eventId)) {
                run(b, e, onMatch);
            }
        }

        private void run(Bucket b, Event e, Consumer<Entry> onMatch) {
            if (candidates.length < words(b.entries.length)) {
                candidates = new long[words(b.entries.length)];
            }
            Search search = b.search();
            long t0 = COST ? System.nanoTime() : 0;
            for (FieldSearch f : search.fields) {
                scan.field = f;
                long tf = COST ? System.nanoTime() : 0;
                if (f.name() == null) {
                    e.forEachValue(scan);
                } else if (f.exact() != null || !e.forEachValue(f.name(), scan)) {
                    // equality literals need the whole values; otherwise the values as the source holds them
                    e.anyValue(f.name(), scan);
                }
                if (COST) {
                    String k = f.name() + " (" + (f.automaton() == null ? "exact" : f.automaton().getClass().getSimpleName()) + ")";
                    long[] t = fieldNanos.computeIfAbsent(k, x -> new long[2]);
                    t[0] += System.nanoTime() - tf;
                    t[1]++;
                }
            }
            if (COST) {
                scanNanos += System.nanoTime() - t0;
            }
            // Only the candidates, in rule order: a set bit each, never a walk over the bucket.
            Entry[] entries = b.entries;
            long[] bits = candidates;
            long[] always = search.always;
            for (int w = 0; w < always.length; w++) {
                long x = bits[w] | always[w];
                bits[w] = 0;
                while (x != 0) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(x);
                    x &= x - 1;
                    if (COST ? costedMatch(entries[i], e) : entries[i].rule().matches(e)) {
                        onMatch.accept(entries[i]);
                    }
                }
            }
        }

        /** {@code entry}'s rule matched against {@code e}, timed and counted for {@link #printCost}. */
        private boolean costedMatch(Entry entry, Event e) {
            long t = System.nanoTime();
            boolean m = entry.rule().matches(e);
            int id = entry.id();
            costNanos[id] += System.nanoTime() - t;
            costCalls[id]++;
            if (m) {
                costHits[id]++;
            }
            return m;
        }

        /** Scans each value of a field and marks the entries whose literal it contains. */
        private final class Scan implements Predicate<String>, AsciiAutomaton.Hits, ValueSink {
            FieldSearch field;

            @Override
            public boolean test(String value) {
                PatternScanner scanner = field.automaton();
                if (scanner != null) {
                    scanner.scan(value, this);
                }
                ExactSet whole = field.exact();
                if (whole != null) {
                    int p = whole.find(value);
                    if (p >= 0) {
                        hit(field.exactBase() + p);
                    }
                }
                return false;
            }

            @Override
            public void utf16(byte[] data, int off, int chars) {
                field.automaton().scanUtf16(data, off, chars, this);
            }

            @Override
            public boolean nonText() {
                return !field.textOnly();
            }

            @Override
            public void text(String value) {
                field.automaton().scan(value, this);
            }

            @Override
            public void ascii(byte[] bytes, int offset, int length) {
                field.automaton().scanAscii(bytes, offset, length, this);
            }

            @Override
            public void escapedAscii(byte[] bytes, int offset, int length) {
                field.escaped().scanAscii(bytes, offset, length, this);
            }

            @Override
            public boolean allEscapedAscii(byte[] bytes, int offset, int length) {
                PatternScanner escaped = field.escaped();
                if (escaped == null) {
                    return false;
                }
                escaped.scanAscii(bytes, offset, length, this);
                return true;
            }

            @Override
            public void hit(int pattern) {
                long[] bits = candidates;
                for (int i : field.patternEntries()[pattern]) {
                    bits[i >>> 6] |= 1L << i;
                }
            }
        }
    }

    public Evaluator evaluator() {
        return new Evaluator();
    }
}
