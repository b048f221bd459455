package org.gamekeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.coverage.Coverage;
import org.gamekeeper.engine.coverage.CoverageSurvey;
import org.gamekeeper.engine.coverage.Guidance;
import org.gamekeeper.engine.coverage.RuleSource;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.sigma.RuleSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper coverage}: what each host's logs let an institution see, and what goes blind. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = {"Per host: which sources and event IDs the living-off-the-land guidance asks for are present",
                "(Security 4688 with command lines, 4624/4625/4672/4698/4719/4720/5140/5145/1102, System 7045/104, Sysmon",
                "and its event types, PowerShell 4103/4104, WMI-Activity, ESENT, Defender; IIS and Exchange HttpProxy logs",
                "where given), with counts and the span each covers; which are missing and why they matter; which ATT&CK techniques, and how many rules of the",
                "loaded sets (through the log-source mapping), go blind. A table, or one JSON object with --format json."},
        footer = {"", "Examples:", "  gamekeeper coverage logs/",
                "  gamekeeper coverage --rules ../sigma/rules/windows --format json logs/ > coverage.json",
                "", "Web logs are listed with event ID 0 under the server they name (IIS s-computername, HttpProxy",
                "ServerHostName), else under '(web logs)'; they are never listed as missing.",
                "", "Exit codes: 0 done, 2 usage error, 3 no readable input or rules."})
final class CoverageCommand implements Callable<Integer> {

    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
    List<String> paths;

    @Option(names = "--rules", paramLabel = "PATH", split = ",", description = "Sigma rule files or folders whose blind rules to count (comma-separated or repeated); the word 'builtin' adds the built-in pack, which is the default.")
    List<String> rules;

    @Option(names = "--mapping", paramLabel = "FILE", description = "A log-source mapping file read over the built-in one.")
    List<Path> mappings;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (placeholders for expand modifiers, extra mappings).")
    Path config;

    @Option(names = "--status", paramLabel = "STATUS", split = ",", description = "Rule statuses to count (default: every status except deprecated and unsupported).")
    List<String> statuses;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        List<RuleSource> ruleSources = loadRules(err);
        List<InputFile> events = new ArrayList<>();
        List<InputFile> web = new ArrayList<>();
        Inputs.expand(paths, System.in, in -> {
            switch (in.kind()) {
                case EVTX, JSON -> events.add(in);
                case WEB_LOG -> web.add(in);
                default -> err.println("gamekeeper: " + in.name() + ": mail is not something coverage reads; skipped");
            }
        }, p -> err.println("gamekeeper: " + p));
        if (events.isEmpty() && web.isEmpty()) {
            throw new InputException("no readable event input among " + String.join(", ", paths));
        }
        CoverageSurvey survey = new CoverageSurvey();
        Sources.plain().readAll(events, survey, p -> err.println("gamekeeper: " + p));
        for (InputFile in : web) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in.open(), StandardCharsets.UTF_8))) {
                survey.webLog(r);
            } catch (IOException e) {
                err.println("gamekeeper: " + in.name() + ": cannot read: " + e.getMessage());
            }
        }
        Coverage c = survey.report(Guidance.builtin(), ruleSources);
        String text = format == Format.json ? json(c) : table(c, !ruleSources.isEmpty());
        Main.stdout.write(text.getBytes(StandardCharsets.UTF_8));
        Main.stdout.flush();
        err.println("coverage: " + c.hosts().size() + " host(s) from " + (events.size() + web.size()) + " input(s)"
                + (ruleSources.isEmpty() ? "" : ", " + c.rulesBlind() + " of " + c.rules() + " rule(s) blind on every host"));
        return Main.EXIT_OK;
    }

    /** The rules named by --rules ('builtin' among them adds the pack); without --rules, the built-in pack when it has rules. */
    private List<RuleSource> loadRules(PrintStream err) throws IOException {
        if (rules == null && BuiltinPack.texts().isEmpty()) {
            return List.of();
        }
        RuleSet set = RuleSpecs.load(rules, RulesCommand.loadOptions(spec, config, statuses));
        if (set.loaded() == 0) {
            throw new InputException("no rule loaded from " + rules);
        }
        if (set.failed() > 0) {
            err.println("gamekeeper: " + set.failed() + " rule(s) failed to load (gamekeeper rules check shows why)");
        }
        LogSourceMapping mapping = LogSourceMapping.builtin();
        List<Path> files = new ArrayList<>(config == null ? List.of() : ConfigFile.read(config).mappings());
        if (mappings != null) {
            files.addAll(mappings);
        }
        for (Path m : files) {
            try {
                mapping = mapping.with(m);
            } catch (IOException | RuntimeException e) {
                throw new InputException("mapping " + m + ": " + e.getMessage());
            }
        }
        return RuleSource.of(set.rules(), mapping);
    }

    /** Exactly the object of INTERFACES.md "Coverage", on one line. */
    static String json(Coverage c) {
        StringBuilder sb = new StringBuilder("{\"hosts\":[");
        for (int i = 0; i < c.hosts().size(); i++) {
            Coverage.Host h = c.hosts().get(i);
            sb.append(i == 0 ? "" : ",").append("{\"host\":").append(JsonText.quote(h.host()))
                    .append(",\"first\":").append(time(h.first())).append(",\"last\":").append(time(h.last())).append(",\"present\":[");
            for (int j = 0; j < h.present().size(); j++) {
                Coverage.Present p = h.present().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"channel\":").append(JsonText.quote(p.channel()))
                        .append(",\"event_id\":").append(p.eventId()).append(",\"count\":").append(p.count()).append('}');
            }
            sb.append("],\"missing\":[");
            for (int j = 0; j < h.missing().size(); j++) {
                Coverage.Missing m = h.missing().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"channel\":").append(JsonText.quote(m.channel()))
                        .append(",\"event_id\":").append(m.eventId()).append(",\"why\":").append(JsonText.quote(m.why())).append('}');
            }
            sb.append("],\"blind_techniques\":[");
            for (int j = 0; j < h.blindTechniques().size(); j++) {
                sb.append(j == 0 ? "" : ",").append(JsonText.quote(h.blindTechniques().get(j)));
            }
            sb.append("]}");
        }
        return sb.append("],\"rules_blind\":").append(c.rulesBlind()).append("}\n").toString();
    }

    private static String time(Instant t) {
        return t == null ? "null" : JsonText.quote(t.toString());
    }

    static String table(Coverage c, boolean withRules) {
        StringBuilder sb = new StringBuilder();
        for (Coverage.Host h : c.hosts()) {
            sb.append(String.format(Locale.ROOT, "%s  %s .. %s%s%n", h.host(), h.first(), h.last(),
                    withRules ? String.format(Locale.ROOT, "  rules blind: %d of %d", h.rulesBlind(), c.rules()) : ""));
            for (Coverage.Present p : h.present()) {
                sb.append(String.format(Locale.ROOT, "  present  %-45s %5d %8d  %s .. %s%n", p.channel(), p.eventId(), p.count(), p.first(), p.last()));
            }
            for (Coverage.Missing m : h.missing()) {
                sb.append(String.format(Locale.ROOT, "  missing  %-45s %5d  %s%n", m.channel(), m.eventId(), m.why()));
            }
            sb.append("  blind techniques: ").append(h.blindTechniques().isEmpty() ? "none" : String.join(", ", h.blindTechniques())).append("\n\n");
        }
        if (withRules) {
            sb.append(String.format(Locale.ROOT, "rules blind on every host: %d of %d%n", c.rulesBlind(), c.rules()));
        }
        return sb.toString();
    }
}
