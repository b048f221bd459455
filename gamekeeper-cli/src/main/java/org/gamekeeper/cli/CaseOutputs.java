package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.attack.Tactic;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;
import org.gamekeeper.report.Case;
import org.gamekeeper.report.CaseDatabase;
import org.gamekeeper.report.CoverageSource;
import org.gamekeeper.report.HtmlReport;
import org.gamekeeper.report.IncidentsJsonl;
import org.gamekeeper.report.NavigatorLayer;

/**
 * The case outputs shared by {@code hunt} and {@code report}: the alerts of a run are added to
 * the case database (when given), grouped into incidents over the whole case, and written as
 * incidents JSONL, HTML report and Navigator layer; one stderr line per intrusion.
 *
 * @param asOf time dwell is counted to (null: the last event)
 */
record CaseOutputs(Path db, Path html, Path navigator, Path incidents, Instant asOf) {
    boolean any() {
        return db != null || html != null || navigator != null || incidents != null;
    }

    /** Adds {@code alerts} (may be empty) to the case, groups and writes; returns the grouping. */
    IncidentGrouping.Result write(List<AlertEvidence> alerts, List<Case.Suppression> suppressed, Map<String, String> provenance,
                                  PrintWriter err) throws IOException {
        List<AlertEvidence> all = alerts;
        List<Case.Suppression> allSuppressed = suppressed;
        Map<String, String> allProvenance = provenance;
        CaseDatabase database = null;
        try {
            if (db != null) {
                database = CaseDatabase.open(db);
                if (!alerts.isEmpty() || !provenance.isEmpty()) {
                    database.addRun(alerts, suppressed, provenance);
                }
                all = database.alerts();
                allSuppressed = database.suppressed();
                allProvenance = database.provenance();
            }
            AttackCatalog attack = AttackCatalog.enterprise();
            IncidentGrouping.Result r = new IncidentGrouping(attack, IncidentGrouping.Settings.defaults().withAsOf(asOf)).group(all);
            if (database != null) {
                database.storeIncidents(r);
            }
            if (incidents != null) {
                try (Writer w = Files.newBufferedWriter(incidents, StandardCharsets.UTF_8)) {
                    IncidentsJsonl.write(r, w);
                }
            }
            if (navigator != null) {
                try (Writer w = Files.newBufferedWriter(navigator, StandardCharsets.UTF_8)) {
                    NavigatorLayer.write(all, attack, "Gamekeeper", w);
                }
            }
            if (html != null) {
                try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
                    new HtmlReport(attack).write(new Case(all, r, allSuppressed, CoverageSource.NONE, allProvenance), w);
                }
            }
            for (Intrusion i : r.intrusions()) {
                err.println(line(i, r.asOf()));
            }
            return r;
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    /** What the report and database record of a hunt: version, rule sets, inputs. */
    static Map<String, String> provenance(List<String> rules, List<org.gamekeeper.engine.source.InputFile> inputs) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("gamekeeper", Main.version());
        p.put("run at", Instant.now().toString());
        p.put("rules", rules == null ? "builtin" : String.join(", ", rules));
        p.put("inputs", inputs.size() + " files: " + String.join(", ", inputs.stream().limit(20).map(org.gamekeeper.engine.source.InputFile::name).toList())
                + (inputs.size() > 20 ? ", …" : ""));
        return p;
    }

    /** {@code intrusion int-…: hosts exch01, dc01; first evidence …; dwell time N days; Execution → …}. */
    static String line(Intrusion i, Instant asOf) {
        StringBuilder b = new StringBuilder("intrusion ").append(i.id()).append(" (").append(i.severity()).append(", ")
                .append(i.alertCount()).append(i.alertCount() == 1 ? " alert" : " alerts").append("): hosts ")
                .append(i.hosts().isEmpty() ? "-" : String.join(", ", i.hosts().stream().limit(8).toList()))
                .append(i.hosts().size() > 8 ? ", …" : "");
        if (i.firstEvidence() != null) {
            b.append("; first evidence ").append(i.firstEvidence()).append("; dwell time ")
                    .append(Incident.dwellDays(i.firstEvidence(), asOf != null ? asOf : i.lastEvidence())).append(" days");
        }
        if (!i.tactics().isEmpty()) {
            b.append("; ").append(String.join(" → ", i.tactics().stream().map(Tactic::name).toList()));
        }
        return b.toString();
    }
}
