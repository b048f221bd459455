package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.baseline.BaselineFile;
import org.gamekeeper.engine.baseline.LotlTools;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.noise.Aggregation;
import org.gamekeeper.engine.noise.Tuning;
import org.gamekeeper.engine.order.OrderedTimeline;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.engine.source.AlertSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.mail.MailAlertSource;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.config.MailConfig;
import org.gamekeeper.report.TimesketchTimeline;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.Selection;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.RuleProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code gamekeeper hunt}: run Sigma rules (and their correlations) over logs; alerts out. */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Run Sigma rules (and IOC lists) over Windows event logs (EVTX) and JSON exports and report alerts.",
                "Alerts go to stdout as JSON lines (a table on a terminal) or to -o FILE.csv|.jsonl in event-time order;",
                "identical alerts are aggregated (count, first and last seen); the summary goes to stderr."},
        footer = {"", "Examples:",
                "  gamekeeper hunt --rules ../sigma/rules/windows logs/ > alerts.jsonl",
                "  gamekeeper hunt --rules rules/ --min-level high -o timeline.csv --fail-on critical C:/cases/dc01",
                "  gamekeeper hunt --rules rules/ --from 2022-01-01 --to 2022-03-31 --exclude-tag attack.discovery logs/",
                "  gamekeeper hunt --ioc advisory-iocs.csv --ioc bundle.json logs/ mail/",
                "  gamekeeper hunt --rules builtin logs/ --incidents incidents.jsonl --report report.html --navigator layer.json --db case.db",
                "  gamekeeper hunt --rules builtin logs/ -o alerts.jsonl --timeline-format timesketch",
                "  gamekeeper hunt --rules rules/ --baseline estate.baseline logs/incident/",
                "", "Rarity: LOTL tools, services, tasks and RDP logons never or rarely seen before (against --baseline FILE from",
                "'gamekeeper baseline learn', else least-frequency stacking within the data given) are alerts of kind rarity at",
                "level low, or raise a rule alert on the same event by one level; --no-rarity turns this off.",
                "", "Deprecated, kept for one release: --timeline FILE (use -o/--output FILE).",
                "", "Exit codes: 0 done, 1 --fail-on matched, 2 usage error, 3 no readable input or rules (or damage with --strict)."})
