package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.baseline.BaselineFile;
import org.gamekeeper.engine.baseline.Facet;
import org.gamekeeper.engine.baseline.Learner;
import org.gamekeeper.engine.baseline.LotlTools;
import org.gamekeeper.engine.baseline.Tallies;
import org.gamekeeper.engine.source.InputFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper baseline learn}: learn what hosts and accounts normally do, into a baseline file. */
@Command(name = "baseline", description = "Learn behavioural baselines for 'hunt --baseline'.",
        footer = {"", "Examples:", "  gamekeeper baseline learn logs/2024-01/ --out estate.baseline",
                "  gamekeeper baseline learn logs/2024-02/ --out estate.baseline --update"},
        subcommands = {BaselineCommand.Learn.class})
final class BaselineCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: learn");
    }

    @Command(name = "learn", mixinStandardHelpOptions = true,
            description = {"Learn, per host and overall, which parent and child processes, LOLBin and admin-tool use per account,",
                    "command-line shapes (paths, numbers, GUIDs, hosts and addresses abstracted), logon types and sources",
                    "per account, and services and scheduled tasks created are normal, with first and last seen and counts.",
                    "The baseline is an SQLite file; a summary goes to stderr and nothing to stdout."},
            footer = {"", "Examples:", "  gamekeeper baseline learn logs/2024-01/ --out estate.baseline",
                    "  gamekeeper baseline learn logs/2024-02/ --out estate.baseline --update",
                    "  gamekeeper hunt --baseline estate.baseline logs/incident/",
                    "", "Exit codes: 0 done, 2 usage error (--out exists without --update), 3 no readable input, or not a baseline of this version."})
    static final class Learn implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
        List<String> paths;

        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The baseline file to write.")
        Path out;

        @Option(names = "--update", description = "Add to an existing baseline file (counts add up, first and last seen widen).")
        boolean update;

        @Override
        public Integer call() throws IOException {
            PrintStream err = System.err;
            if (!update && Files.exists(out)) {
                throw new CommandLine.ParameterException(spec.commandLine(), out + " exists: pass --update to add to it, or remove it first");
            }
            if (update && !Files.exists(out)) {
                throw new CommandLine.ParameterException(spec.commandLine(), out + " does not exist: learn it without --update first");
            }
            long start = System.nanoTime();
            Evidence evidence = Evidence.of(paths, err, false, "baseline learn");
            // Opened (and checked) before reading, so a wrong file is reported before minutes of work.
            try (BaselineFile file = open()) {
                Learner learner = new Learner(LotlTools.builtin(), new Tallies());
                learner.read(evidence.events(), p -> err.println("gamekeeper: " + p));
                Tallies t = learner.tallies();
                long rows = file.add(t, evidence.events().stream().map(InputFile::name).toList(), Main.version(), Instant.now());
                int learns = file.learns();
                Map<Facet, Integer> byFacet = new EnumMap<>(Facet.class);
                t.forEach((facet, host, key, tally) -> byFacet.merge(facet, 1, Integer::sum));
                StringBuilder facets = new StringBuilder();
                for (var e : byFacet.entrySet()) {
                    facets.append(facets.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().code());
                }
                err.println(String.format(Locale.ROOT, "baseline: %d event(s) from %d input(s), %d host(s), %d behaviour(s)%s %s %s (learn %d) in %.1f s",
                        t.span().count(), evidence.events().size(), t.hostCount(), rows, facets.length() == 0 ? "" : " (" + facets + ")",
                        update ? "added to" : "written to", out, learns, (System.nanoTime() - start) / 1e9));
                if (t.dropped() > 0) {
                    err.println("gamekeeper: " + t.dropped() + " sighting(s) of new behaviours beyond " + Tallies.DEFAULT_MAX_ENTRIES
                            + " distinct entries were not stored; learn in smaller parts with --update");
                }
            } catch (BaselineFile.Unusable e) {
                throw new InputException(e.getMessage());
            }
            return Main.EXIT_OK;
        }

        private BaselineFile open() throws IOException {
            return update ? BaselineFile.open(out) : BaselineFile.create(out);
        }
    }
}
