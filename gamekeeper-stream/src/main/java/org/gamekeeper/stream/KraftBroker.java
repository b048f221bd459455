package org.gamekeeper.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * One Kafka node in KRaft mode (broker and controller in one, no ZooKeeper) inside this process,
 * listening on 127.0.0.1 only, its data in a temporary folder that {@link #close} removes. For
 * {@code stream try}, the tests and the benchmark; never for production data.
 *
 * <p>Started as Kafka's own scripts do it: the metadata log is formatted first (Kafka's storage
 * tool, as {@code kafka-storage.sh format}), then {@link KafkaRaftServer} runs on that folder.
 * Topic defaults suit one node: replication factor 1 everywhere (offsets, transactions, share
 * groups), no retention by time (replayed evidence carries old timestamps), no rebalance delay.
 */
public final class KraftBroker implements AutoCloseable {

    private final Path dir;
    private final KafkaRaftServer server;
    private final String bootstrap;

    private KraftBroker(Path dir, KafkaRaftServer server, String bootstrap) {
        this.dir = dir;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /** Formats a fresh data folder and starts the node; returns once it accepts clients. */
    public static KraftBroker start() throws IOException {
        Path dir = Files.createTempDirectory("gamekeeper-kraft-");
        try {
            int brokerPort = freePort();
            int controllerPort = freePort();
            Path data = Files.createDirectory(dir.resolve("data"));
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("log.dirs", data.toString());
            p.put("num.partitions", "1");
            p.put("auto.create.topics.enable", "false");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "4");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "4");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("log.retention.ms", "-1");
            p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
            Path config = dir.resolve("server.properties");
            try (var w = Files.newBufferedWriter(config)) {
                p.store(w, "gamekeeper in-process KRaft node");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config",
                config.toString(), "--ignore-formatted"}, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IOException("formatting the KRaft metadata log failed: " + out.toString(StandardCharsets.UTF_8));
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            server.startup();
            KraftBroker broker = new KraftBroker(dir, server, "127.0.0.1:" + brokerPort);
            broker.awaitReady();
            return broker;
        } catch (IOException | RuntimeException e) {
            delete(dir);
            throw e;
        }
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The temporary folder that holds the node's configuration and data. */
    public Path dataFolder() {
        return dir;
    }

    /** Creates the topics (name → partitions) that do not exist yet. */
    public void createTopics(Map<String, Integer> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> wanted = topics.entrySet().stream().map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList();
            for (var f : admin.createTopics(wanted).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic: " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Waits until the node answers a metadata request (it starts asynchronously). */
    private void awaitReady() throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the KRaft node started", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the KRaft node did not start: " + e, e);
        }
    }

    /** Stops the node and removes its data folder. */
    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            delete(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind holds nothing but this run's test data
        }
    }
}
