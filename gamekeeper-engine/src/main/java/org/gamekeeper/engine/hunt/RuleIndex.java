package org.gamekeeper.engine.hunt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.EvtxEvent;
import org.gamekeeper.engine.source.JsonValues;
import org.gamekeeper.evtx.EventRecord;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.Prefilter;
import org.gamekeeper.sigma.compile.RuleCompiler;

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
        Map<List<String>, PatternScanner> scanners = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> correlatedRefs = new java.util.HashSet<>();
        set.correlations().forEach(c -> correlatedRefs.addAll(c.rules()));
        List<Entry> entries = new ArrayList<>();
        Map<Map<String, String>, RuleCompiler> compilers = new HashMap<>();
        int skipped = 0;
        for (CompiledRule r : rules) {
            List<LogSourceMapping.Target> targets = mapping.targets(r.logSource());
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
        Map<String, Map<Integer, List<Entry>>> grouped = new LinkedHashMap<>();
        final String any = "\u0000any";
        for (Entry e : entries) {
            List<String> channels = e.target().channels().isEmpty() ? List.of(any)
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
            if (g.getKey().equals(any)) {
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
        java.util.Set<Long> required = rule.requiredIntegers("EventID");
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

    /** The prefilter key of keyword anchors, whose literal may be in any field of the event. */
    static final String ANY_FIELD = "\u0000any field";

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
            java.util.Set<Entry> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
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

    /** What a bucket searches: per field, one scanner over the literals its entries need. */
    static int words(int entries) {
        return (entries + 63) >>> 6;
    }

    static final class Search {
        /** Entries without a usable literal, as bits: always candidates. */
        final long[] always;
        final String[] fields;
        final PatternScanner[] automata;
        /** Per field: pattern index to the bucket-local indexes of the entries that need it. */
        final int[][][] patternEntries;
        /** Per field: its literals cannot show in values other than strings (see PatternScanner.textOnly). */
        final boolean[] textOnly;
        /**
         * Per field searched in every value ({@link #ANY_FIELD}): the same literals (same
         * indexes) as JSON escapes them, for values read as their JSON bytes
         * ({@link JsonValues.Sink#escapedAscii}); else null.
         */
        final PatternScanner[] escaped;
        /**
         * Per field: the literals of its equality tests, looked up as whole values (their
         * pattern indexes follow those of {@link #automata}), or null; then {@link #automata}
         * may be null too, when the field has no other literal.
         */
        final ExactSet[] exact;
        /** Per field: the pattern index of its first exact literal (the number of the others). */
        final int[] exactBase;

        private Search(long[] always, String[] fields, PatternScanner[] automata, int[][][] patternEntries, boolean[] textOnly,
                       PatternScanner[] escaped, ExactSet[] exact, int[] exactBase) {
            this.always = always;
            this.fields = fields;
            this.automata = automata;
            this.patternEntries = patternEntries;
            this.textOnly = textOnly;
            this.escaped = escaped;
            this.exact = exact;
            this.exactBase = exactBase;
        }

        static Search of(Entry[] entries, Map<List<String>, PatternScanner> scanners) {
            long[] always = new long[words(entries.length)];
            Map<String, LinkedHashMap<String, List<Integer>>> byField = new LinkedHashMap<>();
            Map<String, Map<String, List<Integer>>> exactByField = new LinkedHashMap<>();
            for (int i = 0; i < entries.length; i++) {
                Prefilter p = entries[i].rule().prefilter();
                if (p.unconditional() || p.anchors().isEmpty()) {
                    always[i >>> 6] |= 1L << i;
                    continue;
                }
                for (Prefilter.Anchor a : p.anchors()) {
                    // Keyword searches (no field) look in every field: ANY_FIELD stands for them.
                    String field = a.field() == null ? ANY_FIELD : a.field();
                    if (a.exact() && a.field() != null && ExactSet.accepts(a.literal())) {
                        byField.computeIfAbsent(field, k -> new LinkedHashMap<>()); // the field's place in the order
                        exactByField.computeIfAbsent(field, k -> new LinkedHashMap<>())
                                .computeIfAbsent(a.literal(), k -> new ArrayList<>()).add(i);
                    } else {
                        byField.computeIfAbsent(field, k -> new LinkedHashMap<>())
                                .computeIfAbsent(asciiAnchor(a.literal()), k -> new ArrayList<>()).add(i);
                    }
                }
            }
            String[] fields = byField.keySet().toArray(new String[0]);
            PatternScanner[] automata = new PatternScanner[fields.length];
            int[][][] patternEntries = new int[fields.length][][];
            boolean[] textOnly = new boolean[fields.length];
            PatternScanner[] escaped = new PatternScanner[fields.length];
            ExactSet[] exact = new ExactSet[fields.length];
            int[] exactBase = new int[fields.length];
            for (int f = 0; f < fields.length; f++) {
                LinkedHashMap<String, List<Integer>> lits = byField.get(fields[f]);
                List<String> patterns = List.copyOf(lits.keySet());
                Map<String, List<Integer>> whole = exactByField.getOrDefault(fields[f], Map.of());
                List<String> values = List.copyOf(whole.keySet());
                textOnly[f] = PatternScanner.textOnly(patterns);
                if (!patterns.isEmpty()) {
                    automata[f] = scanners.computeIfAbsent(patterns, PatternScanner::of);
                }
                if (!values.isEmpty()) {
                    exact[f] = ExactSet.of(values);
                    exactBase[f] = patterns.size();
                }
                if (fields[f] == ANY_FIELD) {
                    List<String> asJson = patterns.stream().map(RuleIndex::jsonEscaped).toList();
                    escaped[f] = asJson.equals(patterns) ? automata[f] : scanners.computeIfAbsent(asJson, PatternScanner::of);
                }
                patternEntries[f] = new int[patterns.size() + values.size()][];
                for (int p = 0; p < patterns.size(); p++) {
                    patternEntries[f][p] = distinct(lits.get(patterns.get(p)));
                }
                for (int p = 0; p < values.size(); p++) {
                    patternEntries[f][patterns.size() + p] = distinct(whole.get(values.get(p)));
                }
            }
            return new Search(always, fields, automata, patternEntries, textOnly, escaped, exact, exactBase);
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
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        }
    }

    /**
     * A folded ASCII literal as JSON writes it when it uses only the escapes of
     * {@link JsonValues.Sink#escapedAscii}: a quote, a backslash and the control characters with
     * a one-letter escape take two characters. Any other control character would be a
     * {@code \\u} escape, which such values never hold: it stays as it is, so the literal is found
     * in none of them, as none of them holds it. The non-ASCII marker stays too: such values are ASCII.
     */
    static String jsonEscaped(String literal) {
        if (literal.equals(AsciiAutomaton.NON_ASCII)) {
            return literal;
        }
        StringBuilder out = null;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            String e = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            if (e != null && out == null) {
                out = new StringBuilder(literal.length() + 8).append(literal, 0, i);
            }
            if (out != null) {
                if (e != null) {
                    out.append(e);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? literal : out.toString();
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
    private static final String NO_CHANNEL = "\u0000no channel";
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.ConcurrentHashMap<Integer, Bucket>> merged =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger mergedCount = new java.util.concurrent.atomic.AtomicInteger();
    /** Scanners by pattern list, shared between merged buckets that search a field for the same literals. */
    private final Map<List<String>, PatternScanner> scanners;

    /**
     * Every rule an event of this channel and EventID meets, as one bucket: the bucket of the
     * channel and EventID, of the channel, of the EventID on any channel, and of any event, in
     * that order, with one automaton per field, so each field is searched once per event whatever
     * the number of buckets. Built on first use; null once the cache is full.
     */
    Bucket merged(String channel, int eventId) {
        String key = channel == null ? NO_CHANNEL : channel;
        var byId = merged.get(key);
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
            byId = merged.computeIfAbsent(key, k -> new java.util.concurrent.ConcurrentHashMap<>());
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
        parts.removeIf(java.util.Objects::isNull);
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
        all.sort(java.util.Comparator.comparingInt(Entry::id)); // rule order, whatever the buckets
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
            return o instanceof EntryIds other && java.util.Arrays.equals(ids, other.ids);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(ids);
        }
    }

    /**
     * Merged buckets by their entries: events that meet the same rules share one bucket and its
     * search, built once (a channel exporters write in two cases, Security and security, is two
     * keys of {@link #merged} but the same rules).
     */
    private final java.util.concurrent.ConcurrentHashMap<EntryIds, Bucket> byEntries = new java.util.concurrent.ConcurrentHashMap<>();

    /** Per-thread evaluation state. Not thread-safe; one per worker. */
    public final class Evaluator {
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
            scan.search = search;
            for (int f = 0; f < search.fields.length; f++) {
                scan.field = f;
                if (search.fields[f] == ANY_FIELD) {
                    if (e instanceof EvtxEvent ev) {
                        ev.record().forEachText(scan);
                    } else if (e instanceof JsonValues j) {
                        j.forEachValue(scan);
                    } else {
                        e.anyFieldValue(scan);
                    }
                } else {
                    e.anyValue(search.fields[f], scan);
                }
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
                    if (entries[i].rule().matches(e)) {
                        onMatch.accept(entries[i]);
                    }
                }
            }
        }

        /** Scans each value of a field and marks the entries whose literal it contains. */
        private final class Scan implements Predicate<String>, AsciiAutomaton.Hits, EventRecord.TextSink, JsonValues.Sink {
            Search search;
            int field;

            @Override
            public boolean test(String value) {
                PatternScanner scanner = search.automata[field];
                if (scanner != null) {
                    scanner.scan(value, this);
                }
                ExactSet whole = search.exact[field];
                if (whole != null) {
                    int p = whole.find(value);
                    if (p >= 0) {
                        hit(search.exactBase[field] + p);
                    }
                }
                return false;
            }

            @Override
            public void utf16(byte[] data, int off, int chars) {
                search.automata[field].scanUtf16(data, off, chars, this);
            }

            @Override
            public boolean nonText() {
                return !search.textOnly[field];
            }

            @Override
            public void text(String value) {
                search.automata[field].scan(value, this);
            }

            @Override
            public void ascii(byte[] bytes, int offset, int length) {
                search.automata[field].scanAscii(bytes, offset, length, this);
            }

            @Override
            public void escapedAscii(byte[] bytes, int offset, int length) {
                search.escaped[field].scanAscii(bytes, offset, length, this);
            }

            @Override
            public void hit(int pattern) {
                long[] bits = candidates;
                for (int i : search.patternEntries[field][pattern]) {
                    bits[i >>> 6] |= 1L << i;
                }
            }
        }
    }

    public Evaluator evaluator() {
        return new Evaluator();
    }
}
