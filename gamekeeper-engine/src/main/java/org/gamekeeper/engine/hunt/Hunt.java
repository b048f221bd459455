package org.gamekeeper.engine.hunt;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Alerts;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.batch.OrderedBatches;
import org.gamekeeper.engine.batch.StreamedInput;
import org.gamekeeper.engine.correlate.Correlations;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.source.AlertSource;
import org.gamekeeper.engine.source.EventSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.SigmaCorrelation;

/**
 * One hunt, the pipeline wired in one place:
 * <pre>
 *   inputs ─▶ sources ─▶ ordered batches ─▶ detection (mapping, rule index) ─▶ alerts ─▶ rarity ─┬─▶ sink, in input order
 *   (files)   (source)   (batch: workers)   (detect, per event, any thread)   (alert)   (baseline)└─▶ correlations (correlate) ─▶ sink
 *   mail etc. ─▶ alert sources ──────────────────────────────────────────────────────────────────┘
 * </pre>
 * Events are read and evaluated on worker threads; results (alerts, problems, counts) come out
 * in input order on the calling thread; matches of rules that correlations refer to are kept
 * small and run through the correlations in event-time order at the end, so correlations work
 * across files and hosts. Alert sources (mail) take their turn among the inputs. The rarity
 * stage, when given, sees each event with its rule alerts on the worker, and keeps one rarity
 * alert per host and behaviour in input order; without a baseline its findings come at the end.
 */
public final class Hunt {

    /**
     * @param fromMillis            only events at or after this time (Long.MIN_VALUE: no bound)
     * @param toMillis              only events at or before this time (Long.MAX_VALUE: no bound)
     * @param maxCorrelationMatches bound on kept correlation candidates; beyond it they are counted and dropped
     * @param zonelessTimes         the zone of event times written without one; null for UTC
     * @param entities              whether rule alerts carry their event's identity fields
     *                              ({@link Alert#entities()}, what incidents group by)
     */
    public record Settings(int threads, long fromMillis, long toMillis, boolean carve, CorrelationLimits limits,
                           int maxCorrelationMatches, ZoneId zonelessTimes, boolean entities) {
        public static Settings defaults(int threads) {
            return new Settings(threads, Long.MIN_VALUE, Long.MAX_VALUE, false, CorrelationLimits.defaults(), 2_000_000, null, true);
        }

        public Settings withTimeRange(long from, long to) {
            return new Settings(threads, from, to, carve, limits, maxCorrelationMatches, zonelessTimes, entities);
        }

        public Settings withCarve(boolean c) {
            return new Settings(threads, fromMillis, toMillis, c, limits, maxCorrelationMatches, zonelessTimes, entities);
        }

        /** Event times written without a zone (NXLog's EventTime) are times of {@code zone}; null for UTC. */
        public Settings withZonelessTimesIn(ZoneId zone) {
            return new Settings(threads, fromMillis, toMillis, carve, limits, maxCorrelationMatches, zone, entities);
        }

        /**
         * Rule alerts without their event's identity fields (empty {@link Alert#entities()}): for a
         * hunt that writes its alerts and groups none into incidents, where the alert output never
         * shows them and reading 24 fields of every alerting event cost a few per cent of the run.
         */
        public Settings withoutEntities() {
            return new Settings(threads, fromMillis, toMillis, carve, limits, maxCorrelationMatches, zonelessTimes, false);
        }
    }

    /** Where results go, in order, on the calling thread. */
    public interface Sink {
        void alert(Alert alert);

        void problem(Problem problem);

        default void progress(long doneBytes) {
        }
    }

    /**
     * What the hunt saw, for the closing summary.
     *
     * @param untimed        per input file, events whose time could not be read (they pass --from/--to
     *                       and correlations never see them)
     * @param eventsWithHits events that gave at least one alert (rule or IOC; correlations aside)
     */
    public record Summary(long files, long events, long eventsInRange, int rulesRun, int entries, int rulesSkipped,
                          Map<Level, Long> alertsByLevel, Map<String, Long> alertsByRule, Map<String, Long> alertsByHost,
                          Instant firstAlert, Instant lastAlert, long correlationAlerts, List<String> trips,
                          long droppedCorrelationMatches, long problems, Map<Alert.Kind, Long> alertsByKind,
                          Map<String, Long> untimed, long eventsWithHits) {
        public long alerts() {
            long n = 0;
            for (long v : alertsByLevel.values()) {
                n += v;
            }
            return n;
        }
    }

