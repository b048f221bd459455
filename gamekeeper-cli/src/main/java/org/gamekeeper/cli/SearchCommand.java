package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.scan.EventScan;
import org.gamekeeper.engine.search.EventQuery;
import org.gamekeeper.engine.source.EvtxEvent;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.render.JsonOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code gamekeeper search}: the events that mention something, in file then record order. */
@Command(name = "search",
        description = {"Find the events that match keywords, field values, regular expressions, EventIDs, channels, hosts and a time window.",
                "Criteria of different kinds must all match; several values of one kind match if any does.",
                "On a terminal a table is printed; piped or with --format jsonl, each event as 'gamekeeper dump' prints it",
                "(with its file and record). The count goes to stderr."},
        footer = {"", "Examples:",
                "  gamekeeper search -k mimikatz logs/",
                "  gamekeeper search --field 'TargetUserName=adm*' --event-id 4624,4625 --computer DC01 Security.evtx",
                "  gamekeeper search --regex '(?i)\\\\\\\\[a-z0-9-]+\\\\ADMIN\\$' --from 2022-01-01 --to 2022-01-31 logs/ > hits.jsonl",
                "", "Exit codes: 0 done (matches or not), 2 usage error, 3 no readable input."})
final class SearchCommand implements Callable<Integer> {

    enum Format { jsonl, table }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
    List<String> paths;

    @Option(names = {"-k", "--keyword"}, paramLabel = "TEXT", description = "Text found in any field, case ignored (repeatable; any of them).")
    List<String> keywords = new ArrayList<>();

    @Option(names = {"-f", "--field"}, paramLabel = "NAME=VALUE",
            description = "A field's value with Sigma wildcards (* and ?), case ignored (repeatable; values for one field: any, different fields: all).")
    List<String> fields = new ArrayList<>();

    @Option(names = {"-r", "--regex"}, paramLabel = "RE", description = "An RE2 regular expression found in any field (repeatable; any of them).")
    List<String> regexes = new ArrayList<>();

