package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.demo.DemoScenario;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gamekeeper demo}: writes a realistic intrusion as real evidence, hunts it with the
 * built-in pack (and any {@code --rules}), writes every output and says what happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Write a fictitious intrusion as real evidence (EVTX and mail), hunt it, and report it.",
                "An electoral-registration body breached as public advisories describe (APT31-style reconnaissance mail,",
                "an Exchange web shell, living off the land, credential theft, a bulk export of the register, log clearing)",
                "amid fifteen months of ordinary activity. Writes evidence/, alerts.jsonl, incidents.jsonl, report.html,",
                "navigator.json and case.db into the output folder; the intrusion summary goes to stdout."},
        footer = {"", "Examples:", "  gamekeeper demo", "  gamekeeper demo --out /tmp/demo --seed 42",
                "  gamekeeper demo --rules builtin,../sigma/rules/windows", "",
                "Exit codes: 0 done, 2 usage error, 3 the output folder cannot be written."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "gamekeeper-demo", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2021", description = "Scenario seed: the same seed writes the same evidence (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--rules", paramLabel = "PATH", split = ",", description = "Rule sets to hunt with (default: the built-in pack); 'builtin' adds the pack to others.")
    List<String> rules;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads of the hunt (default: number of cores).")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        try {
            Files.createDirectories(out);
            if (Files.exists(out.resolve("evidence"))) {
                deleteTree(out.resolve("evidence"));
            }
            Files.deleteIfExists(out.resolve("case.db"));
        } catch (IOException e) {
            throw new InputException("cannot write the demo into " + out + ": " + e.getMessage());
        }
        long start = System.nanoTime();
        DemoScenario.Written w = DemoScenario.write(out, seed);
        err.println(String.format(Locale.ROOT, "demo: %d events in %d evidence files written to %s in %.1f s",
                w.events(), w.files().size(), w.evidence(), (System.nanoTime() - start) / 1e9));
        List<String> args = new ArrayList<>(List.of("--no-progress",
                "-o", out.resolve("alerts.jsonl").toString(),
                "--incidents", out.resolve("incidents.jsonl").toString(),
                "--report", out.resolve("report.html").toString(),
                "--navigator", out.resolve("navigator.json").toString(),
                "--db", out.resolve("case.db").toString()));
        if (rules != null) {
            args.add("--rules");
            args.add(String.join(",", rules));
        }
        if (threads != null) {
            args.add("--threads");
            args.add(threads.toString());
        }
        args.add(w.evidence().toString());
        HuntCommand hunt = new HuntCommand();
        CommandLine cli = Main.configure(new CommandLine(hunt));
        int code = cli.execute(args.toArray(new String[0]));
        if (code != Main.EXIT_OK) {
            return code;
        }
        print(hunt.grouped, w);
        return Main.EXIT_OK;
    }

    /** The intrusion with the most alerts (ties: the earliest), then the others in a line each. */
    private void print(IncidentGrouping.Result grouped, DemoScenario.Written w) {
        PrintStream o = new PrintStream(Main.stdout, true, java.nio.charset.StandardCharsets.UTF_8);
        List<Intrusion> intrusions = new ArrayList<>(grouped == null ? List.of() : grouped.intrusions());
        o.println("Gamekeeper demo (seed " + seed + "): a fictitious electoral-registration body, " + w.events()
                + " events on " + w.files().stream().map(f -> f.getParent().getFileName().toString()).distinct().count()
                + " hosts and mailboxes");
        if (intrusions.isEmpty()) {
            o.println("no intrusion found");
            return;
        }
        intrusions.sort(Comparator.comparingLong(Intrusion::alertCount).reversed()
                .thenComparing(Intrusion::firstEvidence, Comparator.nullsLast(Comparator.naturalOrder())));
        Intrusion main = intrusions.get(0);
        o.println();
        o.println("intrusion " + main.id() + " (" + main.severity() + ", " + main.alertCount() + " alerts)");
        o.println("first evidence: " + main.firstEvidence());
        o.println("last evidence: " + main.lastEvidence());
        o.println("dwell time: " + Duration.between(main.firstEvidence(), main.lastEvidence()).toDays() + " days");
        o.println("hosts: " + String.join(", ", main.hosts()));
        o.println("accounts: " + String.join(", ", main.accounts()));
        o.println("tactics: " + String.join(" → ", main.tactics().stream().map(Tactic::name).toList()));
        if (main.summary() != null && !main.summary().isBlank()) {
            o.println("summary: " + main.summary());
        }
        if (intrusions.size() > 1) {
            o.println();
            o.println("also found:");
            for (Intrusion i : intrusions.subList(1, intrusions.size())) {
                o.println("  " + CaseOutputs.line(i, null));
            }
        }
        o.println();
        o.println("outputs in " + out + ": evidence/, alerts.jsonl, incidents.jsonl, report.html, navigator.json, case.db");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