    /**
     * Batches of all streamed inputs read but not yet handed on, at most, shared by the inputs in
     * flight (at most threads + 1): bounds memory (a batch is at most {@link StreamedInput#BATCH_BYTES}
     * of text). Results leave in input order, so the reader of the next input works ahead of the
     * oldest one only as far as its share allows; with three batches an input the readers took
     * turns and parsing used one core. Batches waiting are what young collections copy: with 64
     * (21 an input at two threads) a hunt of the OTRF exports paused 260–310 ms for 39
     * collections, with 24 (8 an input) 196–220 ms for 32, in the same wall time.
     */
    private static final int STREAM_BATCHES_AHEAD = 24;

    private final RuleIndex index;
    private final IocLibrary ioc;
    private final Settings settings;
    private final Sources sources;
    private final Detection detection;
    private final ThreadLocal<Detection.Evaluator> evaluators;
    private final RarityStage rarity;

    public Hunt(RuleIndex index, List<SigmaCorrelation> correlations, Settings settings) {
        this(index, correlations, settings, null, null);
    }

    /**
     * A hunt that also sweeps every event for the indicators of {@code ioc} (null: none), as
     * {@code kind: ioc} alerts, and whose rule alerts then pass through {@code rarity} (null: none),
     * the stage after rule evaluation.
     */
    public Hunt(RuleIndex index, List<SigmaCorrelation> correlations, Settings settings, IocLibrary ioc, RarityStage rarity) {
        this.ioc = ioc == null || ioc.isEmpty() ? null : ioc;
        this.rarity = rarity;
        this.index = index;
        this.settings = settings;
        this.sources = new Sources(settings.carve(), settings.zonelessTimes());
        this.detection = new Detection(index, new Correlations(correlations, settings.limits(),
                settings.maxCorrelationMatches(), index.entries().size()), settings.entities());
        this.evaluators = ThreadLocal.withInitial(detection::evaluator);
    }

    /** What one piece of work produced. */
    private record Batch(List<Alert> alerts, List<Rare> rare, List<Correlations.Match> matches, long events, long inRange,
                         long untimed, List<Problem> problems, long bytes, String file, long withHits) { }

    /** An event for the rarity stage's ordered step, whose alerts go before {@code alerts[at]}. */
    private record Rare(int at, RarityStage.Observed observed) { }

    /** Hunts event inputs only. */
    public Summary run(List<InputFile> inputs, Sink sink) throws InterruptedException {
        return run(inputs, List.of(), sink);
    }

    /**
     * Hunts {@code inputs}; inputs of a kind no event source reads go to the first alert source
     * that {@link AlertSource#reads reads} them, in their turn.
     */
    public Summary run(List<InputFile> inputs, List<AlertSource> alertSources, Sink sink) throws InterruptedException {
        int threads = Math.max(1, settings.threads());
        Counts counts = new Counts();
        Correlations.Run corr = detection.correlations().start();
        try (OrderedBatches<Batch> batches = new OrderedBatches<>("hunt", threads, Math.max(8, threads * 16),
                b -> take(b, sink, counts, corr))) {
            for (InputFile in : inputs) {
                EventSource source = sources.of(in.kind());
                if (source != null) {
                    counts.files++;
                    add(batches, in, source, threads);
                    continue;
                }
                for (AlertSource a : alertSources) {
                    if (a.reads(in)) {
                        counts.files++;
                        batches.submit(1, () -> alerts(a, in), null);
                        break;
                    }
                }
            }
            batches.finish();
        } catch (IOException e) {
            throw new IllegalStateException("taking a hunt's results cannot fail on I/O", e);
        }
        List<Alert> correlated = corr.correlate();
        for (Alert a : correlated) {
            counts.correlationAlerts++;
            counts.count(a);
            sink.alert(a);
        }
        if (rarity != null) { // without a baseline, rarity is known only now
            for (Alert a : rarity.finish()) {
                counts.count(a);
                sink.alert(a);
            }
        }
        return new Summary(counts.files, counts.events, counts.inRange, distinctRules(), index.entries().size(),
                index.skippedRules(), counts.byLevel, top(counts.byRule, 10), top(counts.byHost, 10), counts.first, counts.last,
                counts.correlationAlerts, corr.trips(), corr.dropped(), counts.problems, counts.byKind, counts.untimed, counts.withHits);
    }

