package org.gamekeeper.engine.hunt;

import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.alert.RuleAlerts;
import org.gamekeeper.engine.correlate.Correlations;
import org.gamekeeper.engine.detect.RuleIndex;

/**
 * The per-event part of a hunt, with no files and no threads of its own: an event meets the
 * rules the index finds for it; each match becomes an alert (unless the rule only feeds
 * correlations) and, when a correlation refers to the rule, a kept match for the correlation
 * stage. What a batch hunt runs on its workers, and what a streaming processor runs per record.
 * Thread-safe; evaluate with an {@link Evaluator} per thread.
 */
public final class Detection {
    private final RuleIndex index;
    private final RuleAlerts alerts;
    private final Correlations correlations;

    public Detection(RuleIndex index, Correlations correlations) {
        this(index, correlations, true);
    }

    /** With {@code entities} false, rule alerts leave out their event's identity fields (see {@link Hunt.Settings#withoutEntities}). */
    public Detection(RuleIndex index, Correlations correlations, boolean entities) {
        this.index = index;
        this.alerts = new RuleAlerts(index, entities);
        this.correlations = correlations;
    }

    public RuleIndex index() {
        return index;
    }

    public Correlations correlations() {
        return correlations;
    }

    /** Per-thread evaluation state. */
    public Evaluator evaluator() {
        return new Evaluator();
    }

    /** Evaluates events one at a time on one thread. */
    public final class Evaluator {
        private final RuleIndex.Evaluator rules = index.evaluator();
        private Event current;
        private Consumer<Alert> onAlert;
        private Consumer<Correlations.Match> onMatch;
        private final Consumer<RuleIndex.Entry> matched = this::matched;
        private final RuleAlerts.EventReading reading = new RuleAlerts.EventReading();

        private Evaluator() {
        }

        /** Hands each alert of {@code e} to {@code alertSink} and each kept correlation match to {@code matchSink}, in rule order. */
        public void evaluate(Event e, Consumer<Alert> alertSink, Consumer<Correlations.Match> matchSink) {
            current = e;
            reading.start(e);
            onAlert = alertSink;
            onMatch = matchSink;
            try {
                rules.evaluate(e, matched);
            } finally {
                current = null;
                reading.start(null);
            }
        }

        private void matched(RuleIndex.Entry entry) {
            if (entry.alerts()) {
                onAlert.accept(alerts.alert(entry, reading));
            }
            if (entry.correlated()) {
                onMatch.accept(correlations.keep(entry, current));
            }
        }
    }
}
