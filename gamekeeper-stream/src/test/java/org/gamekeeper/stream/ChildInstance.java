package org.gamekeeper.stream;

import java.nio.file.Path;
import java.util.List;
import org.gamekeeper.sigma.LoadOptions;

/**
 * One instance of the topology in its own JVM, so a test can kill it as a crash would (no
 * shutdown, open transaction left behind). Prints {@code started} once running and {@code busy}
 * once it has processed {@code busyAfter} events, then runs until killed.
 * Arguments: bootstrap, application id, state folder, events topic, alerts topic, dead-letter topic;
 * optionally a rule folder (default: {@link Corpus#rules()}), the correlation stage's idle flush in
 * milliseconds (default: none) and {@code busyAfter} (default 1).
 */
public final class ChildInstance {

    public static void main(String[] args) throws Exception {
        var topics = new DetectionTopology.Topics(List.of(args[3]), args[4], args[5]);
        StreamDetector detector = args.length > 6 ? StreamDetector.load(List.of(Path.of(args[6])), LoadOptions.defaults(), List.of())
            : Corpus.rules();
        long idleFlush = args.length > 7 ? Long.parseLong(args[7]) : 0;
        long busyAfter = args.length > 8 ? Long.parseLong(args[8]) : 1;
        var settings = new DetectionTopology.Settings(DetectionTopology.DEFAULT_MAX_EVENT_BYTES,
            DetectionTopology.Settings.defaults().graceMillis(), idleFlush);
        var app = new StreamInstances(topics, () -> detector,
            DetectionTopology.config(args[1], args[0], StreamOnBrokerTest.killConfig(args[2])), settings);
        app.start();
        System.out.println("started");
        System.out.flush();
        while (true) {
            double events = 0;
            for (var e : app.metrics().entrySet()) {
                if (e.getKey().name().equals("events-total") && e.getKey().group().contains(DetectionTopology.METRIC_SCOPE)) {
                    events += e.getValue();
                }
            }
            if (events >= busyAfter) {
                System.out.println("busy");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            Thread.sleep(20);
        }
    }

    private ChildInstance() {
    }

}
