package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.rule.RuleProblem;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaDocument;
import org.gamekeeper.sigma.rule.SigmaFilter;
import org.gamekeeper.sigma.rule.Status;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper rules check|list}: load Sigma rule sets and report on them. */
@Command(name = "rules", description = "Check, list or install Sigma rule sets.",
        footer = {"", "Examples:", "  gamekeeper rules check rules/windows --strict", "  gamekeeper rules list my-rules/ --format json",
                "  gamekeeper rules update", "  gamekeeper rules list"},
        subcommands = {RulesCommand.CheckRules.class, RulesCommand.ListRules.class, RulesUpdate.class})
final class RulesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check, list or update");
    }

    enum Format { text, json }

    /**
     * Load options from the command line: placeholders from the configuration file and the
     * chosen statuses. Shared by every command that loads rules.
     */
    static LoadOptions loadOptions(CommandLine.Model.CommandSpec spec, Path config, List<String> statuses) {
        ConfigFile cfg = config == null ? ConfigFile.empty() : ConfigFile.read(config);
        LoadOptions options = LoadOptions.defaults().withPlaceholders(cfg.placeholders());
        if (statuses != null) {
            Set<Status> chosen = EnumSet.noneOf(Status.class);
            for (String s : statuses) {
                Status st = Status.of(s.trim());
                if (st == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "unknown status '" + s + "' (stable, test, experimental, deprecated, unsupported)");
                }
                chosen.add(st);
            }
            options = options.withStatuses(chosen);
        }
        return options;
    }

    /** Options shared by both subcommands. */
    static class Input {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "PATH", description = "Sigma rule files or folders (recursed; .yml and .yaml); 'builtin' is the built-in pack.")
        List<String> paths = new ArrayList<>();

        @Option(names = "--config", paramLabel = "FILE", description = "Configuration file; its 'placeholders' fill expand placeholders.")
        Path config;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        Format format;

        @Option(names = "--status", paramLabel = "STATUS", split = ",",
                description = "Statuses to use, comma-separated (default: every status except deprecated and unsupported); other rules are skipped.")
        List<String> statuses;

        RuleSet load() {
            if (paths.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name the rule files or folders (PATH…)");
            }
            return RuleSpecs.load(paths, loadOptions(spec, config, statuses));
        }
    }

    @Command(name = "check", description = {"Load rules and report how many loaded, failed (file:line and reason) and were skipped by status.",
            "Failures go to stdout as 'file:line:column: reason' (or the JSON object with --format json); the summary goes to stderr."},
            footer = {"", "Examples:", "  gamekeeper rules check ../sigma/rules/windows --status stable,test",
                    "  gamekeeper rules check rules/ --format json --strict --config gamekeeper.yml",
                    "", "Exit codes: 0 checked, 3 no rule loaded (no rule file, or every one failed or was skipped),",
                    "or a rule failed with --strict."},
            mixinStandardHelpOptions = true)
    static final class CheckRules implements Callable<Integer> {
        @CommandLine.Mixin
        Input input = new Input();

        @Option(names = "--strict", description = "Exit with code 3 when any rule fails to load.")
        boolean strict;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RuleSet set = input.load();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<RuleProblem> problems = set.problems();
            if (input.format == Format.json) {
                out.println(json(set, problems));
            } else {
                for (RuleProblem p : problems) {
                    out.println(p);
                }
            }
            out.flush();
            err.println("rules: " + set.loaded() + " loaded, " + set.failed() + " failed, " + set.skipped() + " skipped"
                    + (set.skipped() > 0 ? " " + set.skippedReasons() : ""));
            err.flush();
            if (set.entries().isEmpty()) {
                throw new InputException("no rule files (.yml, .yaml) found in " + input.paths);
            }
            if (set.loaded() == 0) {
                // Nothing to hunt with: as useless as no rule file, whatever --strict says.
                throw new InputException("no rule loaded from " + input.paths + " (" + set.failed() + " failed, "
                        + set.skipped() + " skipped)");
            }
            return strict && set.failed() > 0 ? Main.EXIT_INPUT : Main.EXIT_OK;
        }

        static String json(RuleSet set, List<RuleProblem> problems) {
            StringBuilder sb = new StringBuilder();
            sb.append("{\"loaded\":").append(set.loaded()).append(",\"failed\":").append(set.failed())
                    .append(",\"skipped\":").append(set.skipped()).append(",\"errors\":[");
            for (int i = 0; i < problems.size(); i++) {
                RuleProblem p = problems.get(i);
                sb.append(i == 0 ? "" : ",").append("{\"file\":").append(JsonText.quote(p.location().file()))
                        .append(",\"line\":").append(p.location().line())
                        .append(",\"message\":").append(JsonText.quote(p.message())).append('}');
            }
            sb.append("],\"skipped_reasons\":{");
            int i = 0;
            for (Map.Entry<String, Integer> e : set.skippedReasons().entrySet()) {
                sb.append(i++ == 0 ? "" : ",").append(JsonText.quote(e.getKey())).append(':').append(e.getValue());
            }
            return sb.append("}}").toString();
        }
    }

    @Command(name = "list", description = {"List the rules that load: id, level, status and title, one per line (tab-separated),",
            "or one JSON object per line with --format json. Rules that fail to load are reported on stderr.",
            "Without PATH: the rule sets installed by 'rules update' (name@version, SHA-256, rule files, folder)."},
            footer = {"", "Examples:", "  gamekeeper rules list", "  gamekeeper rules list ../sigma/rules/windows/process_creation",
                    "  gamekeeper rules list rules/ --format json | jq -r .title"},
            mixinStandardHelpOptions = true)
    static final class ListRules implements Callable<Integer> {
        @CommandLine.Mixin
        Input input = new Input();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (input.paths.isEmpty()) {
                return RulesUpdate.listInstalled(spec.commandLine().getOut(), spec.commandLine().getErr(), input.format == Format.json);
            }
            RuleSet set = input.load();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (RuleSet.Entry e : set.entries()) {
                if (!e.loaded()) {
                    continue;
                }
                SigmaDocument d = e.document();
                var m = d.metadata();
                String kind = d instanceof SigmaCorrelation ? "correlation" : d instanceof SigmaFilter ? "filter" : "rule";
                String level = m.level() == null ? "" : m.level().id();
                String status = m.status() == null ? "" : m.status().id();
                if (input.format == Format.json) {
                    out.println("{\"id\":" + JsonText.quote(m.id()) + ",\"level\":" + JsonText.quote(level.isEmpty() ? null : level)
                            + ",\"status\":" + JsonText.quote(status.isEmpty() ? null : status) + ",\"title\":" + JsonText.quote(m.title())
                            + ",\"kind\":" + JsonText.quote(kind) + ",\"file\":" + JsonText.quote(e.file()) + "}");
                } else {
                    out.println(nonNull(m.id()) + '\t' + level + '\t' + status + '\t' + nonNull(m.title()));
                }
            }
            out.flush();
            List<String> failed = new ArrayList<>();
            for (RuleProblem p : set.problems()) {
                failed.add(p.toString());
            }
            failed.forEach(err::println);
            err.println("rules: " + set.loaded() + " listed, " + set.failed() + " failed, " + set.skipped() + " skipped");
            err.flush();
            if (set.entries().isEmpty()) {
                throw new InputException("no rule files (.yml, .yaml) found in " + input.paths);
            }
            return Main.EXIT_OK;
        }

        private static String nonNull(String s) {
            return s == null ? "" : s.replace('\t', ' ');
        }
    }
}
