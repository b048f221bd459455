package org.gamekeeper.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.mail.MailAlerts;
import org.gamekeeper.mail.analysis.Baseline;
import org.gamekeeper.mail.analysis.Finding;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.analysis.Verdict;
import org.gamekeeper.mail.config.ConfigException;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.config.MailConfig;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.message.MailMessage;
import org.gamekeeper.mail.source.MailSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code gamekeeper mail}: spear-phishing analysis of .eml, mbox, Maildir and .msg. */
@Command(name = "mail", mixinStandardHelpOptions = true,
        description = {"Analyse mail for spear-phishing: tracking beacons, impersonation and lookalike domains, "
                + "authentication, links, attachments and news-pretext reconnaissance (ATT&CK T1566, T1598.003).",
                "Reads .eml, mbox, Maildir folders and Outlook .msg, recursively; '-' reads paths from stdin.", ""},
        footer = {"", "Examples:",
                "  gamekeeper mail ~/Maildir --min-level suspicious --format table",
                "  gamekeeper mail inbox.mbox --baseline archive.mbox --alerts mail-alerts.jsonl > verdicts.jsonl",
                "  find /evidence -name '*.eml' | gamekeeper mail - --format csv -o verdicts.csv",
                "", "Deprecated, kept for one release: --min-verdict VERDICT (use --min-level)."})
final class MailCommand implements Callable<Integer> {

    enum Format { jsonl, csv, table }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or folders (recursed); '-' reads one path per line from stdin.")
    List<String> paths = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl (default), csv or table.")
    Format format = Format.jsonl;

    @Option(names = "--min-level", paramLabel = "LEVEL", description = "Print only messages at or above: clean (default), suspicious, "
            + "malicious; or as alert levels (mail alerts are medium when suspicious, high when malicious): informational, low, medium, high, critical.")
    String minLevel;

    @Option(names = "--min-verdict", paramLabel = "VERDICT", hidden = true, description = "Deprecated spelling of --min-level.")
    String minVerdict;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the verdicts to FILE instead of stdout (in --format's shape).")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "No summary line on stderr (warnings and errors still).")
    boolean quiet;

    @Option(names = "--fail-on", paramLabel = "VERDICT", description = "Exit 1 if a message at or above this verdict is found (suspicious or malicious).")
    String failOn;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default ./gamekeeper.yml, else $XDG_CONFIG_HOME/gamekeeper/config.yml).")
    Path config;

    @Option(names = "--baseline", paramLabel = "PATH", description = "Ordinary mail of the institution (files or folders): sender and link domains never seen there become findings.")
    List<Path> baseline = new ArrayList<>();

    @Option(names = "--alerts", paramLabel = "FILE", description = "Also write the flagged messages as alerts (kind mail) to FILE.csv or FILE.jsonl, as hunt's --timeline does.")
    Path alerts;

    @Option(names = "--ioc", paramLabel = "FILE", description = "Indicators to sweep every message for (sender addresses, links, "
            + "attachment names and hashes): CSV (type,value,description) or a STIX 2.1 bundle (repeatable). Hits are listed in the "
            + "message's line (JSON: \"ioc\") and written to --alerts as alerts of kind ioc.")
    List<Path> iocFiles = new ArrayList<>();

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads analysing messages (default: the number of processors); output keeps the input order.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--strict", description = "Exit 3 if any input is damaged or unreadable.")
    boolean strict;

