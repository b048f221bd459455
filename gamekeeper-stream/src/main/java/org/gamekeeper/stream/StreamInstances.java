package org.gamekeeper.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * Instances of the detection topology in this process, as separate Kafka Streams clients of one
 * application id (one consumer group): they share the input partitions as instances on separate
 * machines would. Each has its own state folder.
 */
public final class StreamInstances implements AutoCloseable {

    private final DetectionTopology.Topics topics;
    private final Supplier<StreamDetector> rules;
    private final Properties config;
    private final DetectionTopology.Settings settings;
    private final List<KafkaStreams> running = new ArrayList<>();
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());

    public StreamInstances(DetectionTopology.Topics topics, Supplier<StreamDetector> rules, Properties config, int maxEventBytes) {
        this(topics, rules, config, new DetectionTopology.Settings(maxEventBytes, DetectionTopology.Settings.defaults().graceMillis(), 0));
    }

    public StreamInstances(DetectionTopology.Topics topics, Supplier<StreamDetector> rules, Properties config,
                           DetectionTopology.Settings settings) {
        this.topics = topics;
        this.rules = rules;
        this.config = config;
        this.settings = settings;
    }

    /** Starts one more instance; returns its index. */
    public synchronized int start() {
        Properties p = new Properties();
        p.putAll(config);
        String base = p.getProperty(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/gamekeeper-streams");
        p.put(StreamsConfig.STATE_DIR_CONFIG, base + "/" + p.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + "-" + running.size());
        KafkaStreams s = new KafkaStreams(DetectionTopology.build(topics, rules, settings), p);
        s.setUncaughtExceptionHandler(e -> {
            failures.add(e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        running.add(s);
        s.start();
        return running.size() - 1;
    }

    /** Stops instance {@code i} as a crash would look to the others: it leaves the group at once, mid-work. */
    public synchronized void stop(int i) {
        KafkaStreams s = running.get(i);
        s.close(Duration.ofSeconds(30));
        s.cleanUp();
    }

    /**
     * What one instance does: the input partitions its tasks hold now, and the events those tasks
     * have read (a task's count leaves with the task when a rebalance moves it).
     */
    public record Share(int instance, List<Integer> partitions, long events) { }

    /** Each running instance's share of the input. */
    public synchronized List<Share> shares() {
        List<Share> out = new ArrayList<>();
        for (int i = 0; i < running.size(); i++) {
            KafkaStreams s = running.get(i);
            if (s.state() == KafkaStreams.State.NOT_RUNNING) {
                continue;
            }
            out.add(new Share(i, List.copyOf(inputPartitions(s)), (long) DetectionTopology.total(s.metrics(), "events-total")));
        }
        return out;
    }

    private TreeSet<Integer> inputPartitions(KafkaStreams s) {
        TreeSet<Integer> parts = new TreeSet<>();
        for (ThreadMetadata t : s.metadataForLocalThreads()) {
            for (TaskMetadata task : t.activeTasks()) {
                for (TopicPartition tp : task.topicPartitions()) {
                    if (topics.inputs().contains(tp.topic())) {
                        parts.add(tp.partition());
                    }
                }
            }
        }
        return parts;
    }

    /**
     * Waits until every instance runs and the input partitions are all assigned, each instance
     * holding some when there are enough: events sent after this meet the assignment they are
     * processed under (a trial's shares are then whole).
     */
    public void awaitAssigned(Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        int partitions;
        try (Admin admin = admin()) {
            partitions = 0;
            for (var d : admin.describeTopics(topics.inputs()).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                partitions += d.partitions().size();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("the input topics cannot be described: " + e.getCause(), e.getCause());
        }
        while (true) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a stream instance failed: " + failures.get(0), failures.get(0));
            }
            if (assigned(partitions)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new TimeoutException("the input partitions were not assigned within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private synchronized boolean assigned(int partitions) {
        int total = 0;
        for (KafkaStreams s : running) {
            if (s.state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            int held = inputPartitions(s).size();
            if (held == 0 && partitions >= running.size()) {
                return false;
            }
            total += held;
        }
        return total == partitions;
    }

    /** An admin client of the instances' cluster (the caller closes it). */
    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
    }

    /** Errors that stopped an instance (none in a healthy run). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Every metric of every running instance, by name (a metric of several instances is summed). */
    public synchronized Map<MetricName, Double> metrics() {
        Map<MetricName, Double> out = new HashMap<>();
        for (KafkaStreams s : running) {
            if (s.state() == KafkaStreams.State.NOT_RUNNING) {
                continue;
            }
            for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                if (e.getValue().metricValue() instanceof Number n) {
                    out.merge(e.getKey(), n.doubleValue(), Double::sum);
                }
            }
        }
        return out;
    }

    /**
     * Waits until the application's committed offsets reach the end of every input partition
     * (every event so far is processed and its alerts committed).
     *
     * @throws TimeoutException when that takes longer than {@code timeout}
     * @throws IllegalStateException when an instance failed
     */
    public void awaitConsumed(Duration timeout) throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String group = config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin admin = admin()) {
            while (true) {
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("a stream instance failed: " + failures.get(0), failures.get(0));
                }
                if (lag(admin, group) == 0) {
                    return;
                }
                if (System.nanoTime() > end) {
                    throw new TimeoutException("the input was not consumed within " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    /** Events on the input topics not yet committed by the application, or -1 when it has not committed yet. */
    public long lag() throws InterruptedException {
        try (Admin admin = admin()) {
            return lag(admin, config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
        }
    }

    private long lag(Admin admin, String group) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var d : admin.describeTopics(topics.inputs()).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long done = c == null ? 0 : c.offset();
                lag += Math.max(0, e.getValue().offset() - done);
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            return -1;
        }
    }

    @Override
    public synchronized void close() {
        for (KafkaStreams s : running) {
            // local state is removed only once the instance has stopped: a close that outlasts its
            // timeout (a slow machine, a transaction being aborted) leaves the state folder, which
            // cleanUp would refuse to touch while the instance runs
            if (s.close(Duration.ofSeconds(60))) {
                s.cleanUp();
            }
        }
        running.clear();
    }
}
