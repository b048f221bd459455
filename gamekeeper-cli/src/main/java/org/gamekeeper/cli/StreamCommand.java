package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.stream.DetectionTopology;
import org.gamekeeper.stream.Replay;
import org.gamekeeper.stream.RuleWatcher;
import org.gamekeeper.stream.StreamDetector;
import org.gamekeeper.stream.StreamInstances;
import org.gamekeeper.stream.StreamStats;
import org.gamekeeper.stream.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code gamekeeper stream}: continuous detection as a Kafka Streams application, replay into Kafka, and a local trial. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Continuous detection on Kafka: the hunt's parser, mappings and rules as a Kafka Streams application.", ""},
        footer = {"", "Examples:",
                "  gamekeeper stream try --rules ../sigma/rules/windows --instances 2 logs/ > alerts.jsonl",
                "  gamekeeper stream replay logs/ --bootstrap kafka1:9092 --topic winlogs",
                "  gamekeeper stream run --bootstrap kafka1:9092 --input winlogs --alerts gk-alerts --rules rules/ \\",
                "      --incidents gk-incidents --baseline estate.baseline"},
        subcommands = {StreamCommand.Run.class, StreamCommand.ReplayFiles.class, StreamCommand.Try.class})
final class StreamCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: run, replay or try");
    }

    /** Rule options shared by run and try. */
    static final class RuleOptions {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--rules", paramLabel = "PATH", split = ",",
                description = "Sigma rule files or folders (comma-separated or repeated); the word 'builtin' adds the built-in pack; as for hunt.")
        List<String> rules;

        @Option(names = "--mapping", paramLabel = "FILE", description = "A log-source mapping file read over the built-in one (after the configuration's 'mappings').")
        List<Path> mappings;

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration file: placeholders, mappings, and Kafka client properties in its 'kafka' section.")
        Path config;

        @Option(names = "--status", paramLabel = "STATUS", split = ",", description = "Rule statuses to run (default: every status except deprecated and unsupported).")
        List<String> statuses;

        @Option(names = "--baseline", paramLabel = "FILE", description = {"Judge rarity against this baseline (made by 'gamekeeper baseline learn'), as hunt --baseline does:",
                "rare LOTL tools, services, tasks and RDP logons become alerts of kind rarity (one per host and behaviour) or raise",
                "the rule alert of their event by one level. Without it the stream has no rarity stage (stacking within the data,",
                "hunt's default, needs the data's end, which a stream never reaches)."})
        Path baseline;

        RarityStage rarity() {
            return baseline == null ? null : HuntCommand.againstBaseline(baseline);
        }

        ConfigFile configFile() {
            return config == null ? ConfigFile.empty() : ConfigFile.read(config);
        }

        RuleWatcher.Loader loader() {
            RuleSpecs.load(rules, RulesCommand.loadOptions(spec, config, statuses)); // fails early on a missing path or no rules
            LoadOptions options = RulesCommand.loadOptions(spec, config, statuses);
            List<Path> maps = new ArrayList<>(configFile().mappings());
            if (mappings != null) {
                maps.addAll(mappings);
            }
            return () -> StreamDetector.of(RuleSpecs.load(rules, options), maps, rules == null ? "builtin" : String.join(",", rules));
        }

        StreamDetector load() {
            try {
                return loader().load();
            } catch (InputException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw new InputException("cannot load rules: " + e.getMessage());
            }
        }
    }

    static Map<String, String> properties(ConfigFile config, Map<String, String> given) {
        Map<String, String> all = new LinkedHashMap<>(config.kafka());
        if (given != null) {
            all.putAll(given);
        }
        return all;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run the detection topology: events from the input topics, alerts (JSON, INTERFACES.md fields, keyed by host)",
                    "to the alerts topic, bad records with their reason to the dead-letter topic. Exactly-once. Runs until stopped",
                    "(Ctrl-C or SIGTERM). Start more instances with the same --application-id to share the partitions.",
                    "A summary of the metrics goes to stderr every --stats seconds; the rule folders are watched and reloaded.",
                    "With --incidents TOPIC, alerts are grouped into incidents per host (as hunt --incidents does) and each",
                    "incident is written, keyed by its id, whenever its host has been quiet for --incident-quiet seconds;",
                    "with --baseline FILE, rarity is judged against a learned baseline (one finding per host and behaviour)."},
            footer = {"", "Example:",
                    "  gamekeeper stream run --bootstrap kafka1:9092 --input winlogbeat --alerts gk-alerts --rules rules/ \\",
                    "      --incidents gk-incidents --baseline estate.baseline --property security.protocol=SSL --stats 30"})
    static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        RuleOptions ruleOptions;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--input", paramLabel = "TOPIC", required = true, split = ",", description = "Topics of events (evtx_dump, Winlogbeat/ECS, Wazuh or flat JSON).")
        List<String> inputs;

        @Option(names = "--alerts", paramLabel = "TOPIC", required = true, description = "Topic the alerts go to.")
        String alerts;

        @Option(names = "--dead-letters", paramLabel = "TOPIC", description = "Topic bad records go to (default: the alerts topic's name + '-dead-letters').")
        String deadLetters;

        @Option(names = "--incidents", paramLabel = "TOPIC", description = {"Topic the incidents go to (INTERFACES.md's incident JSON, keyed by incident id; create it compacted:",
                "each new version of an incident replaces the one before, a tombstone removes one merged into another)."})
        String incidents;

        @Option(names = "--incident-quiet", paramLabel = "SECONDS", defaultValue = "60", description = {"A host's incidents are written once it has had no new alert for this long",
                "(at the latest ten times this after its first unwritten alert); default: ${DEFAULT-VALUE}."})
        int incidentQuiet;

        @Option(names = "--incident-retention", paramLabel = "DAYS", defaultValue = "7", description = {"An incident whose last evidence is this much older than its host's newest alert is",
                "final (later alerts start new incidents); default: ${DEFAULT-VALUE}."})
        int incidentRetention;

        @Option(names = "--application-id", paramLabel = "ID", defaultValue = "gamekeeper", description = "Kafka Streams application id (the consumer group); default: ${DEFAULT-VALUE}.")
        String applicationId;

        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A Kafka Streams or client property (repeatable), over the configuration file's.")
        Map<String, String> properties;

        @Option(names = "--stats", paramLabel = "SECONDS", defaultValue = "10", description = "Seconds between metric summaries on stderr (0: none); default: ${DEFAULT-VALUE}.")
        int stats;

        @Option(names = "--reload", paramLabel = "SECONDS", defaultValue = "30", description = "Seconds between looks at the rule files for changes (0: never); default: ${DEFAULT-VALUE}.")
        int reload;

        @Option(names = "--max-event-bytes", paramLabel = "N", defaultValue = "1048576", description = "Larger records go to the dead-letter topic; default: ${DEFAULT-VALUE}.")
        int maxEventBytes;

        @Override
        public Integer call() throws Exception {
            PrintStream err = System.err;
            RuleWatcher.Loader loader = ruleOptions.loader();
            RuleWatcher rules;
            try {
                rules = new RuleWatcher(RuleSpecs.paths(ruleOptions.rules), loader, reload * 1000L, m -> err.println("gamekeeper: " + m));
            } catch (IOException | RuntimeException e) {
                throw new InputException("cannot load rules: " + e.getMessage());
            }
            err.println("gamekeeper: stream run: " + rules.get().origin() + "; " + rules.get().rules() + " rules can fire");
            Map<String, String> extra = properties(ruleOptions.configFile(), properties);
            Properties config = DetectionTopology.config(applicationId, bootstrap, extra);
            if (incidentQuiet < 1 || incidentRetention < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--incident-quiet and --incident-retention must be at least 1");
            }
            var topics = new DetectionTopology.Topics(inputs, alerts, deadLetters != null ? deadLetters : alerts + "-dead-letters", incidents);
            var settings = new DetectionTopology.Settings(maxEventBytes, DetectionTopology.Settings.defaults().graceMillis(), 0)
                    .withRarity(ruleOptions.rarity()).withIncidents(incidentQuiet * 1000L, incidentRetention * 86_400_000L);
            CountDownLatch stopped = new CountDownLatch(1);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gamekeeper-stats");
                t.setDaemon(true);
                return t;
            });
            try (rules; StreamInstances app = new StreamInstances(topics, rules, config, settings)) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    app.close();
                    stopped.countDown();
                }));
                app.start();
                if (stats > 0) {
                    StreamStats s = new StreamStats(app);
                    timer.scheduleAtFixedRate(() -> err.println(s.line()), stats, stats, TimeUnit.SECONDS);
                }
                while (!stopped.await(1, TimeUnit.SECONDS)) {
                    if (!app.failures().isEmpty()) {
                        throw new InputException("the stream stopped: " + app.failures().get(0));
                    }
                }
            } finally {
                timer.shutdownNow();
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replay evidence files into a topic: one JSON event per record, keyed by host (Computer).",
                    "EVTX records go in the evtx_dump shape, JSON events as they were read; the headers gamekeeper.file and",
                    "gamekeeper.line say where each came from, so alerts name the same file and line as hunt's."},
            footer = {"", "Example:", "  gamekeeper stream replay cases/dc01/*.evtx otrf.zip --bootstrap kafka1:9092 --topic winlogs"})
    static final class ReplayFiles implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
        List<String> paths;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--topic", paramLabel = "TOPIC", required = true, description = "Topic to write the events to.")
        String topic;

        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A Kafka producer property (repeatable).")
        Map<String, String> properties;

        @Override
        public Integer call() throws Exception {
            PrintStream err = System.err;
            Evidence evidence = Evidence.of(paths, err, false, "replay");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("bootstrap.servers", bootstrap);
            config.put("acks", "all");
            config.put("linger.ms", "10");
            config.put("batch.size", Integer.toString(256 * 1024));
            config.put("compression.type", "lz4");
            if (properties != null) {
                config.putAll(properties);
            }
            long problems = evidence.problems();
            Replay.Summary s;
            try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                long[] n = {0};
                s = new Replay(producer, topic).send(evidence.events(), p -> {
                    err.println("gamekeeper: " + p);
                    n[0]++;
                });
                problems += n[0];
            } catch (IllegalStateException e) {
                throw new InputException(e.getMessage());
            }
            err.println("gamekeeper: replayed " + s.events() + " events (" + s.bytes() + " bytes) from " + s.files() + " files into "
                    + topic + (problems > 0 ? "; " + problems + " problems" : ""));
            return Main.EXIT_OK;
        }
    }

    @Command(name = "try", mixinStandardHelpOptions = true,
            description = {"Try the stream on files: starts a single-node Kafka (KRaft) inside this process on 127.0.0.1, with its",
                    "data in a temporary folder, replays the files, runs N instances of the topology, prints the alerts as",
                    "JSON lines on stdout once every event is consumed, stops and removes the folder. Same alerts as hunt",
                    "(as hunt --no-rarity, or hunt --baseline FILE with --baseline FILE)."},
            footer = {"", "Examples:", "  gamekeeper stream try --rules ../sigma/rules/windows --instances 2 logs/ > alerts.jsonl",
                    "  gamekeeper stream try --rules builtin --baseline estate.baseline --incidents incidents.jsonl logs/ > alerts.jsonl"})
    static final class Try implements Callable<Integer> {
        @CommandLine.Mixin
        RuleOptions ruleOptions;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
        List<String> paths;

        @Option(names = "--instances", paramLabel = "N", defaultValue = "1", description = "Instances of the topology; default: ${DEFAULT-VALUE}.")
        int instances;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "4", description = "Partitions of the events and alerts topics; default: ${DEFAULT-VALUE}.")
        int partitions;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "Longest wait for the events to be consumed; default: ${DEFAULT-VALUE}.")
        int timeout;

        @Option(names = "--incidents", paramLabel = "FILE.jsonl", description = {"Also run the incidents stage and write the incidents (the latest version of each, in order",
                "of first evidence) to FILE as JSON lines, as hunt --incidents does (per host: see the README for what differs)."})
        Path incidents;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (instances < 1 || partitions < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--instances and --partitions must be at least 1");
            }
            PrintStream err = System.err;
            StreamDetector detector = ruleOptions.load();
            Evidence evidence = Evidence.of(paths, err, false, "stream try");
            long started = System.nanoTime();
            Trial.Result r = Trial.run(evidence.events(), detector, new Trial.Stages(ruleOptions.rarity(), incidents != null), instances,
                    partitions, p -> err.println("gamekeeper: " + p), Duration.ofSeconds(timeout));
            if (incidents != null) {
                try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(incidents), 1 << 16)) {
                    for (byte[] i : r.incidents()) {
                        out.write(i);
                        out.write('\n');
                    }
                }
            }
            try (var out = new java.io.BufferedOutputStream(Main.stdout, 1 << 16)) {
                for (byte[] a : r.alerts()) {
                    out.write(a);
                    out.write('\n');
                }
            }
            if (instances > 1) {
                for (var share : r.shares()) {
                    err.println("gamekeeper: stream try: instance " + (share.instance() + 1) + " held input partitions "
                            + share.partitions() + " and read " + share.events() + " events");
                }
            }
            err.println("gamekeeper: stream try: " + r.replay().events() + " events from " + r.replay().files() + " files through "
                    + instances + " instance(s) on " + partitions + " partitions: " + r.alerts().size() + " alerts, " + r.deadLetters()
                    + " dead letters, " + (incidents != null ? r.incidents().size() + " incidents, " : "")
                    + (System.nanoTime() - started) / 1_000_000 + " ms");
            return Main.EXIT_OK;
        }
    }
}
