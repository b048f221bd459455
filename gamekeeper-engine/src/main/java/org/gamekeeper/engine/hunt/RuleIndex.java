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

    private RuleIndex(List<Entry> entries, Map<String, ChannelIndex> byChannel, ChannelIndex anyChannel, int skippedRules) {
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
            List<Integer> ids = e.target().eventIds().isEmpty() ? List.of(Integer.MIN_VALUE) : List.copyOf(e.target().eventIds());
            for (String c : channels) {
                for (Integer id : ids) {
                    grouped.computeIfAbsent(c, k -> new LinkedHashMap<>()).computeIfAbsent(id, k -> new ArrayList<>()).add(e);
                }
            }
        }
        Map<String, ChannelIndex> byChannel = new HashMap<>();
        ChannelIndex anyChannel = new ChannelIndex(Map.of(), null);
        for (Map.Entry<String, Map<Integer, List<Entry>>> g : grouped.entrySet()) {
            Map<Integer, Bucket> buckets = new HashMap<>();
            Bucket anyId = null;
            for (Map.Entry<Integer, List<Entry>> b : g.getValue().entrySet()) {
                Bucket bucket = Bucket.of(b.getValue());
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
        return new RuleIndex(entries, byChannel, anyChannel, skipped);
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

    /** Rules that apply to the same channel and EventID, with their prefilter automata. */
    static final class Bucket {
        final Entry[] entries;
        final boolean[] always;
        final String[] fields;
        final AsciiAutomaton[] automata;
        /** Per field: pattern index to the bucket-local indexes of the entries that need it. */
        final int[][][] patternEntries;

        private Bucket(Entry[] entries, boolean[] always, String[] fields, AsciiAutomaton[] automata, int[][][] patternEntries) {
            this.entries = entries;
            this.always = always;
            this.fields = fields;
            this.automata = automata;
            this.patternEntries = patternEntries;
        }

        static Bucket of(List<Entry> list) {
            Entry[] entries = list.toArray(new Entry[0]);
            boolean[] always = new boolean[entries.length];
            Map<String, LinkedHashMap<String, List<Integer>>> byField = new LinkedHashMap<>();
            for (int i = 0; i < entries.length; i++) {
                Prefilter p = entries[i].rule().prefilter();
                if (p.unconditional() || p.anchors().isEmpty()) {
                    always[i] = true;
                    continue;
                }
                for (Prefilter.Anchor a : p.anchors()) {
                    // Keyword searches (no field) look in every field: ANY_FIELD stands for them.
                    byField.computeIfAbsent(a.field() == null ? ANY_FIELD : a.field(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(asciiAnchor(a.literal()), k -> new ArrayList<>()).add(i);
                }
            }
            String[] fields = byField.keySet().toArray(new String[0]);
            AsciiAutomaton[] automata = new AsciiAutomaton[fields.length];
            int[][][] patternEntries = new int[fields.length][][];
            for (int f = 0; f < fields.length; f++) {
                LinkedHashMap<String, List<Integer>> lits = byField.get(fields[f]);
                List<String> patterns = new ArrayList<>(lits.keySet());
                automata[f] = AsciiAutomaton.build(patterns);
                patternEntries[f] = new int[patterns.size()][];
                for (int p = 0; p < patterns.size(); p++) {
                    patternEntries[f][p] = lits.get(patterns.get(p)).stream().mapToInt(Integer::intValue).distinct().toArray();
                }
            }
            return new Bucket(entries, always, fields, automata, patternEntries);
        }
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

    /** Per-thread evaluation state. Not thread-safe; one per worker. */
    public final class Evaluator {
        private final int[] stamp = new int[Math.max(1, largestBucket)];
        private int epoch;
        private final Scan scan = new Scan();

        /** Calls {@code onMatch} for every entry whose rule matches {@code e}, in index order per bucket. */
        public void evaluate(Event e, Consumer<Entry> onMatch) {
            String channel = e.channel();
            int eventId = e.eventId();
            if (channel != null) {
                ChannelIndex ci = byChannel.get(channel);
                if (ci == null) {
                    ci = byChannel.get(channel.toLowerCase(Locale.ROOT));
                }
                if (ci != null) {
                    run(ci.byEventId.get(eventId), e, onMatch);
                    run(ci.anyEventId, e, onMatch);
                }
            }
            run(anyChannel.byEventId.get(eventId), e, onMatch);
            run(anyChannel.anyEventId, e, onMatch);
        }

        private void run(Bucket b, Event e, Consumer<Entry> onMatch) {
            if (b == null) {
                return;
            }
            if (++epoch == Integer.MAX_VALUE) {
                java.util.Arrays.fill(stamp, 0);
                epoch = 1;
            }
            scan.bucket = b;
            for (int f = 0; f < b.fields.length; f++) {
                scan.field = f;
                if (b.fields[f] == ANY_FIELD) {
                    if (e instanceof EvtxEvent ev) {
                        ev.record().forEachText(scan);
                    } else {
                        e.anyFieldValue(scan);
                    }
                } else {
                    e.anyValue(b.fields[f], scan);
                }
            }
            Entry[] entries = b.entries;
            for (int i = 0; i < entries.length; i++) {
                if ((b.always[i] || stamp[i] == epoch) && entries[i].rule().matches(e)) {
                    onMatch.accept(entries[i]);
                }
            }
        }

        /** Scans each value of a field and stamps the entries whose literal it contains. */
        private final class Scan implements Predicate<String>, AsciiAutomaton.Hits, EventRecord.TextSink {
            Bucket bucket;
            int field;

            @Override
            public boolean test(String value) {
                bucket.automata[field].scan(value, this);
                return false;
            }

            @Override
            public void utf16(byte[] data, int off, int chars) {
                bucket.automata[field].scanUtf16(data, off, chars, this);
            }

            @Override
            public void text(String value) {
                bucket.automata[field].scan(value, this);
            }

            @Override
            public void hit(int pattern) {
                for (int i : bucket.patternEntries[field][pattern]) {
                    stamp[i] = epoch;
                }
            }
        }
    }

    public Evaluator evaluator() {
        return new Evaluator();
    }
}