    @Option(names = "--no-progress", description = "Accepted for symmetry with other commands; mail prints no progress bar.")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        // POI (for .msg) logs through log4j-api, which complains on stderr when no provider is present
        if (System.getProperty("log4j2.loggerContextFactory") == null) {
            System.setProperty("log4j2.loggerContextFactory", "org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
        }
        PrintWriter err = spec.commandLine().getErr();
        if (minVerdict != null) {
            if (minLevel != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--min-verdict is the old spelling of --min-level; give one of them");
            }
            err.println("gamekeeper: --min-verdict is deprecated and will go in the next release; use --min-level " + minVerdict);
        }
        Verdict min = minimum(minLevel != null ? minLevel : minVerdict != null ? minVerdict : "clean");
        Verdict fail = failOn == null ? null : verdict(failOn, "--fail-on");
        MailConfig cfg = loadConfig();
        List<Problem> problems = new ArrayList<>();
        Baseline base = null;
        if (!baseline.isEmpty()) {
            base = new Baseline();
            Baseline b = base;
            MailSource learn = new MailSource(Limits.DEFAULT, b::learn, p -> report(err, problems, p));
            for (Path p : baseline) {
                if (!Files.exists(p)) {
                    throw new InputException(p + ": no such file or folder (--baseline)");
                }
                learn.read(p);
            }
            err.println("gamekeeper mail: baseline of " + b.senderDomains() + " sender domains");
        }
        IocLibrary sweep = IocFiles.load(iocFiles, err::println);
        long[] iocHits = {0};
        Baseline learned = base;
        // one analyser per thread: an analyser keeps per-message working state
        ThreadLocal<MailAnalyser> analysers = ThreadLocal.withInitial(() -> new MailAnalyser(cfg, learned));
        Writer out = new BufferedWriter(output != null ? Files.newBufferedWriter(output, StandardCharsets.UTF_8)
                : new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        JsonFactory json = new JsonFactory();
        if (alerts != null && Timeline.Format.of(alerts) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--alerts must name a .csv or .jsonl file: " + alerts);
        }
        Timeline alertOut = alerts == null ? null : Timeline.open(alerts);
        long[] counts = new long[3];
        if (format == Format.csv) {
            out.write("file,place,verdict,score,sender,recipients,subject,date,message_id,reasons,evidence\r\n");
        } else if (format == Format.table) {
            out.write(tableRow("VERDICT", "SCORE", "FILE", "SENDER", "SUBJECT", "FIRST REASON"));
        }
        try {
            // Messages are analysed on the workers and written here, in the order they were read.
            ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "gamekeeper-mail");
                t.setDaemon(true);
                return t;
            }) : null;
            ArrayDeque<Future<Analysed>> inFlight = new ArrayDeque<>();
            java.util.function.Consumer<Analysed> take = a -> {
                MessageReport r = a.report();
                counts[r.verdict().ordinal()]++;
                iocHits[0] += a.hits().size();
                try {
                    if (r.verdict().compareTo(min) >= 0 || !a.hits().isEmpty()) {
                        write(out, json, r, a.hits());
                    }
                    if (alertOut != null) {
                        for (Alert al : MailAlerts.toAlerts(r, cfg)) {
                            alertOut.write(al);
                        }
                        for (Alert al : a.hits()) {
                            alertOut.write(al);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            java.util.function.Function<MailMessage, Analysed> analyse = m -> {
                MailAnalyser analyser = analysers.get();
                MessageReport r = analyser.analyse(m);
                return new Analysed(r, sweep == null ? List.of() : MailAlerts.iocAlerts(m, analyser.observables(m), sweep));
            };
            MailSource source = new MailSource(Limits.DEFAULT, m -> {
                if (pool == null) {
                    take.accept(analyse.apply(m));
                    return;
                }
                inFlight.add(pool.submit(() -> analyse.apply(m)));
                while (inFlight.size() > threads * 4) {
                    take.accept(await(inFlight.poll()));
                }
            }, p -> report(err, problems, p));
            int inputs = 0;
            for (Path p : expand(paths)) {
                if (!Files.exists(p)) {
                    report(err, problems, new Problem(p.toString(), -1, -1, "no such file or folder"));
                    continue;
                }
                inputs++;
                source.read(p);
            }
            while (!inFlight.isEmpty()) {
                take.accept(await(inFlight.poll()));
            }
            if (pool != null) {
                pool.shutdown();
            }
            out.flush();
            if (inputs == 0 || source.files() == 0) {
                throw new InputException("no readable mail among the inputs");
            }
            if (!quiet) {
                err.println("gamekeeper mail: " + (counts[0] + counts[1] + counts[2]) + " messages in " + source.files()
                        + " files: " + counts[0] + " clean, " + counts[1] + " suspicious, " + counts[2] + " malicious"
                        + (problems.isEmpty() ? "" : "; " + problems.size() + " problems reported above")
                        + (source.skipped() > 0 ? "; " + source.skipped() + " files in folders were not mail" : "")
                        + (sweep != null ? "; " + iocHits[0] + " indicator hit(s)" : ""));
            }
        } finally {
            if (output != null) {
                out.close();
            } else {
                out.flush();
            }
            if (alertOut != null) {
                alertOut.close();
            }
        }
        if (strict && !problems.isEmpty()) {
            throw new InputException(problems.size() + " inputs were damaged or unreadable (--strict)");
        }
        if (fail != null && (fail == Verdict.MALICIOUS ? counts[2] > 0 : counts[1] + counts[2] > 0)) {
            return Main.EXIT_FAIL_ON;
        }
        return Main.EXIT_OK;
    }

    /** What a worker made of one message. */
    private record Analysed(MessageReport report, List<Alert> hits) { }

    private static Analysed await(Future<Analysed> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void report(PrintWriter err, List<Problem> problems, Problem p) {
        problems.add(p);
        err.println("gamekeeper: warning: " + p);
    }

    /** The lowest verdict printed: a verdict, or an alert level as mail alerts are given them. */
    private Verdict minimum(String word) {
        Verdict v = Verdict.parse(word);
        if (v != null) {
            return v;
        }
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "informational", "low" -> Verdict.CLEAN;
            case "medium" -> Verdict.SUSPICIOUS;
            case "high", "critical" -> Verdict.MALICIOUS;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--min-level: '" + word
                    + "' is neither a verdict (clean, suspicious, malicious) nor a level (informational, low, medium, high, critical)");
        };
    }

    private Verdict verdict(String word, String option) {
        Verdict v = Verdict.parse(word);
        if (v == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + ": '" + word
                    + "' is not a verdict; use clean, suspicious or malicious");
        }
        return v;
    }