    private void add(OrderedBatches<Batch> batches, InputFile in, EventSource source, int threads)
            throws IOException, InterruptedException {
        EventSource.Pieces pieces;
        try {
            pieces = source.pieces(in);
        } catch (IOException e) {
            batches.done(problemBatch(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage())));
            return;
        }
        if (pieces == null) {
            batches.stream(Math.max(3, STREAM_BATCHES_AHEAD / (threads + 1)), threads, out -> stream(in, source, out));
            return;
        }
        if (pieces.count() == 0) {
            batches.submit(1, () -> new Batch(List.of(), List.of(), List.of(), 0, 0, 0, pieces.problems(), 0, in.name(), 0), pieces);
            return;
        }
        for (int p = 0; p < pieces.count(); p++) {
            final int piece = p;
            final List<Problem> first = p == 0 ? pieces.problems() : List.of();
            batches.submit(1, () -> piece(in, pieces, piece, first), p == pieces.count() - 1 ? pieces : null);
        }
    }

    private static Batch problemBatch(Problem p) {
        return new Batch(List.of(), List.of(), List.of(), 0, 0, 0, List.of(p), 0, p.file(), 0);
    }

    private Batch piece(InputFile in, EventSource.Pieces pieces, int piece, List<Problem> first) throws IOException {
        Collector col = new Collector();
        List<Problem> problems = new ArrayList<>(first);
        pieces.read(piece, col::accept, problems::add);
        return col.batch(problems, pieces.bytes(piece), in.name());
    }

    /**
     * Reads a streamed input on a reader thread and hands its events to the workers in batches.
     * Problems travel with the batch of the events read after them.
     */
    private void stream(InputFile in, EventSource source, OrderedBatches.Stream<Batch> out) {
        StreamedInput.read(in, source, (events, problems, bytes) -> hand(out, events, problems, bytes, in.name()));
    }

    private void hand(OrderedBatches.Stream<Batch> out, List<Event> events, List<Problem> problems, long bytes, String file) {
        out.hand(() -> {
            Collector col = new Collector();
            for (Event e : events) {
                col.accept(e);
            }
            return col.batch(problems, bytes, file);
        });
    }

    private Batch alerts(AlertSource source, InputFile in) {
        List<Alert> alerts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        source.read(in, a -> {
            long t = a.timestamp() == null ? Long.MIN_VALUE : a.timestamp().toEpochMilli();
            if (t == Long.MIN_VALUE || t >= settings.fromMillis() && t <= settings.toMillis()) {
                alerts.add(a);
            }
        }, problems::add);
        return new Batch(alerts, List.of(), List.of(), 0, 0, 0, problems, 0, in.name(), 0);
    }

    /** Hands on what one piece of work produced, in order. */
    private void take(Batch b, Sink sink, Counts counts, Correlations.Run corr) {
        counts.events += b.events;
        counts.inRange += b.inRange;
        counts.withHits += b.withHits;
        counts.bytes += b.bytes;
        if (b.untimed > 0) {
            counts.untimed.merge(b.file, b.untimed, Long::sum);
        }
        for (Problem pr : b.problems) {
            counts.problems++;
            sink.problem(pr);
        }
        int r = 0;
        for (int i = 0; i <= b.alerts.size(); i++) {
            for (; r < b.rare.size() && b.rare.get(r).at() == i; r++) {
                for (Alert a : rarity.pass(b.rare.get(r).observed())) {
                    pass(a, sink, counts);
                }
            }
            if (i < b.alerts.size()) {
                pass(b.alerts.get(i), sink, counts);
            }
        }
        for (Correlations.Match m : b.matches) {
            corr.add(m);
        }
        sink.progress(counts.bytes);
    }

    private void pass(Alert a, Sink sink, Counts counts) {
        if (rarity == null || rarity.admit(a)) {
            counts.count(a);
            sink.alert(a);
        }
    }

    /**
     * Runs one stage on one event; a bug it meets there (an exception, or a stack overflow in
     * recursion a hostile value drove too deep) becomes a {@link Problem} at the event's place
     * instead of ending the run: every other event, and this event's other stages, still count.
     */
    static void guarded(Event e, String stage, Runnable step, Consumer<Problem> failures) {
        try {
            step.run();
        } catch (RuntimeException | StackOverflowError x) {
            String ref;
            try {
                ref = e.ref();
            } catch (RuntimeException y) {
                ref = "?";
            }
            failures.accept(new Problem(e.file(), e.offset(), e.line(), "internal error in the " + stage + " on event " + ref
                    + " (" + x.getClass().getSimpleName() + (x.getMessage() == null ? "" : ": " + x.getMessage())
                    + "); its other results are kept and the run goes on: please report this input"));
        }
    }

    /** Evaluates events on a worker thread and gathers what they produce. */
    private final class Collector {
        final List<Alert> alerts = new ArrayList<>(4);
        final List<Correlations.Match> matches = new ArrayList<>(0);
        final List<Rare> rare = new ArrayList<>(0);
        long events;
        long inRange;
        long untimed;
        long withHits;
        private final Detection.Evaluator evaluator = evaluators.get();
        private final boolean bounded = settings.fromMillis() != Long.MIN_VALUE || settings.toMillis() != Long.MAX_VALUE;
        private final Consumer<Alert> onAlert = alerts::add;
        private final Consumer<Correlations.Match> onMatch = matches::add;
        /** Events a stage failed on (a bug, met on hostile evidence): reported with the batch, the run goes on. */
        private List<Problem> failures;
        private final Consumer<Problem> onFailure = this::failed;

        void accept(Event e) {
            events++;
            // every event's time is read, so that events without one are counted and reported
            long t = e.timestampMillis();
            if (t == Long.MIN_VALUE) {
                untimed++;
            } else if (bounded && (t < settings.fromMillis() || t > settings.toMillis())) {
                return;
            }
            inRange++;
            int before = alerts.size();
            guarded(e, "rule evaluation", () -> evaluator.evaluate(e, onAlert, onMatch), onFailure);
            boolean hit = alerts.size() > before;
            if (rarity != null) {
                // What depends on the events before this one is done in input order, in take.
                guarded(e, "rarity stage", () -> {
                    List<Alert> given = alerts.size() > before ? List.copyOf(alerts.subList(before, alerts.size())) : List.of();
                    RarityStage.Observed o = rarity.observe(e, given);
                    if (o != null) {
                        alerts.subList(before, alerts.size()).clear();
                        rare.add(new Rare(before, o));
                    }
                }, onFailure);
            }
            if (ioc != null) {
                int iocBefore = alerts.size();
                guarded(e, "IOC match", () -> {
                    for (IocLibrary.Hit h : ioc.match(e)) {
                        alerts.add(Alerts.ioc(h, e));
                    }
                }, onFailure);
                hit |= alerts.size() > iocBefore;
            }
            if (hit) {
                withHits++;
            }
        }

        private void failed(Problem p) {
            if (failures == null) {
                failures = new ArrayList<>(1);
            }
            failures.add(p);
        }

        Batch batch(List<Problem> problems, long bytes, String file) {
            List<Problem> all = problems;
            if (failures != null) {
                all = new ArrayList<>(problems);
                all.addAll(failures);
            }
            return new Batch(alerts, rare, matches, events, inRange, untimed, all, bytes, file, withHits);
        }
    }

    private int distinctRules() {
        Set<Object> rules = Collections.newSetFromMap(new IdentityHashMap<>());
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
        long withHits;
        long problems;
        long correlationAlerts;
        long bytes;
        Instant first;
        Instant last;
        final Map<Level, Long> byLevel = new EnumMap<>(Level.class);
        final Map<Alert.Kind, Long> byKind = new EnumMap<>(Alert.Kind.class);
        final Map<String, Long> byRule = new HashMap<>();
        final Map<String, Long> byHost = new HashMap<>();
        final Map<String, Long> untimed = new LinkedHashMap<>();

        void count(Alert a) {
            byLevel.merge(a.level(), 1L, Long::sum);
            byKind.merge(a.kind(), 1L, Long::sum);
            byRule.merge(a.ruleTitle(), 1L, Long::sum);
            if (a.computer() != null && !a.computer().isEmpty()) {
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
}
