package org.gamekeeper.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.stream.DetectionTopology;
import org.gamekeeper.stream.KraftBroker;
import org.gamekeeper.stream.Replay;
import org.gamekeeper.stream.StreamDetector;
import org.gamekeeper.stream.StreamInstances;
import org.gamekeeper.stream.Trial;

/**
 * The stream benchmark (issue 24): the corpus events (EVTX attack samples and the OTRF exports)
 * repeated to at least {@code target} events, through a KRaft node in this process:
 * <ol>
 * <li>sustained events/s of 1 and 2 instances draining a filled topic, for several partition counts
 *     (from the first commit to the last, so start-up and rebalancing are left out);</li>
 * <li>end-to-end alert latency (p50, p99) of one instance at a steady rate below its capacity:
 *     from the event's send to the alert's arrival at a read_committed consumer;</li>
 * <li>the same events through the batch {@code Hunt} (2 threads), in the same run.</li>
 * </ol>
 * Prints figures; asserts nothing. Arguments: corpus folder, target events, rule folder.
 */
public final class StreamThroughput {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("burst")) {
            burst(Path.of(args[1]), Integer.parseInt(args[2]), Path.of(args[3]), args[4]);
            return;
        }
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        long target = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path rules = args.length > 2 ? Path.of(args[2]) : corpus.resolve("sigma/rules/windows");
        StreamDetector detector = StreamDetector.load(List.of(rules), LoadOptions.defaults(), List.of());
        List<InputFile> inputs = Inputs.expand(List.of(corpus.resolve("evtx/evtx-attack-samples").toString(),
            corpus.resolve("json-logs/otrf").toString()), p -> { });
        MockProducer<byte[], byte[]> once = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(once, "x").send(inputs, p -> { });
        List<ProducerRecord<byte[], byte[]>> pass = once.history();
        int passes = (int) Math.max(1, (target + pass.size() - 1) / pass.size());
        long events = (long) passes * pass.size();
        System.out.printf(Locale.ROOT, "events: %d (%d a pass, %d passes); rules: %s%n", events, pass.size(), passes, detector.origin());

        List<InputFile> repeated = new ArrayList<>();
        for (int i = 0; i < passes; i++) {
            repeated.addAll(inputs);
        }
        long[] huntAlerts = {0};
        long h0 = System.nanoTime();
        new Hunt(detector.index(), detector.correlations(), Hunt.Settings.defaults(2)).run(repeated, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                huntAlerts[0]++;
            }

            @Override
            public void problem(Problem p) {
            }
        });
        double huntSeconds = (System.nanoTime() - h0) / 1e9;
        System.out.printf(Locale.ROOT, "hunt (2 threads): %.0f events/s (%.1f s, %d alerts)%n", events / huntSeconds, huntSeconds,
            huntAlerts[0]);

        try (KraftBroker broker = KraftBroker.start()) {
            int[][] runs = {{1, 1}, {1, 2}, {1, 4}, {2, 4}};
            for (int[] run : runs) {
                int instances = run[0];
                int partitions = run[1];
                String name = "b" + instances + "-" + partitions;
                broker.createTopics(Map.of(name + "-events", partitions, name + "-alerts", partitions, name + "-dead", 1));
                long p0 = System.nanoTime();
                try (KafkaProducer<byte[], byte[]> producer = Trial.producer(broker.bootstrap())) {
                    for (int i = 0; i < passes; i++) {
                        for (ProducerRecord<byte[], byte[]> r : pass) {
                            producer.send(new ProducerRecord<>(name + "-events", null, r.key(), r.value(), r.headers()));
                        }
                    }
                }
                double sendSeconds = (System.nanoTime() - p0) / 1e9;
                var topics = new DetectionTopology.Topics(List.of(name + "-events"), name + "-alerts", name + "-dead");
                Properties config = DetectionTopology.config(name, broker.bootstrap(),
                    Map.of(StreamsConfig.STATE_DIR_CONFIG, broker.dataFolder().resolve(name).toString()));
                try (StreamInstances app = new StreamInstances(topics, () -> detector, config, DetectionTopology.DEFAULT_MAX_EVENT_BYTES)) {
                    for (int i = 0; i < instances; i++) {
                        app.start();
                    }
                    long first = 0;
                    long firstLag = 0;
                    long end;
                    while (true) {
                        long lag = app.lag();
                        long now = System.nanoTime();
                        if (first == 0 && lag >= 0 && lag < events) {
                            first = now;
                            firstLag = lag;
                        }
                        if (lag == 0) {
                            end = now;
                            break;
                        }
                        Thread.sleep(250);
                    }
                    double seconds = (end - first) / 1e9;
                    System.out.printf(Locale.ROOT, "stream: %d instance(s), %d partition(s): %.0f events/s (%.1f s for %d events after the"
                        + " first commit); replay into the topic %.0f events/s%n", instances, partitions, firstLag / seconds, seconds,
                        firstLag, events / sendSeconds);
                }
            }
            latency(broker, detector, pass);
        }
    }

    /** One instance, events sent at a steady rate for 20 s; latency from send to committed alert. */
    private static void latency(KraftBroker broker, StreamDetector detector, List<ProducerRecord<byte[], byte[]>> pass) throws Exception {
        int rate = 2_000;
        broker.createTopics(Map.of("lat-events", 4, "lat-alerts", 4, "lat-dead", 1));
        var topics = new DetectionTopology.Topics(List.of("lat-events"), "lat-alerts", "lat-dead");
        Properties config = DetectionTopology.config("lat", broker.bootstrap(),
            Map.of(StreamsConfig.STATE_DIR_CONFIG, broker.dataFolder().resolve("lat").toString()));
        List<Long> latencies = new ArrayList<>();
        try (StreamInstances app = new StreamInstances(topics, () -> detector, config, DetectionTopology.DEFAULT_MAX_EVENT_BYTES);
             KafkaProducer<byte[], byte[]> producer = Trial.producer(broker.bootstrap());
             KafkaConsumer<byte[], byte[]> alerts = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap(),
                 ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            app.start();
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                parts.add(new TopicPartition("lat-alerts", p));
            }
            alerts.assign(parts);
            alerts.seekToEnd(parts);
            app.awaitConsumed(Duration.ofMinutes(2));
            long start = System.nanoTime();
            long sent = 0;
            int i = 0;
            while (System.nanoTime() - start < 20_000_000_000L) {
                long due = start + sent * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    alerts.poll(Duration.ZERO).forEach(r -> latencies.add(System.currentTimeMillis() - r.timestamp()));
                }
                ProducerRecord<byte[], byte[]> r = pass.get(i++ % pass.size());
                producer.send(new ProducerRecord<>("lat-events", null, System.currentTimeMillis(), r.key(), r.value(), r.headers()));
                sent++;
            }
            producer.flush();
            long until = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < until) {
                alerts.poll(Duration.ofMillis(100)).forEach(r -> latencies.add(System.currentTimeMillis() - r.timestamp()));
            }
        }
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (l.length == 0) {
            System.out.println("latency: no alerts");
            return;
        }
        System.out.printf(Locale.ROOT, "latency (1 instance, %d events/s for 20 s, %d alerts): p50 %d ms, p99 %d ms, max %d ms%n", rate,
            l.length, l[l.length / 2], l[(int) Math.min(l.length - 1, Math.round(l.length * 0.99))], l[l.length - 1]);
    }

    /**
     * A burst of ten times the normal rate: one instance in its own JVM with a bounded heap
     * ({@code heap}, e.g. 256m) is fed {@code rate} events/s for 30 s, then {@code 10 × rate} for
     * 30 s, then {@code rate} again until its lag has drained (at most 5 minutes). Every 500 ms:
     * the committed lag (end offsets minus the application's committed offsets, from the broker),
     * Kafka Streams' records-lag metric and the heap, from the instance. Prints the timeline
     * every 5 s and the figures: peak lag, time to drain, peak heap, and whether the instance
     * ran out of memory.
     */
    static void burst(Path corpus, int rate, Path rules, String heap) throws Exception {
        List<InputFile> inputs = Inputs.expand(List.of(corpus.resolve("evtx/evtx-attack-samples").toString(),
            corpus.resolve("json-logs/otrf").toString()), p -> { });
        MockProducer<byte[], byte[]> once = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        new Replay(once, "x").send(inputs, p -> { });
        List<ProducerRecord<byte[], byte[]>> pass = once.history();
        try (KraftBroker broker = KraftBroker.start()) {
            broker.createTopics(Map.of("burst-events", 4, "burst-alerts", 4, "burst-dead", 1));
            String jar = Path.of(StreamThroughput.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError", "-cp", jar, BurstInstance.class.getName(), broker.bootstrap(), rules.toString(),
                broker.dataFolder().resolve("burst-state").toString(), "burst-events", "burst-alerts", "burst-dead")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        said.add(line);
                    }
                } catch (java.io.IOException gone) {
                    // the instance ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            // wait for the instance to run (rules compiled, partitions assigned: its lag metric appears)
            long wait = System.nanoTime();
            while (said.stream().noneMatch(l -> l.startsWith("sample")) && System.nanoTime() - wait < 300_000_000_000L) {
                Thread.sleep(200);
            }
            Thread.sleep(10_000);
            System.out.printf(Locale.ROOT, "burst: one instance, -Xmx%s, 4 partitions; %d events/s for 30 s, %d events/s for 30 s,"
                + " then %d events/s until drained; rules: %s%n", heap, rate, 10 * rate, rate, rules);
            System.out.println("   s  phase  sent/s  committed-lag  records-lag  heap-used-MiB  heap-after-gc-MiB");
            try (KafkaProducer<byte[], byte[]> producer = Trial.producer(broker.bootstrap());
                 org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                     Map.of("bootstrap.servers", broker.bootstrap()))) {
                long start = System.nanoTime();
                long sent = 0;
                double due = 0;
                int i = 0;
                long nextSample = start;
                long peakLag = 0;
                long peakSteadyLag = 0;
                long peakMetricLag = 0;
                long peakHeap = 0;
                long peakLive = 0;
                long burstEnd = 0;
                long drained = 0;
                long sentAtLastPrint = 0;
                long lastPrint = start;
                long lastSend = start;
                while (true) {
                    long now = System.nanoTime();
                    double t = (now - start) / 1e9;
                    int phaseRate = t < 30 ? rate : t < 60 ? 10 * rate : rate;
                    if (t >= 60 && burstEnd == 0) {
                        burstEnd = now;
                    }
                    // paced sending: the events due by now at the phase's rate
                    due += phaseRate * ((now - lastSend) / 1e9);
                    lastSend = now;
                    while (sent < (long) due) {
                        ProducerRecord<byte[], byte[]> r = pass.get(i++ % pass.size());
                        producer.send(new ProducerRecord<>("burst-events", null, r.key(), r.value(), r.headers()));
                        sent++;
                    }
                    if (now >= nextSample) {
                        nextSample += 500_000_000L;
                        long lag = committedLag(admin, "burst", "burst-events");
                        String[] sample = lastSample(said);
                        long metricLag = sample == null ? 0 : (long) Double.parseDouble(sample[2]);
                        long used = sample == null ? 0 : Long.parseLong(sample[3]);
                        long live = sample == null ? 0 : Long.parseLong(sample[4]);
                        peakLag = Math.max(peakLag, lag);
                        if (t >= 20 && t < 30) { // the steady phase after warm-up (JIT, first commits)
                            peakSteadyLag = Math.max(peakSteadyLag, lag);
                        }
                        peakMetricLag = Math.max(peakMetricLag, metricLag);
                        peakHeap = Math.max(peakHeap, used);
                        peakLive = Math.max(peakLive, live);
                        if (now - lastPrint >= 5_000_000_000L) {
                            System.out.printf(Locale.ROOT, "%4.0f  %-5s  %6.0f  %13d  %11d  %13.0f  %17.0f%n", t,
                                t < 30 ? "rate" : t < 60 ? "10x" : "rate", (sent - sentAtLastPrint) / ((now - lastPrint) / 1e9), lag,
                                metricLag, used / 1048576.0, live / 1048576.0);
                            sentAtLastPrint = sent;
                            lastPrint = now;
                        }
                        if (!child.isAlive()) {
                            System.out.println("the instance ended (exit " + child.exitValue() + "): "
                                + (child.exitValue() == 3 ? "out of memory" : said.get(said.size() - 1)));
                            break;
                        }
                        if (burstEnd != 0 && drained == 0 && lag <= Math.max(peakSteadyLag, rate)) { // back to steady
                            drained = now;
                        }
                        if (drained != 0 && now - drained > 10_000_000_000L || t > 360) {
                            break;
                        }
                    }
                    Thread.sleep(1);
                }
                System.out.printf(Locale.ROOT, "peak committed lag %d events (steady phase after warm-up, 20-30 s: at most %d); peak records-lag metric %d;"
                    + " drained %s after the burst ended; peak heap used %.0f MiB, peak heap after a collection %.0f MiB of -Xmx%s;"
                    + " %s; %d events sent%n", peakLag, peakSteadyLag, peakMetricLag,
                    drained == 0 ? "not" : String.format(Locale.ROOT, "%.1f s", (drained - burstEnd) / 1e9), peakHeap / 1048576.0,
                    peakLive / 1048576.0, heap, child.isAlive() ? "no OutOfMemoryError (the instance ran throughout)" : "the instance died", sent);
            } finally {
                child.destroyForcibly().waitFor();
            }
        }
    }

    private static String[] lastSample(List<String> said) {
        synchronized (said) {
            for (int k = said.size() - 1; k >= 0; k--) {
                if (said.get(k).startsWith("sample ")) {
                    return said.get(k).split(" ");
                }
            }
        }
        return null;
    }

    /** Events on {@code topic} not yet committed by the application {@code group}. */
    private static long committedLag(org.apache.kafka.clients.admin.Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 4; p++) {
            latest.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        var ends = admin.listOffsets(latest).all().get();
        var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var e : ends.entrySet()) {
            var c = committed.get(e.getKey());
            lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    private StreamThroughput() {
    }
}
