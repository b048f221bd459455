package org.gamekeeper.engine.correlate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.alert.RuleAlerts;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.correlation.CorrelationAlert;
import org.gamekeeper.sigma.correlation.CorrelationEngine;
import org.gamekeeper.sigma.correlation.CorrelationLimits;
import org.gamekeeper.sigma.correlation.Trip;
import org.gamekeeper.sigma.rule.SigmaCorrelation;

/**
 * The correlation stage: matches of rules that correlations refer to are kept as small
 * {@link Match}es (the fields the correlations read, the event's time, file, reference and host)
 * on any thread, gathered in input order, and run through Sigma's correlation engine in
 * event-time order at the end ({@link Run}), so correlations work across files and hosts.
 * Gathering is bounded: beyond {@code maxMatches} matches are counted and dropped. Keeping is
 * thread-safe; a run belongs to one thread.
 */
public final class Correlations {

    /** What a correlation alert needs of each event behind it: where it is and on which host. */
    public interface EventRef {
        String file();

        /** {@code file#record} (or {@code file#Lline}). */
        String ref();

        String computer();
    }

    /** A match kept for the correlation engine. */
    public record Match(RuleIndex.Entry entry, Snapshot event, String file, String ref, String computer) implements EventRef { }

    private final List<SigmaCorrelation> correlations;
    private final CorrelationLimits limits;
    private final int maxMatches;
    /** Only asked which fields a rule's matches need; the run at the end uses a fresh engine. */
    private final CorrelationEngine fields;
    /** Per index entry: the event fields to keep, as event names, and the names the engine asks for. */
    private final AtomicReferenceArray<String[][]> kept;

    public Correlations(List<SigmaCorrelation> correlations, CorrelationLimits limits, int maxMatches, int entries) {
        this.correlations = List.copyOf(correlations);
        this.limits = limits;
        this.maxMatches = maxMatches;
        this.fields = new CorrelationEngine(this.correlations, limits);
        this.kept = new AtomicReferenceArray<>(entries);
    }

    /** What to keep of {@code entry}'s rule matching {@code e}; any thread. */
    public Match keep(RuleIndex.Entry entry, Event e) {
        String[][] names = kept.get(entry.id());
        if (names == null) {
            Set<String> read = fields.fieldsRead(entry.rule().rule().metadata());
            String[] sigma = read.toArray(new String[0]);
            String[] event = new String[sigma.length];
            for (int i = 0; i < sigma.length; i++) {
                event[i] = entry.target().renames().getOrDefault(sigma[i], sigma[i]);
            }
            names = new String[][] {sigma, event};
            kept.set(entry.id(), names);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < names[0].length; i++) {
            String v = e.field(names[1][i]);
            if (v != null) {
                values.put(names[0][i], v);
            }
        }
        return new Match(entry, new Snapshot(values, e.timestampMillis()), e.file(), e.ref(), e.computer());
    }

    /** True when no correlation refers to any rule: nothing to keep. */
    public boolean isEmpty() {
        return correlations.isEmpty();
    }

    /** A new gathering of matches for one run. */
    public Run start() {
        return new Run();
    }

    /** The matches of one run, gathered in input order on one thread, then correlated. */
    public final class Run {
        private final List<Match> matches = new ArrayList<>();
        private final List<String> trips = new ArrayList<>();
        private long dropped;

        private Run() {
        }

        /** Adds a match, in input order. */
        public void add(Match m) {
            if (matches.size() < maxMatches) {
                matches.add(m);
            } else {
                dropped++;
            }
        }

        /** Matches beyond the bound, dropped. */
        public long dropped() {
            return dropped;
        }

        /** Where the correlation engine's memory bound tripped, in words. */
        public List<String> trips() {
            return trips;
        }

        /** Runs every correlation over the gathered matches in event-time order; the alerts in time order. */
        public List<Alert> correlate() {
            List<Alert> out = new ArrayList<>();
            if (correlations.isEmpty() || matches.isEmpty()) {
                return out;
            }
            matches.sort(Comparator.comparingLong(m -> m.event().timestampMillis()));
            CorrelationEngine engine = new CorrelationEngine(correlations, limits);
            for (Match m : matches) {
                engine.accept(m.entry().rule(), m.event(), m);
                engine.drain().forEach(a -> out.add(alert(a)));
            }
            engine.flush();
            engine.drain().forEach(a -> out.add(alert(a)));
            for (Trip t : engine.trips()) {
                trips.add(t.toString());
            }
            out.sort(Comparator.comparing(Alert::timestamp, Comparator.nullsFirst(Comparator.naturalOrder())));
            return out;
        }
    }

    /**
     * A correlation's alert, its event references being {@link EventRef}s (the caller's handles
     * given to the correlation engine): its file is that of the first event; its host the group's
     * {@code Computer}, else the host all its events share (none when they are on several).
     */
    public static Alert alert(CorrelationAlert a) {
        SigmaCorrelation c = a.correlation();
        List<String> refs = new ArrayList<>(a.eventRefs().size());
        String file = null;
        String computer = null;
        boolean oneHost = true;
        for (Object r : a.eventRefs()) {
            EventRef m = (EventRef) r;
            refs.add(m.ref());
            if (file == null) {
                file = m.file();
                computer = m.computer();
            } else if (oneHost && !Objects.equals(computer, m.computer())) {
                oneHost = false;
            }
        }
        for (Map.Entry<String, String> g : a.group().entrySet()) {
            if (g.getKey().equalsIgnoreCase("Computer") && !g.getValue().isEmpty()) {
                computer = g.getValue();
                oneHost = true;
            }
        }
        Map<String, String> details = new LinkedHashMap<>(a.group());
        details.put("correlation", c.type().toString().toLowerCase(Locale.ROOT));
        details.put("value", a.value() == Math.rint(a.value()) ? Long.toString((long) a.value()) : Double.toString(a.value()));
        return Alert.ofEvents(RuleAlerts.rule(c), Alert.Kind.CORRELATION, Instant.ofEpochMilli(a.firstMillis()),
                Instant.ofEpochMilli(a.lastMillis()), oneHost ? computer : null, file, details, refs);
    }

    /** The fields of a matched event that its correlations read, by the names they read them, and its time. */
    public static final class Snapshot implements SigmaEvent {
        private final Map<String, String> fields;
        private final long time;

        Snapshot(Map<String, String> fields, long time) {
            this.fields = fields;
            this.time = time;
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
