package org.gamekeeper.stream;

import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.MetricName;

/**
 * The one-line summary of the running instances from Kafka Streams' own metrics (the same values
 * JMX shows under {@code kafka.streams} and {@code kafka.consumer}): events/s, lag, alerts/s,
 * time in rules per event, dead letters. Rates are over the time since the previous line.
 */
public final class StreamStats {

    private final StreamInstances instances;
    private long lastNanos = System.nanoTime();
    private double lastEvents;
    private double lastAlerts;

    public StreamStats(StreamInstances instances) {
        this.instances = instances;
    }

    /** Totals of our sensors and the consumer lag, summed over instances, tasks and partitions. */
    public record Totals(double events, double alerts, double deadLetters, double ruleNanosAvg, double lag) { }

    public Totals totals() {
        double events = 0;
        double alerts = 0;
        double dead = 0;
        double lag = 0;
        double ruleAvg = 0;
        int ruleParts = 0;
        for (Map.Entry<MetricName, Double> e : instances.metrics().entrySet()) {
            MetricName n = e.getKey();
            double v = e.getValue();
            if (Double.isNaN(v)) {
                continue;
            }
            if (n.group().contains(DetectionTopology.METRIC_SCOPE)) {
                switch (n.name()) {
                    case "events-total" -> events += v;
                    case "alerts-total" -> alerts += v;
                    case "dead-letters-total" -> dead += v;
                    case "rules-latency-avg" -> {
                        ruleAvg += v;
                        ruleParts++;
                    }
                    default -> { }
                }
            } else if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                    && !n.tags().getOrDefault("client-id", "").contains("restore")) {
                lag += v;
            }
        }
        return new Totals(events, alerts, dead, ruleParts == 0 ? 0 : ruleAvg / ruleParts, lag);
    }

    /** The summary line, e.g. {@code stream: 51234 events/s, lag 1200, 3.0 alerts/s, rules 14.2 µs/event, 2 dead letters}. */
    public String line() {
        Totals t = totals();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        String s = String.format(Locale.ROOT, "stream: %.0f events/s, lag %.0f, %.1f alerts/s, rules %.1f µs/event, %.0f dead letters"
                + " (%.0f events, %.0f alerts in all)", (t.events() - lastEvents) / seconds, t.lag(), (t.alerts() - lastAlerts) / seconds,
            t.ruleNanosAvg() / 1000, t.deadLetters(), t.events(), t.alerts());
        lastNanos = now;
        lastEvents = t.events();
        lastAlerts = t.alerts();
        return s;
    }
}
