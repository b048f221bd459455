package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gamekeeper report --db FILE --out report.html}: renders a stored case again without reading its evidence. */
@Command(name = "report", description = {"Render the case stored by 'hunt --db' as a self-contained HTML report (and optionally",
        "incidents, ATT&CK Navigator layer), grouping its alerts into incidents again; the evidence is not read again.",
        "One line per intrusion goes to stderr."},
        footer = {"", "Examples:", "  gamekeeper report --db case.db --out report.html",
                "  gamekeeper report --db case.db --out report.html --navigator layer.json --incidents incidents.jsonl --as-of 2022-10-01T00:00:00Z"})
final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "the case database written by 'hunt --db'")
    Path db;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "where to write the HTML report")
    Path out;

    @Option(names = "--navigator", paramLabel = "FILE.json", description = "also write an ATT&CK Navigator layer of the techniques seen")
    Path navigator;

    @Option(names = "--incidents", paramLabel = "FILE.jsonl", description = "also write the incidents as JSON lines (INTERFACES.md)")
    Path incidents;

    @Option(names = "--as-of", paramLabel = "TIME", description = "count dwell time to this ISO-8601 UTC time (default: the last event)")
    String asOf;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(db)) {
            throw new InputException(db + ": no such case database");
        }
        PrintWriter err = spec.commandLine().getErr();
        org.gamekeeper.engine.incident.IncidentGrouping.Result r;
        try {
            r = new CaseOutputs(db, out, navigator, incidents, asOf(spec, asOf)).write(List.of(), List.of(), Map.of(), err);
        } catch (IOException e) {
            throw new InputException(e.getMessage());
        }
        err.println("report: " + r.incidents().size() + " incidents in " + r.intrusions().size() + " intrusions written to " + out);
        err.flush();
        return Main.EXIT_OK;
    }

    static Instant asOf(CommandLine.Model.CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--as-of '" + text + "' is not an ISO-8601 UTC time like 2022-10-01T00:00:00Z");
        }
    }
}