final class HuntCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
    List<String> paths;

    @Option(names = "--rules", paramLabel = "PATH", split = ",", description = "Sigma rule files or folders (comma-separated or repeated); the word 'builtin' adds the built-in pack.")
    List<String> rules;

    @Option(names = "--mapping", paramLabel = "FILE", description = "A log-source mapping file read over the built-in one (after the configuration's 'mappings').")
    List<Path> mappings;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (placeholders for expand modifiers).")
    Path config;

    @Option(names = "--min-level", paramLabel = "LEVEL", defaultValue = "informational", description = "Lowest rule level to run: informational, low, medium, high, critical.")
    String minLevel;

    @Option(names = "--status", paramLabel = "STATUS", split = ",", description = "Rule statuses to run (default: every status except deprecated and unsupported).")
    List<String> statuses;

    @Option(names = "--include-tag", paramLabel = "TAG", split = ",", description = "Only rules with one of these tags (e.g. attack.credential-access).")
    List<String> includeTags;

    @Option(names = "--exclude-tag", paramLabel = "TAG", split = ",", description = "Leave out rules with any of these tags.")
    List<String> excludeTags;

    @Option(names = "--exclude-rule", paramLabel = "ID", split = ",", description = "Leave out rules by id (or name).")
    List<String> excludeRules;

    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time (2022-01-31 or 2022-01-31T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this time (a date means its end).")
    String to;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write alerts to FILE.csv or FILE.jsonl (event-time order) instead of stdout.")
    Path output;

    @Option(names = "--timeline", paramLabel = "FILE", hidden = true, description = "Deprecated spelling of --output.")
    Path timeline;

    @Option(names = "--ioc", paramLabel = "FILE", description = "Indicators to sweep for: CSV (type,value,description) or a STIX 2.1 bundle (repeatable).")
    List<Path> iocFiles;

    @Option(names = "--no-aggregate", description = "Keep identical alerts apart instead of one alert with a count, first and last seen.")
    boolean noAggregate;

    @Option(names = "--format", paramLabel = "FORMAT", description = "stdout format: jsonl or table (default: table on a terminal, jsonl otherwise).")
    StdoutFormat format;

    @Option(names = "--no-color", description = "No colour in the table (NO_COLOR in the environment does the same).")
    boolean noColor;

    @Option(names = {"-q", "--quiet"}, description = "No summary on stderr (warnings and errors still).")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Name every input skipped (not evidence, or not read by hunt) instead of counting them.")
    boolean verbose;

    enum StdoutFormat { jsonl, table }

    /** Aggregated groups held at most; beyond, alerts are written as they come. */
    static final int MAX_GROUPS = 200_000;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit with code 1 when an alert at or above LEVEL is found.")
    String failOn;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Write the provenance record (version, rule sets, configuration, inputs with SHA-256) to FILE.json.")
    Path manifest;

    @Option(names = "--timeline-format", paramLabel = "FORMAT", defaultValue = "gamekeeper",
            description = "Timeline shape: gamekeeper (default, INTERFACES.md) or timesketch (JSON lines with message, datetime, timestamp_desc; needs a .jsonl -o/--output).")
    String timelineFormat;

    @Option(names = "--incidents", paramLabel = "FILE.jsonl", description = "Group the alerts into incidents and intrusions; write them as JSON lines.")
    Path incidents;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write the self-contained HTML report (no network needed to open it).")
    Path report;

    @Option(names = "--navigator", paramLabel = "FILE.json", description = "Write an ATT&CK Navigator layer of the techniques seen.")
    Path navigator;

    @Option(names = "--db", paramLabel = "FILE", description = "Add this run's alerts to the case database FILE (SQLite; created if absent); incidents, report and layer then cover the whole case.")
    Path db;

    @Option(names = "--as-of", paramLabel = "TIME", description = "Count dwell time to this ISO-8601 UTC time (default: the last event).")
    String asOf;

    @Option(names = "--carve", description = "Also hunt in records recovered from slack space.")
    boolean carve;

    @Option(names = "--strict", description = "Exit with code 3 when a rule fails to load or input is damaged.")
    boolean strict;

    @Option(names = "--no-progress", description = "Never draw a progress bar.")
    boolean noProgress;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Judge rarity against this baseline (made by 'gamekeeper baseline learn'); without it, rarity is ranked within the data given.")
    Path baseline;

    @Option(names = "--no-rarity", description = "No rarity findings, and no rule alert raised by rarity.")
    boolean noRarity;
    /** The incidents and intrusions of the last run, when case outputs were asked for (the demo reads them). */
    org.gamekeeper.engine.incident.IncidentGrouping.Result grouped;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Level min = level(minLevel, "--min-level");
        Level fail = failOn == null ? null : level(failOn, "--fail-on");
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        long[] window = TimeOption.window(spec.commandLine(), from, to);
        long fromMillis = window[0];
        long toMillis = window[1];
        if (timeline != null) {
            if (output != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeline is the old spelling of --output; give one of them");
            }
            err.println("gamekeeper: --timeline is deprecated and will go in the next release; use -o/--output " + timeline);
            output = timeline;
        }
        if (output != null && Timeline.Format.of(output) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--output must name a .csv or .jsonl (JSON lines) file: " + output);
        }
        IocLibrary ioc = IocFiles.load(iocFiles, err::println);
        boolean timesketch = timesketch(timelineFormat, output);
        CaseOutputs outputs = new CaseOutputs(db, report, navigator, incidents, ReportCommand.asOf(spec, asOf));
        List<Alert> kept = new ArrayList<>();

        long loadStart = System.nanoTime();
        RuleSet set = loadRules(err);
        if (strict && set.failed() > 0) {
            return Main.EXIT_INPUT;
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        List<CompiledRule> chosen = compiled.select(new Selection(min, set(includeTags), set(excludeTags), set(excludeRules)));
        List<org.gamekeeper.sigma.rule.RuleMetadata> metadata = new ArrayList<>();
        for (var e : set.entries()) {
            if (e.loaded()) {
                metadata.add(e.document().metadata());
            }
        }
        for (String w : RuleFilterCheck.warnings(metadata, includeTags, excludeTags, excludeRules)) {
            err.println("gamekeeper: warning: " + w);
        }
        if (chosen.isEmpty() && !set.rules().isEmpty()) {
            err.println("gamekeeper: warning: the rule filters leave no rule to run");
        }
        LogSourceMapping mapping = LogSourceMapping.builtin();
        ConfigFile cfg = config == null ? ConfigFile.empty() : ConfigFile.read(config);
        List<Path> mappingFiles = new ArrayList<>(cfg.mappings());
        if (mappings != null) {
            mappingFiles.addAll(mappings);
        }
        {
            for (Path m : mappingFiles) {
                try {
                    mapping = mapping.with(m);
                } catch (IOException | RuntimeException e) {
                    throw new InputException("mapping " + m + ": " + e.getMessage());
                }
            }
        }
        RuleIndex index = RuleIndex.build(compiled, chosen, mapping);
        RarityStage rarity = rarityStage();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        Tuning tuning;
        try {
            tuning = new Tuning(cfg.tuning(), LocalDate.now(ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        for (Tuning.Entry x : tuning.expired()) {
            err.println("gamekeeper: warning: tuning entry " + x.place() + " expired on " + x.expires() + " and no longer applies (" + x.reason() + ")");
        }
        Evidence evidence = Evidence.of(paths, err, true, "hunt", verbose);
        List<InputFile> usable = evidence.events();
        List<InputFile> mail = evidence.mail();
        long totalBytes = evidence.bytes();
        if (manifest != null) {
            List<InputFile> all = new ArrayList<>(usable);
            all.addAll(mail);
            Manifest.write(manifest, RuleSpecs.paths(rules), config, mappings == null ? List.of() : mappings, Manifest.distinctFiles(all), Instant.now());
        }
        Terminal.Progress progress = new Terminal.Progress(err, !noProgress && Terminal.stderrIsTerminal() && totalBytes > 64L << 20, totalBytes);
        OutputStream stdout = new BufferedOutputStream(Main.stdout, 1 << 16);
        OrderedTimeline file = output == null || timesketch ? null : new OrderedTimeline(output, OrderedTimeline.MEMORY_BYTES);
        java.io.Writer sketch = timesketch ? java.nio.file.Files.newBufferedWriter(output, java.nio.charset.StandardCharsets.UTF_8) : null;
        boolean table = file == null && sketch == null && (format == StdoutFormat.table || format == null && Terminal.stdoutIsTerminal());
        AlertTable view = table ? new AlertTable(Terminal.width(), Terminal.colour(noColor)) : null;
        if (view != null) {
            stdout.write((view.header() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        JsonOut line = new JsonOut(4096);
        Level[] worst = {null};
        Aggregation aggregation = noAggregate ? null : new Aggregation(MAX_GROUPS);
        long[] written = {0};
        Consumer<Alert> write = a -> {
            written[0]++;
            try {
                if (sketch != null) {
                    TimesketchTimeline.write(a, sketch);
                } else if (file != null) {
                    file.write(a);
                } else if (view != null) {
                    stdout.write((view.row(a) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } else {
                    line.reset();
                    Timeline.json(a, line);
                    line.raw('\n');
                    line.writeTo(stdout);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        Hunt.Settings settings = Hunt.Settings.defaults(n).withTimeRange(fromMillis, toMillis).withCarve(carve)
                .withZonelessTimesIn(cfg.timeZone());
        if (!outputs.any()) {
            settings = settings.withoutEntities(); // only incidents read them; the alert output does not show them
        }
        List<AlertSource> alertSources = mail.isEmpty() ? List.of() : List.of(new MailAlertSource(mailConfig(), ioc));
        List<InputFile> inputs = new ArrayList<>(usable);
        inputs.addAll(mail);
        Hunt.Summary summary;
        try {
            Hunt.Sink sink = new Hunt.Sink() {
                @Override
                public void alert(Alert a) {
                    if (tuning.suppress(a) != null) {
                        return;
                    }
                    if (worst[0] == null || a.level().compareTo(worst[0]) > 0) {
                        worst[0] = a.level();
                    }
                    if (outputs.any()) {
                        kept.add(a);
                    }
                    if (aggregation == null || !aggregation.add(a)) {
                        write.accept(a);
                    }
                }

                @Override
                public void problem(Problem p) {
                    err.println("gamekeeper: " + p);
                }

                @Override
                public void progress(long doneBytes) {
                    progress.update(doneBytes, "hunting");
                }
            };
            // Mail beside logs: each flagged message becomes an alert (kind mail), so a phishing
            // message and what happened on its recipient's machine meet in one timeline.
            summary = new Hunt(index, compiled.correlations(), settings, ioc, rarity).run(inputs, alertSources, sink);
            if (aggregation != null) {
                aggregation.alerts().forEach(write);
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } finally {
            stdout.flush();
            if (file != null) {
                file.close();
            }
            if (sketch != null) {
                sketch.close();
            }
            progress.finish();
        }
        if (!quiet) {
            printSummary(err, summary, set, loadSeconds);
            err.println(String.format(Locale.ROOT, "events with hits / events read: %d / %d; alerts written: %d%s", summary.eventsWithHits(),
                    summary.events(), written[0], aggregation != null && aggregation.added() > written[0] - aggregation.passedThrough()
                            ? " (identical alerts aggregated; --no-aggregate keeps them apart)" : ""));
            for (Map.Entry<Tuning.Entry, Long> t : tuning.suppressedCounts().entrySet()) {
                err.println("tuning: " + t.getValue() + " alert(s) suppressed by " + t.getKey().place() + " (" + t.getKey().reason() + ")");
            }
        }
        if (rarity != null && !quiet) {
            err.println("rarity: " + summary.alertsByKind().getOrDefault(Alert.Kind.RARITY, 0L) + " finding(s) "
                    + (baseline != null ? "against the baseline " + baseline : "within the data (least-frequency stacking; --baseline FILE judges against the past)"));
            if (rarity.unjudged() > 0) {
                err.println("gamekeeper: " + rarity.unjudged() + " sighting(s) beyond " + RarityStage.DEFAULT_MAX_HELD
                        + " held for rarity were not judged; learn a baseline and hunt with --baseline");
            }
        }
        if (outputs.any()) {
            java.io.PrintWriter w = new java.io.PrintWriter(err, true);
            grouped = outputs.write(kept.stream().map(org.gamekeeper.engine.incident.AlertEvidence::of).toList(), List.of(),
                    CaseOutputs.provenance(rules, inputs), w);
            w.flush();
        }
        if (strict && summary.problems() + evidence.problems() > 0) {
            return Main.EXIT_INPUT;
        }
        return fail != null && worst[0] != null && worst[0].compareTo(fail) >= 0 ? Main.EXIT_FAIL_ON : Main.EXIT_OK;
    }

    private boolean timesketch(String format, Path timeline) {
        if (format.equals("gamekeeper")) {
            return false;
        }
        if (!format.equals("timesketch")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeline-format must be gamekeeper or timesketch: " + format);
        }
        if (timeline == null || Timeline.Format.of(timeline) != Timeline.Format.JSONL) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeline-format timesketch needs -o/--output FILE.jsonl");
        }
        return true;
    }

    private Level level(String text, String option) {
        Level l = Level.of(text.toLowerCase(Locale.ROOT));
        if (l == null) {
            List<String> words = new ArrayList<>();
            for (Level v : Level.values()) {
                words.add(v.id());
            }
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be one of " + String.join(", ", words) + ": " + text);
        }
        return l;
    }

    private static Set<String> set(List<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    private MailConfig mailConfig() {
        try {
            return ConfigLoader.load(config);
        } catch (RuntimeException e) {
            throw new InputException("mail configuration: " + e.getMessage());
        }
    }

    private RuleSet loadRules(PrintStream err) {
        LoadOptions options = RulesCommand.loadOptions(spec, config, statuses);
        RuleSet set = RuleSpecs.load(rules, options);
        List<RuleProblem> problems = set.problems();
        int shown = 0;
        for (RuleProblem p : problems) {
            if (shown++ < 20) {
                err.println("gamekeeper: rule " + p);
            }
        }
        if (problems.size() > 20) {
            err.println("gamekeeper: ... and " + (problems.size() - 20) + " more rule problems (gamekeeper rules check shows all)");
        }
        if (set.loaded() == 0) {
            throw new InputException("no rule loaded from " + (rules == null ? "the built-in pack" : rules));
        }
        return set;
    }

    /** The rarity stage the options ask for: against a baseline file, within the data, or none. */
    private RarityStage rarityStage() {
        if (noRarity) {
            if (baseline != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--baseline and --no-rarity contradict each other; give one");
            }
            return null;
        }
        if (baseline == null) {
            return RarityStage.withinData(LotlTools.builtin(), RarityStage.DEFAULT_MAX_HELD);
        }
        return againstBaseline(baseline);
    }

    /** The rarity stage judging against the baseline file {@code baseline} (hunt's and the stream's). */
    static RarityStage againstBaseline(Path baseline) {
        try (BaselineFile f = BaselineFile.open(baseline)) {
            return RarityStage.againstBaseline(f.read(), LotlTools.builtin());
        } catch (IOException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static void printSummary(PrintStream err, Hunt.Summary s, RuleSet set, double loadSeconds) {
        err.println(String.format(Locale.ROOT, "hunt: %d file(s), %d event(s) read (%d in the time range), %d rule(s) run at %d place(s) "
                        + "(%d loaded, %d failed, %d skipped for their log source), rules ready in %.2f s",
                s.files(), s.events(), s.eventsInRange(), s.rulesRun(), s.entries(), set.loaded(), set.failed(), s.rulesSkipped(), loadSeconds));
        StringBuilder levels = new StringBuilder();
        for (Map.Entry<Level, Long> l : s.alertsByLevel().entrySet()) {
            levels.append(levels.length() == 0 ? "" : ", ").append(l.getValue()).append(' ').append(l.getKey().id());
        }
        long mail = s.alertsByKind().getOrDefault(Alert.Kind.MAIL, 0L);
        err.println("alerts: " + s.alerts() + (levels.length() > 0 ? " (" + levels + ")" : "")
                + (s.correlationAlerts() > 0 ? ", " + s.correlationAlerts() + " from correlations" : "")
                + (mail > 0 ? ", " + mail + " from mail" : ""));
        if (s.firstAlert() != null) {
            err.println("first alert " + Timeline.time(s.firstAlert()) + ", last alert " + Timeline.time(s.lastAlert()));
        }
        if (!s.alertsByRule().isEmpty()) {
            err.println("top rules:");
            for (Map.Entry<String, Long> e : s.alertsByRule().entrySet()) {
                err.println(String.format(Locale.ROOT, "  %6d  %s", e.getValue(), e.getKey()));
            }
        }
        if (!s.alertsByHost().isEmpty()) {
            err.println("hosts:");
            for (Map.Entry<String, Long> e : s.alertsByHost().entrySet()) {
                err.println(String.format(Locale.ROOT, "  %6d  %s", e.getValue(), e.getKey()));
            }
        }
        for (Map.Entry<String, Long> u : s.untimed().entrySet()) {
            err.println("gamekeeper: " + u.getKey() + ": " + u.getValue() + " event(s) without a readable time (kept by --from/--to, unseen by correlations)");
        }
        for (String t : s.trips()) {
            err.println("gamekeeper: correlation memory bound reached: " + t);
        }
        if (s.droppedCorrelationMatches() > 0) {
            err.println("gamekeeper: " + s.droppedCorrelationMatches() + " correlation match(es) beyond the bound were dropped");
        }
        err.println("Sigma rules are © their authors under the Detection Rule License 1.1; rule_author credits them in every alert.");
    }
}