    @Option(names = {"-e", "--event-id"}, paramLabel = "ID", split = ",", description = "EventIDs (comma-separated or repeated).")
    List<Integer> eventIds = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "NAME", split = ",", description = "Channels, Sigma wildcards allowed (Security, Microsoft-Windows-Sysmon/*).")
    List<String> channels = new ArrayList<>();

    @Option(names = "--computer", paramLabel = "HOST", split = ",", description = "Host names, Sigma wildcards allowed.")
    List<String> computers = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time (2022-01-31 or 2022-01-31T10:00:00Z).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this time (a date means its end).")
    String to;

    @Option(names = "--format", paramLabel = "FORMAT", description = "jsonl or table (default: table on a terminal, jsonl otherwise).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the matches to FILE instead of stdout (JSON lines).")
    Path output;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--carve", description = "Also search records recovered from slack space.")
    boolean carve;

    @Option(names = "--no-color", description = "No colour in the table (NO_COLOR in the environment does the same).")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Name every input skipped (not evidence, or not read by this command) instead of counting them.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "No summary line on stderr.")
    boolean quiet;

    @Option(names = "--no-progress", description = "Never draw a progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new CommandLine.ParameterException(cmd, "--threads must be at least 1");
        }
        long[] window = TimeOption.window(cmd, from, to);
        EventQuery.Builder b = EventQuery.builder().from(window[0]).to(window[1]);
        keywords.forEach(b::keyword);
        regexes.forEach(b::regex);
        eventIds.forEach(b::eventId);
        channels.forEach(b::channel);
        computers.forEach(b::computer);
        for (String f : fields) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cmd, "--field takes NAME=VALUE (TargetUserName=admin*): " + f);
            }
            b.field(f.substring(0, eq), f.substring(eq + 1));
        }
        EventQuery query;
        try {
            query = b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, "search: " + e.getMessage());
        }
        PrintStream err = System.err;
        Evidence evidence = Evidence.of(paths, err, false, "search", verbose);
        boolean table = format == Format.table || format == null && output == null && Terminal.stdoutIsTerminal();
        if (table && output != null) {
            throw new CommandLine.ParameterException(cmd, "--format table is for the terminal; --output writes JSON lines");
        }
        OutputStream raw = output == null ? Main.stdout : Files.newOutputStream(output);
        OutputStream out = new BufferedOutputStream(raw, 1 << 16);
        TerminalTable view = table ? new TerminalTable(List.of(new TerminalTable.Column("time", 19), new TerminalTable.Column("host", 16),
                new TerminalTable.Column("channel", 20), new TerminalTable.Column("id", 5), new TerminalTable.Column("record", 8),
                new TerminalTable.Column("fields", 30)), Terminal.width(), Terminal.colour(noColor)) : null;
        long[] matched = {0};
        Terminal.Progress progress = new Terminal.Progress(err, !noProgress && Terminal.stderrIsTerminal() && evidence.bytes() > 64L << 20, evidence.bytes());
        EventScan.Totals totals;
        try {
            if (view != null) {
                out.write((view.header() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            ThreadLocal<JsonOut> buffers = ThreadLocal.withInitial(() -> new JsonOut(4096));
            EventScan.Visitor<byte[]> visitor = (e, results) -> {
                if (!query.matches(e)) {
                    return;
                }
                if (view != null) {
                    results.add((view.row(cells(e), null) + "\n").getBytes(StandardCharsets.UTF_8));
                    return;
                }
                JsonOut j = buffers.get();
                j.reset();
                json(e, j);
                results.add(Arrays.copyOf(j.array(), j.length()));
            };
            totals = new EventScan<byte[]>(n, carve).run(evidence.events(), visitor, new EventScan.Sink<>() {
                @Override
                public void result(byte[] r) {
                    matched[0]++;
                    try {
                        out.write(r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void problem(Problem p) {
                    err.println("gamekeeper: " + p);
                }

                @Override
                public void progress(long bytes) {
                    progress.update(bytes, "searching");
                }
            });
        } finally {
            progress.finish();
            try {
                out.flush();
            } finally {
                if (output != null) {
                    raw.close();
                }
            }
        }
        if (!quiet) {
            err.println(String.format(Locale.ROOT, "search: %d file(s), %d event(s) read, %d matched", totals.files(), totals.events(), matched[0]));
        }
        return Main.EXIT_OK;
    }

    /**
     * An event as {@code gamekeeper dump} prints it: EVTX in the evtx_dump shape with the
     * {@code gamekeeper} provenance object (file, chunk, record offset), JSON exports as a flat
     * object of their fields with file and line.
     */
    static void json(Event e, JsonOut j) {
        if (e instanceof EvtxEvent ev) {
            EventRecord r = ev.record();
            r.writeJson(j);
            j.setLength(j.length() - 1);
            j.raw(",\"gamekeeper\":{\"file\":").string(r.file()).raw(",\"chunk\":").number(r.chunkIndex())
                    .raw(",\"record_offset\":").number(r.offset());
            if (r.recovered()) {
                j.raw(",\"recovered\":true");
            }
            j.raw("}}\n");
            return;
        }
        j.raw('{');
        boolean[] first = {true};
        e.forEachField((k, v) -> {
            j.raw(first[0] ? "" : ",").string(k).raw(':').string(v);
            first[0] = false;
        });
        j.raw(first[0] ? "" : ",").raw("\"gamekeeper\":{\"file\":").string(e.file()).raw(",\"line\":").number(e.line()).raw("}}\n");
    }

    /** time, host, channel, EventID, record (or line), then the event's data fields as name=value. */
    static List<String> cells(Event e) {
        long t = e.timestampMillis();
        String time = t == Long.MIN_VALUE ? "" : java.time.Instant.ofEpochMilli(t).toString().replace('T', ' ');
        if (time.length() > 19) {
            time = time.substring(0, 19);
        }
        StringBuilder fields = new StringBuilder();
        org.gamekeeper.engine.Alerts.dataFields(e, 12, 200).forEach((k, v) -> fields.append(fields.length() == 0 ? "" : "  ").append(k).append('=').append(v));
        long rid = e.recordId();
        return List.of(time, nonNull(e.computer()), nonNull(e.channel()), e.eventId() < 0 ? "" : Integer.toString(e.eventId()),
                rid >= 0 ? Long.toString(rid) : "L" + e.line(), fields.toString());
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
