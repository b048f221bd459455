package org.gamekeeper.engine.hunt;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.EvtxEvent;
import org.gamekeeper.engine.source.EvtxSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.engine.source.Problem;
import org.gamekeeper.evtx.Chunk;
import org.gamekeeper.evtx.Damage;
import org.gamekeeper.evtx.EventRecord;
import org.gamekeeper.evtx.EvtxFile;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationEngine;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.correlation.Trip;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * One hunt: inputs are read on worker threads (EVTX by chunk; JSON by file on reader threads,
 * whose events are evaluated in batches on the workers), every event meets the rules the
 * {@link RuleIndex} finds for it, and alerts come out in input order. Matches of
 * rules that correlations refer to are kept as small snapshots and fed to the correlation
 * engine in event-time order at the end, so correlations work across files and hosts.
 */
public final class Hunt {

    /**
     * @param fromMillis only events at or after this time (Long.MIN_VALUE: no bound)
     * @param toMillis   only events at or before this time (Long.MAX_VALUE: no bound)
     * @param maxCorrelationMatches bound on kept correlation candidates; beyond it they are counted and dropped
     */
    public record Settings(int threads, long fromMillis, long toMillis, boolean carve, CorrelationLimits limits,
                           int maxCorrelationMatches) {
        public static Settings defaults(int threads) {
            return new Settings(threads, Long.MIN_VALUE, Long.MAX_VALUE, false, CorrelationLimits.defaults(), 2_000_000);
        }
    }

    /** Where results go, in order, on the calling thread. */
    public interface Sink {
        void alert(Alert alert);

        void problem(Problem problem);

        default void progress(long doneBytes) {
        }
    }

    /** What the hunt saw, for the closing summary. */
    public record Summary(long files, long events, long eventsInRange, int rulesRun, int entries, int rulesSkipped,
                          Map<String, Long> alertsByLevel, Map<String, Long> alertsByRule, Map<String, Long> alertsByHost,
                          Instant firstAlert, Instant lastAlert, long correlationAlerts, List<String> trips,
                          long droppedCorrelationMatches, long problems) {
        public long alerts() {
            long n = 0;
            for (long v : alertsByLevel.values()) {
                n += v;
            }
            return n;
        }
    }

    private static final List<String> DETAIL_FIELDS = List.of("CommandLine", "Image", "ParentImage", "ParentCommandLine",
            "User", "TargetUserName", "SubjectUserName", "TargetDomainName", "IpAddress", "LogonType", "TargetFilename",
            "TargetObject", "Details", "DestinationIp", "DestinationPort", "QueryName", "ServiceName", "ImagePath",
            "ScriptBlockText", "NewProcessName", "ParentProcessName", "ProcessName", "ObjectName", "ShareName",
            "RelativeTargetName", "TaskName", "PipeName", "ImageLoaded", "SourceImage", "TargetImage", "GrantedAccess");
    private static final int MAX_DETAILS = 8;
    private static final int MAX_DETAIL_CHARS = 1024;

    private final RuleIndex index;
    private final List<SigmaCorrelation> correlations;
    private final Settings settings;
    private final ThreadLocal<RuleIndex.Evaluator> evaluators;

    public Hunt(RuleIndex index, List<SigmaCorrelation> correlations, Settings settings) {
        this.index = index;
        this.correlations = correlations;
        this.settings = settings;
        this.evaluators = ThreadLocal.withInitial(index::evaluator);
        this.facts = new java.util.concurrent.atomic.AtomicReferenceArray<>(index.entries().size());
    }

    /** A match kept for the correlation engine: the rule entry and the event's fields, timed. */
    private record Candidate(RuleIndex.Entry entry, SnapshotEvent event, String ref) { }

    /** What one task produced. */
    private record Batch(List<Alert> alerts, List<Candidate> candidates, long events, long inRange, List<Problem> problems,
                         long bytes) { }

    /** Events per evaluation batch of a JSON file, at most. */
    private static final int JSON_BATCH_EVENTS = 256;
    /** JSON text per evaluation batch, at most (about). */
    private static final long JSON_BATCH_BYTES = 1 << 19;
    /**
     * Batches of all JSON files read but not yet handed on, at most, shared by the files in
     * flight (at most threads + 1): bounds memory (a batch is at most {@link #JSON_BATCH_BYTES}
     * of text). Results leave in file order, so the reader of the next file works ahead of the
     * oldest one only as far as its share allows; with three batches a file (the first version)
     * the readers took turns and parsing used one core. Batches waiting are what young
     * collections copy: with 64 (21 a file at two threads) a hunt of the OTRF exports paused
     * 260–310 ms for 39 collections, with 24 (8 a file) 196–220 ms for 32, in the same wall time.
     */
    private static final int JSON_BATCHES_AHEAD = 24;

