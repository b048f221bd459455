package org.gamekeeper.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.stream.DetectionTopology;
import org.gamekeeper.stream.StreamDetector;
import org.gamekeeper.stream.StreamInstances;
import org.gamekeeper.stream.StreamStats;

/**
 * One instance of the detection topology in its own JVM (started by {@link StreamThroughput}'s
 * burst run with a bounded heap), printing a sample every 500 ms on stdout:
 * {@code sample <ms since start> <records-lag> <heap used> <heap after the last collection> <events>}.
 * The lag is Kafka Streams' own {@code records-lag} metric summed over partitions; heap after
 * collection is the sum of the heap pools' usage after their last collection (the live set).
 * Arguments: bootstrap, rule folder, state folder, events topic, alerts topic, dead-letter topic.
 */
public final class BurstInstance {

    public static void main(String[] args) throws Exception {
        StreamDetector detector = StreamDetector.load(List.of(Path.of(args[1])), LoadOptions.defaults(), List.of());
        var topics = new DetectionTopology.Topics(List.of(args[3]), args[4], args[5]);
        var config = DetectionTopology.config("burst", args[0], Map.of(StreamsConfig.STATE_DIR_CONFIG, args[2]));
        try (var app = new StreamInstances(topics, () -> detector, config, DetectionTopology.DEFAULT_MAX_EVENT_BYTES)) {
            app.start();
            StreamStats stats = new StreamStats(app);
            var memory = ManagementFactory.getMemoryMXBean();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
            System.out.println("started");
            long t0 = System.nanoTime();
            while (true) {
                StreamStats.Totals t = stats.totals();
                long live = 0;
                for (MemoryPoolMXBean p : heap) {
                    if (p.getCollectionUsage() != null) {
                        live += p.getCollectionUsage().getUsed();
                    }
                }
                System.out.printf(Locale.ROOT, "sample %d %.0f %d %d %.0f%n", (System.nanoTime() - t0) / 1_000_000, t.lag(),
                    memory.getHeapMemoryUsage().getUsed(), live, t.events());
                System.out.flush();
                if (!app.failures().isEmpty()) {
                    System.out.println("failed " + app.failures().get(0));
                    System.exit(2);
                }
                Thread.sleep(500);
            }
        }
    }

    private BurstInstance() {
    }
}
