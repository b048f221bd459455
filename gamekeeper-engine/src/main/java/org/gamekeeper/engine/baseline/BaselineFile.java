package org.gamekeeper.engine.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/**
 * A baseline kept in an SQLite database file. The file says what it is ({@code application_id}
 * {@value #APPLICATION_ID_TEXT}) and which schema it has ({@code user_version}); opening a file
 * that is not a baseline, or one of another schema version, fails with a message that names the
 * file and what to do. Adding tallies merges them (counts add up, first and last seen widen) in
 * one transaction, so an interrupted {@code --update} leaves the file as it was.
 */
public final class BaselineFile implements AutoCloseable {
    /** The schema this code reads and writes. Raise it with any change to the tables below. */
    public static final int SCHEMA_VERSION = 1;
    static final String APPLICATION_ID_TEXT = "GKBL";
    /** "GKBL" as SQLite's 32-bit application id. */
    static final int APPLICATION_ID = 0x474B424C;

    private static final String[] SCHEMA = {
        "CREATE TABLE host (host TEXT PRIMARY KEY, events INTEGER NOT NULL, first_seen INTEGER, last_seen INTEGER) WITHOUT ROWID",
        "CREATE TABLE behaviour (facet TEXT NOT NULL, host TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL,"
            + " first_seen INTEGER, last_seen INTEGER, PRIMARY KEY (facet, host, key)) WITHOUT ROWID",
        "CREATE INDEX behaviour_by_key ON behaviour (facet, key)",
        "CREATE TABLE learn (id INTEGER PRIMARY KEY, learned_at TEXT NOT NULL, gamekeeper TEXT, events INTEGER NOT NULL,"
            + " observations INTEGER NOT NULL)",
        "CREATE TABLE input (learn INTEGER NOT NULL REFERENCES learn (id), file TEXT NOT NULL)",
    };

    /** A file that cannot be used as a baseline: not SQLite, not ours, another schema version. */
    public static final class Unusable extends IOException {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private final Path path;
    private final Connection db;

    private BaselineFile(Path path, Connection db) {
        this.path = path;
        this.db = db;
    }

    /** Creates a new, empty baseline; fails when {@code path} exists. */
    public static BaselineFile create(Path path) throws IOException {
        if (Files.exists(path)) {
            throw new Unusable(path + ": already exists (add to it with --update, or remove it first)");
        }
        Connection db = connect(path);
        try {
            db.setAutoCommit(false);
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
            }
            db.commit();
            return new BaselineFile(path, db);
        } catch (SQLException e) {
            close(db);
            Files.deleteIfExists(path);
            throw new IOException(path + ": cannot create the baseline: " + e.getMessage(), e);
        }
    }

