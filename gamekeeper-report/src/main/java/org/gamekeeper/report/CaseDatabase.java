package org.gamekeeper.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.Incident;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.engine.incident.Intrusion;

/**
 * The case database ({@code --db FILE}): an embedded SQLite file holding a case's alerts (with
 * their identity fields and evidence references), its incidents as last grouped, the suppressed
 * counts and the provenance of every run. A later run adds its alerts (an alert already stored,
 * the same rule on the same event, is not added twice) and the incidents are grouped again over
 * the whole case; {@code report --db} renders the case without reading the evidence again.
 */
public final class CaseDatabase implements AutoCloseable {
    private static final int SCHEMA = 1;
    private final Connection db;
    private final Path file;

    private CaseDatabase(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens (creating when absent) the case database at {@code file}. */
    public static CaseDatabase open(Path file) throws IOException {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            CaseDatabase d = new CaseDatabase(file, c);
            d.schema();
            return d;
        } catch (SQLException e) {
            throw new IOException(file + ": not a Gamekeeper case database (" + e.getMessage() + ")", e);
        }
    }

    private void schema() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS runs (run INTEGER PRIMARY KEY, at TEXT NOT NULL, provenance TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS alerts (id INTEGER PRIMARY KEY, dedup TEXT NOT NULL UNIQUE, run INTEGER NOT NULL, "
                    + "time TEXT, level TEXT, rule_id TEXT, computer TEXT, alert TEXT NOT NULL, entities TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS evidence (alert INTEGER NOT NULL, ref TEXT NOT NULL)");
            s.executeUpdate("CREATE INDEX IF NOT EXISTS evidence_ref ON evidence (ref)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS incidents (incident_id TEXT PRIMARY KEY, intrusion_id TEXT NOT NULL, "
                    + "first_evidence TEXT, last_evidence TEXT, severity TEXT, incident TEXT NOT NULL)");
            s.executeUpdate("CREATE TABLE IF NOT EXISTS suppressed (run INTEGER NOT NULL, entry TEXT NOT NULL, reason TEXT, count INTEGER NOT NULL)");
            try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                if (!r.next()) {
                    s.executeUpdate("INSERT INTO meta VALUES ('schema', '" + SCHEMA + "')");
                } else if (!r.getString(1).equals(Integer.toString(SCHEMA))) {
                    throw new SQLException("schema version " + r.getString(1) + ", this Gamekeeper reads " + SCHEMA);
                }
            }
        }
    }

    /** Adds one run: its alerts (those not stored yet), suppressed counts and provenance. Returns the alerts added. */
    public int addRun(List<AlertEvidence> alerts, List<Case.Suppression> suppressed, Map<String, String> provenance) throws IOException {
        try {
            db.setAutoCommit(false);
            long run;
            try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (at, provenance) VALUES (?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, Instant.now().toString());
                p.setString(2, AlertJson.MAPPER.writeValueAsString(provenance));
                p.executeUpdate();
                try (ResultSet k = p.getGeneratedKeys()) {
                    k.next();
                    run = k.getLong(1);
                }
            }
            int added = 0;
            try (PreparedStatement p = db.prepareStatement("INSERT OR IGNORE INTO alerts (dedup, run, time, level, rule_id, computer, alert, "
                    + "entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement ev = db.prepareStatement("INSERT INTO evidence (alert, ref) VALUES (?, ?)")) {
                for (AlertEvidence ae : alerts) {
                    Alert a = ae.alert();
                    p.setString(1, a.kind() + "|" + a.ruleId() + "|" + String.join(",", a.eventRefs()) + "|" + a.timestamp());
                    p.setLong(2, run);
                    p.setString(3, a.timestamp() == null ? null : a.timestamp().toString());
                    p.setString(4, a.level() == null ? null : a.level().id());
                    p.setString(5, a.ruleId());
                    p.setString(6, a.computer());
                    p.setString(7, AlertJson.MAPPER.writeValueAsString(AlertJson.write(a)));
                    p.setString(8, AlertJson.MAPPER.writeValueAsString(AlertJson.entities(ae)));
                    if (p.executeUpdate() == 1) {
                        added++;
                        long id;
                        try (ResultSet k = p.getGeneratedKeys()) {
                            k.next();
                            id = k.getLong(1);
                        }
                        for (String ref : a.eventRefs()) {
                            ev.setLong(1, id);
                            ev.setString(2, ref);
                            ev.addBatch();
                        }
                    }
                }
                ev.executeBatch();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO suppressed VALUES (?, ?, ?, ?)")) {
                for (Case.Suppression s : suppressed) {
                    p.setLong(1, run);
                    p.setString(2, s.entry());
                    p.setString(3, s.reason());
                    p.setLong(4, s.count());
                    p.executeUpdate();
                }
            }
            db.commit();
            return added;
        } catch (SQLException e) {
            throw failure("adding a run", e);
        } finally {
            autoCommit();
        }
    }

    /** Every alert of the case, in the order stored. */
    public List<AlertEvidence> alerts() throws IOException {
        List<AlertEvidence> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT alert, entities FROM alerts ORDER BY id")) {
            while (r.next()) {
                JsonNode a = AlertJson.MAPPER.readTree(r.getString(1));
                Map<String, String> e = AlertJson.entities(AlertJson.MAPPER.readTree(r.getString(2)));
                out.add(new AlertEvidence(AlertJson.read(a, e), e));
            }
        } catch (SQLException e) {
            throw failure("reading alerts", e);
        }
        return out;
    }

    /** Replaces the stored incidents by a new grouping of the whole case. */
    public void storeIncidents(IncidentGrouping.Result r) throws IOException {
        try {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.executeUpdate("DELETE FROM incidents");
            }
            Map<String, Intrusion> intrusions = new LinkedHashMap<>();
            for (Intrusion i : r.intrusions()) {
                intrusions.put(i.id(), i);
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO incidents VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Incident inc : r.incidents()) {
                    p.setString(1, inc.id());
                    p.setString(2, inc.intrusionId());
                    p.setString(3, inc.firstEvidence() == null ? null : inc.firstEvidence().toString());
                    p.setString(4, inc.lastEvidence() == null ? null : inc.lastEvidence().toString());
                    p.setString(5, inc.severity());
                    p.setString(6, AlertJson.MAPPER.writeValueAsString(IncidentsJsonl.incident(inc, intrusions.get(inc.intrusionId()), r.asOf())));
                    p.addBatch();
                }
                p.executeBatch();
            }
            db.commit();
        } catch (SQLException e) {
            throw failure("storing incidents", e);
        } finally {
            autoCommit();
        }
    }

    /** Incident ids stored, in order of first evidence. */
    public List<String> incidentIds() throws IOException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT incident_id FROM incidents ORDER BY first_evidence, incident_id")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        } catch (SQLException e) {
            throw failure("reading incidents", e);
        }
        return out;
    }

    /** Suppressed counts summed per tuning entry over all runs. */
    public List<Case.Suppression> suppressed() throws IOException {
        List<Case.Suppression> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(
                "SELECT entry, MAX(reason), SUM(count) FROM suppressed GROUP BY entry ORDER BY entry")) {
            while (r.next()) {
                out.add(new Case.Suppression(r.getString(1), r.getString(2), r.getLong(3)));
            }
        } catch (SQLException e) {
            throw failure("reading suppressed counts", e);
        }
        return out;
    }

    /** The provenance of every run, each key prefixed by its run number. */
    public Map<String, String> provenance() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT run, at, provenance FROM runs ORDER BY run")) {
            while (r.next()) {
                String run = "run " + r.getLong(1);
                out.put(run + " stored at", r.getString(2));
                AlertJson.MAPPER.readTree(r.getString(3)).fields().forEachRemaining(e -> out.put(run + ": " + e.getKey(), e.getValue().asText()));
            }
        } catch (SQLException e) {
            throw failure("reading provenance", e);
        }
        return out;
    }

    private IOException failure(String what, SQLException e) {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs
        }
        return new IOException(file + ": " + what + ": " + e.getMessage(), e);
    }

    private void autoCommit() throws IOException {
        try {
            db.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