    private MailConfig loadConfig() {
        Path file = config;
        if (file != null && !Files.isRegularFile(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--config: " + file + " is not a readable file");
        }
        if (file == null) {
            Path local = Paths.get("gamekeeper.yml");
            if (Files.isRegularFile(local)) {
                file = local;
            } else {
                String xdg = System.getenv("XDG_CONFIG_HOME");
                Path home = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                        : Paths.get(System.getProperty("user.home"), ".config");
                Path user = home.resolve("gamekeeper").resolve("config.yml");
                if (Files.isRegularFile(user)) {
                    file = user;
                }
            }
        }
        try {
            return ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static List<Path> expand(List<String> args) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        out.add(Paths.get(line.strip()));
                    }
                }
            } else {
                out.add(Paths.get(a));
            }
        }
        return out;
    }

    private void write(Writer out, JsonFactory json, MessageReport r, List<Alert> iocHits) throws IOException {
        switch (format) {
            case jsonl -> {
                JsonGenerator g = json.createGenerator(new NonClosing(out));
                g.writeStartObject();
                g.writeStringField("file", r.file());
                g.writeStringField("place", r.place());
                g.writeStringField("verdict", r.verdict().word());
                g.writeNumberField("score", r.score());
                g.writeStringField("sender", r.sender());
                g.writeArrayFieldStart("recipients");
                for (String s : r.recipients()) {
                    g.writeString(s);
                }
                g.writeEndArray();
                g.writeStringField("subject", r.subject());
                g.writeStringField("date", r.date());
                g.writeStringField("message_id", r.messageId());
                g.writeArrayFieldStart("reasons");
                for (Finding f : r.reasons()) {
                    g.writeStartObject();
                    g.writeStringField("id", f.id());
                    g.writeStringField("text", f.text());
                    g.writeStringField("evidence", f.evidence());
                    g.writeNumberField("weight", f.weight());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("problems");
                for (String p : r.problems()) {
                    g.writeString(p);
                }
                g.writeEndArray();
                if (!iocFiles.isEmpty()) {
                    g.writeArrayFieldStart("ioc");
                    for (Alert a : iocHits) {
                        g.writeStartObject();
                        for (String k : List.of("indicator", "indicator_type", "field", "value", "description")) {
                            if (a.details().containsKey(k)) {
                                g.writeStringField(k, a.details().get(k));
                            }
                        }
                        g.writeStringField("list", a.ruleSource());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.close();
                out.write('\n');
            }
            case csv -> {
                List<String> ids = new ArrayList<>();
                List<String> evidence = new ArrayList<>();
                for (Finding f : r.reasons()) {
                    ids.add(f.id());
                    evidence.add(f.evidence());
                }
                for (Alert a : iocHits) {
                    ids.add(a.ruleId());
                    evidence.add(a.details().get("value"));
                }
                String[] cells = {r.file(), r.place(), r.verdict().word(), String.valueOf(r.score()), r.sender(),
                        String.join(";", r.recipients()), r.subject(), r.date(), r.messageId(), String.join(";", ids),
                        String.join(";", evidence)};
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(csv(cells[i]));
                }
                out.write("\r\n");
            }
            case table -> out.write(tableRow(r.verdict().word(), String.format(Locale.ROOT, "%.2f", r.score()),
                    r.place().isEmpty() ? r.file() : r.file() + "#" + r.place(), r.sender(), r.subject(),
                    !iocHits.isEmpty() ? iocHits.get(0).ruleTitle() + " in " + iocHits.get(0).details().get("field")
                    : r.reasons().isEmpty() ? "" : r.reasons().get(0).id() + ": " + r.reasons().get(0).text()));
            default -> throw new IllegalStateException();
        }
    }

    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The table's width, measured on its first row. */
    private int tableWidth;

    /**
     * One row of the table, fitted to the terminal's width ($COLUMNS, else stty, else 100): verdict
     * and score whole, then the file (its end, where the name is), sender, subject and the first
     * reason sharing what is left.
     */
    private String tableRow(String verdict, String score, String file, String sender, String subject, String reason) {
        if (tableWidth == 0) {
            tableWidth = Math.max(60, Terminal.width()); // once: without $COLUMNS it asks stty, a process
        }
        int width = tableWidth;
        int rest = width - 10 - 1 - 6 - 2 - 3; // the fixed columns and the separators between the four others
        int fileW = rest * 22 / 100;
        int senderW = rest * 22 / 100;
        int subjectW = rest * 28 / 100;
        int reasonW = rest - fileW - senderW - subjectW;
        return String.format(Locale.ROOT, "%-10s %6s  %-" + fileW + "s %-" + senderW + "s %-" + subjectW + "s %s%n", verdict, score,
                tail(file, fileW), cut(sender, senderW), cut(subject, subjectW), cut(reason, reasonW));
    }

    /** The end of a path cut to {@code n} characters, where the file's name is. */
    private static String tail(String s, int n) {
        String t = s.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return t.length() <= n ? t : "…" + t.substring(t.length() - n + 1);
    }

    private static String cut(String s, int n) {
        String t = (s == null ? "" : s).replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
        return t.length() <= n ? t : t.substring(0, Math.max(0, n - 1)) + "…";
    }

    /** Lets a JSON generator be closed per line without closing stdout. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer w) {
            super(w);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