    public Summary run(List<InputFile> inputs, Sink sink) throws InterruptedException {
        int threads = Math.max(1, settings.threads());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gamekeeper-hunt");
            t.setDaemon(true);
            return t;
        });
        // JSON files are read (inflated, parsed) on their own threads so that one large file
        // keeps every worker busy: its events go to the pool in batches as they are read.
        ExecutorService readers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "gamekeeper-read");
            t.setDaemon(true);
            return t;
        });
        Counts counts = new Counts();
        List<Candidate> candidates = new ArrayList<>();
        ArrayDeque<Pending> inFlight = new ArrayDeque<>();
        int window = Math.max(8, threads * 16);
        try {
            for (InputFile in : inputs) {
                if (in.kind() == InputKind.EVTX) {
                    EvtxSource.Opened opened;
                    try {
                        opened = EvtxSource.open(in);
                    } catch (IOException e) {
                        drain(inFlight, 0, sink, counts, candidates);
                        counts.problems++;
                        sink.problem(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage()));
                        continue;
                    }
                    counts.files++;
                    EvtxFile file = opened.file();
                    FileState state = new FileState(opened, Math.max(1, file.chunkSlots()));
                    List<Problem> header = new ArrayList<>();
                    for (Damage d : file.headerDamage()) {
                        header.add(EvtxSource.problem(in.name(), d));
                    }
                    if (file.chunkSlots() == 0) {
                        inFlight.add(new Pending(state, CompletableFuture.completedFuture(
                                new Batch(List.of(), List.of(), 0, 0, header, 0)), null));
                    }
                    for (int c = 0; c < file.chunkSlots(); c++) {
                        final int chunk = c;
                        final List<Problem> first = c == 0 ? header : List.of();
                        inFlight.add(new Pending(state, pool.submit(() -> evtxChunk(file, chunk, first)), null));
                        drain(inFlight, window, sink, counts, candidates);
                    }
                } else if (in.kind() == InputKind.JSON) {
                    counts.files++;
                    // files read ahead hold their batches: only a few at a time, for bounded memory
                    while (jsonFiles(inFlight) > threads) {
                        drain(inFlight, inFlight.size() - 1, sink, counts, candidates);
                    }
                    JsonFile file = new JsonFile(Math.max(3, JSON_BATCHES_AHEAD / (threads + 1)));
                    readers.execute(() -> json(in, file, pool));
                    inFlight.add(new Pending(null, null, file));
                    drain(inFlight, window, sink, counts, candidates);
                }
            }
            drain(inFlight, 0, sink, counts, candidates);
        } finally {
            readers.shutdownNow();
            pool.shutdownNow();
            for (Pending p : inFlight) {
                if (p.file != null) {
                    p.file.close();
                }
            }
        }
        List<String> trips = new ArrayList<>();
        correlate(candidates, sink, counts, trips);
        return new Summary(counts.files, counts.events, counts.inRange, distinctRules(), index.entries().size(), index.skippedRules(),
                counts.byLevel, top(counts.byRule, 10), top(counts.byHost, 10), counts.first, counts.last,
                counts.correlationAlerts, trips, counts.droppedCandidates, counts.problems);
    }

    private int distinctRules() {
        java.util.Set<Object> rules = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (RuleIndex.Entry e : index.entries()) {
            rules.add(e.rule().rule());
        }
        return rules.size();
    }

    private static Map<String, Long> top(Map<String, Long> counts, int n) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Running totals, touched only by the calling thread. */
    private static final class Counts {
        long files;
        long events;
        long inRange;
        long problems;
        long correlationAlerts;
        long droppedCandidates;
        long bytes;
        Instant first;
        Instant last;
        final Map<String, Long> byLevel = new TreeMap<>();
        final Map<String, Long> byRule = new HashMap<>();
        final Map<String, Long> byHost = new HashMap<>();

        void count(Alert a) {
            byLevel.merge(a.level(), 1L, Long::sum);
            byRule.merge(a.ruleTitle(), 1L, Long::sum);
            if (a.computer() != null) {
                byHost.merge(a.computer(), 1L, Long::sum);
            }
            if (a.timestamp() != null) {
                if (first == null || a.timestamp().isBefore(first)) {
                    first = a.timestamp();
                }
                if (last == null || a.timestamp().isAfter(last)) {
                    last = a.timestamp();
                }
            }
        }
    }

    /** An open EVTX input and how many of its chunks are still in flight. */
    private static final class FileState {
        final EvtxSource.Opened opened;
        int remaining;

        FileState(EvtxSource.Opened opened, int remaining) {
            this.opened = opened;
            this.remaining = remaining;
        }

        void close() {
            try {
                opened.close();
            } catch (IOException e) {
                // a failure to close a read-only file loses nothing
            }
        }
    }

    /** One JSON file in flight: its batches in order, as the reader hands them on, then {@link #END}. */
    private static final class JsonFile {
        static final Future<Batch> END = CompletableFuture.completedFuture(null);
        final java.util.concurrent.BlockingQueue<Future<Batch>> batches = new java.util.concurrent.LinkedBlockingQueue<>();
        final java.util.concurrent.Semaphore ahead;

        JsonFile(int batchesAhead) {
            ahead = new java.util.concurrent.Semaphore(batchesAhead);
        }
    }

    /** An EVTX chunk ({@code result}) or a JSON file ({@code json}) whose results are still to come out. */
    private record Pending(FileState file, Future<Batch> result, JsonFile json) { }

    private static int jsonFiles(ArrayDeque<Pending> inFlight) {
        int n = 0;
        for (Pending p : inFlight) {
            if (p.json != null) {
                n++;
            }
        }
        return n;
    }

    private static Batch await(Future<Batch> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void drain(ArrayDeque<Pending> inFlight, int keep, Sink sink, Counts counts, List<Candidate> candidates)
            throws InterruptedException {
        while (inFlight.size() > keep) {
            Pending p = inFlight.poll();
            if (p.json != null) {
                for (Future<Batch> f = p.json.batches.take(); f != JsonFile.END; f = p.json.batches.take()) {
                    Batch b = await(f);
                    p.json.ahead.release();
                    take(b, sink, counts, candidates);
                }
                continue;
            }
            take(await(p.result), sink, counts, candidates);
            if (p.file != null && --p.file.remaining == 0) {
                p.file.close();
            }
        }
    }

    /** Hands on what one task produced, in order. */
    private void take(Batch b, Sink sink, Counts counts, List<Candidate> candidates) {
        counts.events += b.events;
        counts.inRange += b.inRange;
        counts.bytes += b.bytes;
        for (Problem pr : b.problems) {
            counts.problems++;
            sink.problem(pr);
        }
        for (Alert a : b.alerts) {
            counts.count(a);
            sink.alert(a);
        }
        for (Candidate c : b.candidates) {
            if (candidates.size() < settings.maxCorrelationMatches()) {
                candidates.add(c);
            } else {
                counts.droppedCandidates++;
            }
        }
        sink.progress(counts.bytes);
    }

    private Batch evtxChunk(EvtxFile file, int chunk, List<Problem> first) throws IOException {
        Chunk c = file.readChunk(chunk, settings.carve());
        List<Problem> problems = new ArrayList<>(first);
        for (Damage d : c.damage()) {
            problems.add(EvtxSource.problem(file.name(), d));
        }
        Collector col = new Collector();
        for (EventRecord r : c.records()) {
            col.accept(new EvtxEvent(r));
        }
        return new Batch(col.alerts, col.candidates, col.events, col.inRange, problems, org.gamekeeper.evtx.ChunkHeader.SIZE);
    }

    /**
     * Reads one JSON file on a reader thread and hands its events to the pool in batches, in
     * order, at most its share of {@link #JSON_BATCHES_AHEAD} ahead of the thread that takes the results.
     * Problems travel with the batch of the events read after them.
     */
    private void json(InputFile in, JsonFile file, ExecutorService pool) {
        try {
            List<Event> events = new ArrayList<>(JSON_BATCH_EVENTS);
            List<Problem> problems = new ArrayList<>();
            java.util.function.Consumer<Event> batcher = e -> {
                events.add(e);
                if (events.size() >= JSON_BATCH_EVENTS || e.offset() - events.get(0).offset() >= JSON_BATCH_BYTES) {
                    hand(file, pool, new ArrayList<>(events), new ArrayList<>(problems), 0);
                    events.clear();
                    problems.clear();
                }
            };
            new JsonSource().read(in, batcher, problems::add);
            long size;
            try {
                size = java.nio.file.Files.size(in.path());
            } catch (IOException e) {
                size = 0;
            }
            hand(file, pool, events, problems, size);
        } catch (Stop stopped) {
            // the hunt is over (failed elsewhere or interrupted): nobody takes these batches
        } catch (RuntimeException | Error bug) {
            file.batches.add(CompletableFuture.failedFuture(bug));
        }
        file.batches.add(JsonFile.END);
    }

    /** The hunt stopped while a reader waited to hand on a batch. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private void hand(JsonFile file, ExecutorService pool, List<Event> events, List<Problem> problems, long bytes) {
        try {
            file.ahead.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stop();
        }
        Future<Batch> f;
        try {
            f = pool.submit(() -> {
                Collector col = new Collector();
                for (Event e : events) {
                    col.accept(e);
                }
                return new Batch(col.alerts, col.candidates, col.events, col.inRange, problems, bytes);
            });
        } catch (java.util.concurrent.RejectedExecutionException shutDown) {
            throw new Stop();
        }
        file.batches.add(f);
    }

    /** Evaluates events on a worker thread and gathers what they produce. */
    private final class Collector {
        final List<Alert> alerts = new ArrayList<>(4);
        final List<Candidate> candidates = new ArrayList<>(0);
        long events;
        long inRange;
        private Event current;
        private final RuleIndex.Evaluator evaluator = evaluators.get();
        private final java.util.function.Consumer<RuleIndex.Entry> onMatch = this::matched;
        private final boolean bounded = settings.fromMillis() != Long.MIN_VALUE || settings.toMillis() != Long.MAX_VALUE;

        void accept(Event e) {
            events++;
            if (bounded) { // else the time is read only for what matches (reading it means parsing it)
                long t = e.timestampMillis();
                if (t != Long.MIN_VALUE && (t < settings.fromMillis() || t > settings.toMillis())) {
                    return;
                }
            }
            inRange++;
            current = e;
            evaluator.evaluate(e, onMatch);
            current = null;
        }

        private void matched(RuleIndex.Entry entry) {
            Event e = current;
            if (entry.alerts()) {
                alerts.add(alert(entry, e));
            }
            if (entry.correlated()) {
                candidates.add(new Candidate(entry, SnapshotEvent.of(e, entry.target().renames()), e.ref()));
            }
        }
    }

    /**
     * What every alert of one rule entry shares, worked out on its first alert: a rule that
     * fires on a fifth of all events (the corpus has such) should not redo this each time.
     */
    private record RuleFacts(String id, String title, String author, String source, String level, List<String> tags,
                             List<String> attack, String[] detailNames, String[] detailFields) { }

    /** By entry id; filled on first alert (racing threads compute the same facts). */
    private final java.util.concurrent.atomic.AtomicReferenceArray<RuleFacts> facts;

    private RuleFacts facts(RuleIndex.Entry entry) {
        RuleFacts f = facts.get(entry.id());
        if (f == null) {
            SigmaRule rule = entry.rule().rule();
            var m = rule.metadata();
            Map<String, String> names = new LinkedHashMap<>();
            for (String field : m.fields()) {
                names.putIfAbsent(field, entry.target().renames().getOrDefault(field, field));
            }
            for (String field : DETAIL_FIELDS) {
                names.putIfAbsent(field, field);
            }
            f = new RuleFacts(m.id() != null ? m.id() : m.reference(), m.title(), m.author(), source(rule), level(m.level()),
                    List.copyOf(m.tags()), List.copyOf(attack(m.tags())), names.keySet().toArray(new String[0]),
                    names.values().toArray(new String[0]));
            facts.set(entry.id(), f);
        }
        return f;
    }

    private Alert alert(RuleIndex.Entry entry, Event e) {
        RuleFacts f = facts(entry);
        long t = e.timestampMillis();
        Instant ts = t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t);
        Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i < f.detailNames().length && details.size() < MAX_DETAILS; i++) {
            String v = e.field(f.detailFields()[i]);
            if (v != null && !v.isEmpty() && !v.equals("-")) {
                details.put(f.detailNames()[i], v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) + "…" : v);
            }
        }
        long rid = e.recordId();
        long line = e.line();
        int eid = e.eventId();
        return new Alert(ts, f.id(), f.title(), f.author(), f.source(), f.level(), f.tags(), f.attack(), e.computer(), e.channel(),
                eid < 0 ? null : eid, rid >= 0 ? rid : null, rid >= 0 || line < 0 ? null : line, e.file(), details,
                List.of(e.ref()), "rule", 1, ts, ts);
    }

    private static String level(Object level) {
        return level == null ? "informational" : level.toString().toLowerCase(Locale.ROOT);
    }

    private String source(SigmaRule rule) {
        String file = rule.location() == null ? null : rule.location().file();
        return file == null ? "unknown" : file;
    }

    /** ATT&CK technique ids from Sigma tags: {@code attack.t1003.003} becomes {@code T1003.003}. */
    static List<String> attack(List<String> tags) {
        List<String> out = new ArrayList<>();
        for (String t : tags) {
            String l = t.toLowerCase(Locale.ROOT);
            if (l.startsWith("attack.t") && l.length() > 9 && Character.isDigit(l.charAt(8))) {
                out.add(l.substring(7).toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private void correlate(List<Candidate> candidates, Sink sink, Counts counts, List<String> trips) {
        if (correlations.isEmpty() || candidates.isEmpty()) {
            return;
        }
        candidates.sort(Comparator.comparingLong(c -> c.event.timestampMillis()));
        CorrelationEngine engine = new CorrelationEngine(correlations, settings.limits());
        List<Alert> out = new ArrayList<>();
        for (Candidate c : candidates) {
            engine.accept(c.entry.rule(), c.event, c.ref);
            engine.drain().forEach(a -> out.add(correlationAlert(a, candidates)));
        }
        engine.flush();
        engine.drain().forEach(a -> out.add(correlationAlert(a, candidates)));
        for (Trip t : engine.trips()) {
            trips.add(t.toString());
        }
        out.sort(Comparator.comparing(Alert::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (Alert a : out) {
            counts.correlationAlerts++;
            counts.count(a);
            sink.alert(a);
        }
    }

    private Alert correlationAlert(CorrelationAlert a, List<Candidate> candidates) {
        var c = a.correlation();
        var m = c.metadata();
        List<String> refs = new ArrayList<>();
        for (Object r : a.eventRefs()) {
            refs.add(String.valueOf(r));
        }
        Map<String, String> details = new LinkedHashMap<>(a.group());
        details.put("correlation", c.type().toString().toLowerCase(Locale.ROOT));
        details.put("value", a.value() == Math.rint(a.value()) ? Long.toString((long) a.value()) : Double.toString(a.value()));
        String first = refs.isEmpty() ? null : refs.get(0);
        String file = first == null ? null : first.substring(0, Math.max(0, first.lastIndexOf('#')));
        String computer = a.group().get("Computer");
        return new Alert(Instant.ofEpochMilli(a.firstMillis()), m.id() != null ? m.id() : m.reference(), m.title(), m.author(),
                c.location() == null ? "unknown" : c.location().file(), level(m.level()), m.tags(), attack(m.tags()),
                computer, null, null, null, null, file, details, refs, "correlation", refs.size(),
                Instant.ofEpochMilli(a.firstMillis()), Instant.ofEpochMilli(a.lastMillis()));
    }

    /** A small copy of an event's fields, answering both event names and Sigma names (renames). */
    static final class SnapshotEvent implements SigmaEvent {
        private final Map<String, String> fields;
        private final long time;

        private SnapshotEvent(Map<String, String> fields, long time) {
            this.fields = fields;
            this.time = time;
        }

        static SnapshotEvent of(Event e, Map<String, String> renames) {
            Map<String, String> f = new HashMap<>();
            e.forEachField((k, v) -> f.putIfAbsent(k, v));
            // Flat JSON exports name the host Hostname; correlations group by Computer (issue 20).
            String computer = e.computer();
            if (computer != null) {
                f.putIfAbsent("Computer", computer);
            }
            for (Map.Entry<String, String> r : renames.entrySet()) {
                String v = e.field(r.getValue());
                if (v != null) {
                    f.put(r.getKey(), v);
                }
            }
            return new SnapshotEvent(f, e.timestampMillis());
        }

        @Override
        public String field(String name) {
            return fields.get(name);
        }

        @Override
        public void forEachField(BiConsumer<String, String> sink) {
            fields.forEach(sink);
        }

        @Override
        public long timestampMillis() {
            return time;
        }
    }
}