    /** Opens an existing baseline, checking that it is one and of {@link #SCHEMA_VERSION}. */
    public static BaselineFile open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new Unusable(path + ": no such baseline file");
        }
        Connection db = connect(path);
        try (Statement s = db.createStatement()) {
            int app;
            int version;
            try (ResultSet r = s.executeQuery("PRAGMA application_id")) {
                app = r.next() ? r.getInt(1) : 0;
            }
            try (ResultSet r = s.executeQuery("PRAGMA user_version")) {
                version = r.next() ? r.getInt(1) : 0;
            }
            if (app != APPLICATION_ID) {
                throw new Unusable(path + ": an SQLite database but not a Gamekeeper baseline (application id "
                    + Integer.toHexString(app) + ", expected " + Integer.toHexString(APPLICATION_ID) + ")");
            }
            if (version != SCHEMA_VERSION) {
                throw new Unusable(path + ": baseline schema version " + version + ", but this Gamekeeper reads version "
                    + SCHEMA_VERSION + "; learn the baseline again with this version (gamekeeper baseline learn LOGS --out FILE)");
            }
            db.setAutoCommit(false);
            return new BaselineFile(path, db);
        } catch (SQLException e) {
            close(db);
            throw new Unusable(path + ": not a Gamekeeper baseline (" + e.getMessage() + ")");
        } catch (Unusable e) {
            close(db);
            throw e;
        }
    }

    private static Connection connect(Path path) throws IOException {
        try {
            return DriverManager.getConnection("jdbc:sqlite:" + path.toAbsolutePath());
        } catch (SQLException e) {
            throw new IOException(path + ": cannot open: " + e.getMessage(), e);
        }
    }

    /**
     * Merges {@code tallies} into the file and records the learn (time, version, inputs), all in
     * one transaction.
     *
     * @return how many behaviour rows were written (new or updated)
     */
    public long add(Tallies tallies, List<String> inputs, String gamekeeperVersion, Instant now) throws IOException {
        try {
            long[] rows = {0};
            SQLException[] failure = {null};
            try (PreparedStatement h = db.prepareStatement(
                    "INSERT INTO host (host, events, first_seen, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (host) DO UPDATE SET"
                        + " events = events + excluded.events, first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),"
                        + " last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))");
                 PreparedStatement b = db.prepareStatement(
                    "INSERT INTO behaviour (facet, host, key, count, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (facet, host, key) DO UPDATE SET count = count + excluded.count,"
                        + " first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),"
                        + " last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))")) {
                for (var e : tallies.hosts().entrySet()) {
                    h.setString(1, e.getKey());
                    h.setLong(2, e.getValue().count());
                    time(h, 3, e.getValue().first());
                    time(h, 4, e.getValue().last());
                    h.addBatch();
                }
                h.executeBatch();
                tallies.forEach((facet, host, key, t) -> {
                    if (failure[0] != null) {
                        return;
                    }
                    try {
                        b.setString(1, facet.code());
                        b.setString(2, host);
                        b.setString(3, key);
                        b.setLong(4, t.count());
                        time(b, 5, t.first());
                        time(b, 6, t.last());
                        b.addBatch();
                        if (++rows[0] % 10_000 == 0) {
                            b.executeBatch();
                        }
                    } catch (SQLException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                b.executeBatch();
            }
            long learn;
            try (PreparedStatement l = db.prepareStatement(
                    "INSERT INTO learn (learned_at, gamekeeper, events, observations) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                l.setString(1, now.toString());
                l.setString(2, gamekeeperVersion);
                l.setLong(3, tallies.span().count());
                l.setLong(4, rows[0]);
                l.executeUpdate();
                try (ResultSet k = l.getGeneratedKeys()) {
                    k.next();
                    learn = k.getLong(1);
                }
            }
            try (PreparedStatement i = db.prepareStatement("INSERT INTO input (learn, file) VALUES (?, ?)")) {
                for (String file : inputs) {
                    i.setLong(1, learn);
                    i.setString(2, file);
                    i.addBatch();
                }
                i.executeBatch();
            }
            db.commit();
            return rows[0];
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is what the caller needs to see
            }
            throw new IOException(path + ": cannot write the baseline: " + e.getMessage(), e);
        }
    }

    /** The whole baseline in memory, for judging events without touching the file again. */
    public Tallies read() throws IOException {
        Tallies t = new Tallies(Integer.MAX_VALUE);
        try (Statement s = db.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT host, events, first_seen, last_seen FROM host")) {
                while (r.next()) {
                    t.host(r.getString(1), r.getLong(2), time(r, 3), time(r, 4));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT facet, host, key, count, first_seen, last_seen FROM behaviour")) {
                while (r.next()) {
                    t.add(Facet.of(r.getString(1)), r.getString(2), r.getString(3), r.getLong(4), time(r, 5), time(r, 6));
                }
            }
            db.commit();
        } catch (SQLException | IllegalArgumentException e) {
            throw new Unusable(path + ": damaged baseline: " + e.getMessage());
        }
        return t;
    }

    /** How many times this baseline was learned or updated. */
    public int learns() throws IOException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM learn")) {
            int n = r.next() ? r.getInt(1) : 0;
            db.commit();
            return n;
        } catch (SQLException e) {
            throw new Unusable(path + ": damaged baseline: " + e.getMessage());
        }
    }

    private static void time(PreparedStatement p, int i, long millis) throws SQLException {
        if (millis == Long.MIN_VALUE) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setLong(i, millis);
        }
    }

    private static long time(ResultSet r, int i) throws SQLException {
        long v = r.getLong(i);
        return r.wasNull() ? Long.MIN_VALUE : v;
    }

    @Override
    public void close() throws IOException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new IOException(path + ": cannot close: " + e.getMessage(), e);
        }
    }

    private static void close(Connection db) {
        try {
            db.close();
        } catch (SQLException ignored) {
            // closing after a failure: the failure is what is reported
        }
    }
}
