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
import java.util.concurrent.Callable;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.hunt.RuleIndex;
import org.gamekeeper.engine.hunt.Timeline;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Problem;
import org.gamekeeper.evtx.JsonOut;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.RuleProblem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper hunt}: run Sigma rules (and their correlations) over logs; alerts out. */
@Command(name = "hunt", mixinStandardHelpOptions = true,
        description = {"Run Sigma rules over Windows event logs (EVTX) and JSON exports and report alerts.",
                "Alerts go to stdout as JSON lines (or to --timeline FILE.csv|.jsonl); the summary goes to stderr."},
        footer = {"", "Examples:",
                "  gamekeeper hunt --rules ../sigma/rules/windows logs/ > alerts.jsonl",
                "  gamekeeper hunt --rules rules/ --min-level high --timeline timeline.csv --fail-on critical C:/cases/dc01",
                "  gamekeeper hunt --rules rules/ --from 2022-01-01 --to 2022-03-31 --exclude-tag attack.discovery logs/",
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

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--timeline", paramLabel = "FILE", description = "Write alerts to FILE.csv or FILE.jsonl instead of stdout.")
    Path timeline;

    @Option(names = "--fail-on", paramLabel = "LEVEL", description = "Exit with code 1 when an alert at or above LEVEL is found.")
    String failOn;

    @Option(names = "--manifest", paramLabel = "FILE", description = "Write the provenance record (version, rule sets, configuration, inputs with SHA-256) to FILE.json.")
    Path manifest;

    @Option(names = "--carve", description = "Also hunt in records recovered from slack space.")
    boolean carve;

    @Option(names = "--strict", description = "Exit with code 3 when a rule fails to load or input is damaged.")
    boolean strict;

    @Option(names = "--no-progress", description = "Never draw a progress bar.")
    boolean noProgress;

    private static final List<String> LEVELS = List.of("informational", "low", "medium", "high", "critical");

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        int minRank = rank(minLevel, "--min-level");
        int failRank = failOn == null ? Integer.MAX_VALUE : rank(failOn, "--fail-on");
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be at least 1");
        }
        long fromMillis = from == null ? Long.MIN_VALUE : time(from, false, "--from");
        long toMillis = to == null ? Long.MAX_VALUE : time(to, true, "--to");
        Timeline.Format timelineFormat = null;
        if (timeline != null) {
            String name = timeline.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!name.endsWith(".csv") && !name.endsWith(".jsonl") && !name.endsWith(".json")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--timeline must name a .csv or .jsonl file: " + timeline);
            }
        }

        long loadStart = System.nanoTime();
        RuleSet set = loadRules(err);
        if (strict && set.failed() > 0) {
            return Main.EXIT_INPUT;
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        List<CompiledRule> chosen = choose(compiled, minRank);
        LogSourceMapping mapping = LogSourceMapping.builtin();
        List<Path> mappingFiles = new ArrayList<>(config == null ? List.of() : ConfigFile.read(config).mappings());
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
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        Evidence evidence = Evidence.of(paths, err, true, "hunt");
        List<InputFile> usable = evidence.events();
        List<InputFile> mail = evidence.mail();
        long totalBytes = evidence.bytes();
        if (manifest != null) {
            List<Path> ruleSets = new ArrayList<>();
            for (String r : rules == null ? List.<String>of() : rules) {
                if (!r.equals("builtin")) {
                    ruleSets.add(Path.of(r));
                }
            }
            List<InputFile> all = new ArrayList<>(usable);
            all.addAll(mail);
            Manifest.write(manifest, ruleSets, config, mappings == null ? List.of() : mappings, Manifest.distinctFiles(all), Instant.now());
        }
        Terminal.Progress progress = new Terminal.Progress(err, !noProgress && Terminal.stderrIsTerminal() && totalBytes > 64L << 20, totalBytes);
        OutputStream stdout = new BufferedOutputStream(Main.stdout, 1 << 16);
        Timeline file = timeline == null ? null : Timeline.open(timeline);
        JsonOut line = new JsonOut(4096);
        int[] worst = {-1};
        IOException[] failure = {null};
        Hunt.Settings settings = new Hunt.Settings(n, fromMillis, toMillis, carve,
                org.gamekeeper.sigma.correlation.CorrelationLimits.defaults(), 2_000_000);
        Hunt.Summary summary;
        long[] mailAlerts = {0};
        try {
            Hunt.Sink sink = new Hunt.Sink() {
                @Override
                public void alert(Alert a) {
                    worst[0] = Math.max(worst[0], LEVELS.indexOf(a.level()));
                    try {
                        if (file != null) {
                            file.write(a);
                        } else {
                            line.reset();
                            Timeline.json(a, line);
                            line.raw('\n');
                            line.writeTo(stdout);
                        }
                    } catch (IOException e) {
                        failure[0] = e;
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
            summary = new Hunt(index, compiled.correlations(), settings).run(usable, sink);
            // Mail beside logs: each flagged message becomes an alert (kind mail), so a phishing
            // message and what happened on its recipient's machine meet in one timeline.
            mailAlerts[0] = MailHunt.run(mail, config, fromMillis, toMillis, sink);
        } finally {
            stdout.flush();
            if (file != null) {
                file.close();
            }
            progress.finish();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        printSummary(err, summary, set, loadSeconds);
        if (!mail.isEmpty()) {
            err.println("mail: " + mail.size() + " mail input(s), " + mailAlerts[0] + " alert(s) from suspicious or malicious messages");
        }
        if (strict && summary.problems() + evidence.problems() > 0) {
            return Main.EXIT_INPUT;
        }
        return worst[0] >= failRank ? Main.EXIT_FAIL_ON : Main.EXIT_OK;
    }

    private int rank(String level, String option) {
        int r = LEVELS.indexOf(level.toLowerCase(Locale.ROOT));
        if (r < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be one of " + String.join(", ", LEVELS) + ": " + level);
        }
        return r;
    }

    private long time(String s, boolean endOfDay, String option) {
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                Instant start = d.atStartOfDay().toInstant(ZoneOffset.UTC);
                return endOfDay ? start.plusSeconds(86_400).toEpochMilli() - 1 : start.toEpochMilli();
            }
            return Instant.parse(s.endsWith("Z") || s.matches(".*[+-][0-9]{2}:[0-9]{2}$") ? s : s + "Z").toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be a date (2022-01-31) or an ISO-8601 time (2022-01-31T10:00:00Z): " + s);
        }
    }

    private RuleSet loadRules(PrintStream err) {
        List<Path> rulePaths = new ArrayList<>();
        boolean builtin = false;
        if (rules != null) {
            for (String r : rules) {
                if (r.equals("builtin")) {
                    builtin = true;
                } else {
                    Path p = Path.of(r.startsWith("~/") ? System.getProperty("user.home") + r.substring(1) : r);
                    if (!Files.exists(p)) {
                        throw new InputException("no such rule file or folder: " + r);
                    }
                    rulePaths.add(p);
                }
            }
        }
        if (rulePaths.isEmpty()) {
            throw new InputException(builtin || rules == null
                    ? "no rules to run: the built-in pack is empty in this version and no SigmaHQ set is installed; pass --rules PATH (e.g. --rules sigma/rules/windows)"
                    : "no rules to run: pass --rules PATH");
        }
        LoadOptions options = RulesCommand.loadOptions(spec, config, statuses);
        RuleSet set;
        try {
            set = RuleSet.load(rulePaths, options);
        } catch (IOException e) {
            throw new InputException("cannot read rules: " + e.getMessage());
        }
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
            throw new InputException("no rule loaded from " + rules);
        }
        return set;
    }

    private List<CompiledRule> choose(CompiledRuleSet compiled, int minRank) {
        List<CompiledRule> out = new ArrayList<>();
        for (CompiledRule r : compiled.rules()) {
            var m = r.rule().metadata();
            Level level = m.level();
            int rank = level == null ? 0 : LEVELS.indexOf(level.toString().toLowerCase(Locale.ROOT));
            // Rules feeding correlations run whatever their own level: the correlation has its own.
            boolean feedsCorrelation = !compiled.alertsOnItsOwn(r);
            if (rank < minRank && !feedsCorrelation) {
                continue;
            }
            if (excludeRules != null && (excludeRules.contains(m.id()) || excludeRules.contains(m.name()))) {
                continue;
            }
            List<String> tags = m.tags().stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
            if (includeTags != null && includeTags.stream().noneMatch(t -> tags.contains(t.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            if (excludeTags != null && excludeTags.stream().anyMatch(t -> tags.contains(t.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            out.add(r);
        }
        return out;
    }

    private static void printSummary(PrintStream err, Hunt.Summary s, RuleSet set, double loadSeconds) {
        err.println(String.format(Locale.ROOT, "hunt: %d file(s), %d event(s) read (%d in the time range), %d rule(s) run at %d place(s) "
                        + "(%d loaded, %d failed, %d skipped for their log source), rules ready in %.2f s",
                s.files(), s.events(), s.eventsInRange(), s.rulesRun(), s.entries(), set.loaded(), set.failed(), s.rulesSkipped(), loadSeconds));
        StringBuilder levels = new StringBuilder();
        for (String l : LEVELS) {
            Long c = s.alertsByLevel().get(l);
            if (c != null) {
                levels.append(levels.length() == 0 ? "" : ", ").append(c).append(' ').append(l);
            }
        }
        err.println("alerts: " + s.alerts() + (levels.length() > 0 ? " (" + levels + ")" : "")
                + (s.correlationAlerts() > 0 ? ", " + s.correlationAlerts() + " from correlations" : ""));
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
        for (String t : s.trips()) {
            err.println("gamekeeper: correlation memory bound reached: " + t);
        }
        if (s.droppedCorrelationMatches() > 0) {
            err.println("gamekeeper: " + s.droppedCorrelationMatches() + " correlation match(es) beyond the bound were dropped");
        }
        err.println("Sigma rules are © their authors under the Detection Rule License 1.1; rule_author credits them in every alert.");
    }
}
