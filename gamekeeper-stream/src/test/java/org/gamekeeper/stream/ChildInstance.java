package org.gamekeeper.stream;

import java.util.List;
import java.util.Map;

/**
 * One instance of the topology in its own JVM, so a test can kill it as a crash would (no
 * shutdown, open transaction left behind). Prints {@code started} once running and {@code busy}
 * once it has processed an event, then runs until killed.
 * Arguments: bootstrap, application id, state folder, events topic, alerts topic, dead-letter topic.
 */
public final class ChildInstance {

    public static void main(String[] args) throws Exception {
        var topics = new DetectionTopology.Topics(List.of(args[3]), args[4], args[5]);
        StreamDetector detector = Corpus.rules();
        var app = new StreamInstances(topics, () -> detector,
            DetectionTopology.config(args[1], args[0], StreamOnBrokerTest.killConfig(args[2])), DetectionTopology.DEFAULT_MAX_EVENT_BYTES);
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
            if (events > 0) {
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
