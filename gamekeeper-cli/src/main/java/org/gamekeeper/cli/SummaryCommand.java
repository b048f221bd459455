package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.scan.EventScan;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.summary.Stack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper summary logons|hosts|processes|events}: stacked counts of the evidence. */
@Command(name = "summary",
        description = {"Stacked counts of the evidence: logons, hosts, processes or events.",
                "A table on a terminal; JSON lines (one object per row) when piped or with --format jsonl."},
        footer = {"", "Examples:", "  gamekeeper summary logons Security.evtx", "  gamekeeper summary processes logs/ --format jsonl | jq -r .image",
                "", "Exit codes: 0 done, 2 usage error, 3 no readable input."},
        subcommands = {SummaryCommand.Logons.class, SummaryCommand.Hosts.class, SummaryCommand.Processes.class, SummaryCommand.Events.class})
final class SummaryCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say which summary: " + String.join(", ", Stack.NAMES));
    }

    enum Format { table, jsonl }

    /** What every summary takes. */
    abstract static class Base implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
        List<String> paths;

        @Option(names = "--format", paramLabel = "FORMAT", description = "table or jsonl (default: table on a terminal, jsonl otherwise).")
        Format format;

        @Option(names = {"-t", "--threads"}, paramLabel = "N", description = "Worker threads (default: number of cores).")
        Integer threads;

        @Option(names = "--from", paramLabel = "TIME", description = "Only events at or after this time (2022-01-31 or 2022-01-31T10:00:00Z).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Only events at or before this time (a date means its end).")
        String to;

        @Option(names = "--no-color", description = "No colour in the table (NO_COLOR in the environment does the same).")
        boolean noColor;

        @Option(names = {"-v", "--verbose"}, description = "Name every input skipped (not evidence, or not read by this command) instead of counting them.")
        boolean verbose;

        @Option(names = {"-q", "--quiet"}, description = "No closing line on stderr.")
        boolean quiet;

        abstract String name();

        @Override
        public Integer call() throws Exception {
            CommandLine cmd = spec.commandLine();
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (n < 1) {
                throw new CommandLine.ParameterException(cmd, "--threads must be at least 1");
            }
            long[] window = TimeOption.window(cmd, from, to);
            PrintStream err = System.err;
            Evidence evidence = Evidence.of(paths, err, false, "summary", verbose);
            return run(Stack.named(name()), evidence, n, window, err);
        }

        private <F> int run(Stack<F> stack, Evidence evidence, int n, long[] window, PrintStream err) throws IOException, InterruptedException {
            boolean bounded = window[0] != Long.MIN_VALUE || window[1] != Long.MAX_VALUE;
            EventScan.Visitor<F> visitor = (e, out) -> {
                if (bounded) {
                    long t = e.timestampMillis();
                    if (t == Long.MIN_VALUE || t < window[0] || t > window[1]) {
                        return;
                    }
                }
                F f = stack.fact(e);
                if (f != null) {
                    out.add(f);
                }
            };
            EventScan.Totals totals = new EventScan<F>(n, false).run(evidence.events(), visitor, new EventScan.Sink<>() {
                @Override
                public void result(F f) {
                    stack.add(f);
                }

                @Override
                public void problem(Problem p) {
                    err.println("gamekeeper: " + p);
                }
            });
            List<Map<String, Object>> rows = stack.rows();
            OutputStream out = new BufferedOutputStream(Main.stdout, 1 << 16);
            boolean table = format == Format.table || format == null && Terminal.stdoutIsTerminal();
            if (table) {
                writeTable(stack.columns(), rows, out, Terminal.width(), Terminal.colour(noColor));
            } else {
                for (Map<String, Object> row : rows) {
                    out.write(json(row).getBytes(StandardCharsets.UTF_8));
                    out.write('\n');
                }
            }
            out.flush();
            if (!quiet) {
                err.println(String.format(Locale.ROOT, "summary %s: %d file(s), %d event(s) read, %d row(s)", name(), totals.files(), totals.events(), rows.size()));
            }
            return Main.EXIT_OK;
        }
    }

    /** Rows as a table whose columns are as wide as their widest cell (up to 40), the last taking the rest. */
    static void writeTable(List<String> columns, List<Map<String, Object>> rows, OutputStream out, int width, boolean colour) throws IOException {
        List<TerminalTable.Column> cols = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            int w = columns.get(i).length();
            for (Map<String, Object> r : rows) {
                w = Math.max(w, Math.min(40, cell(r.get(columns.get(i))).length()));
            }
            cols.add(new TerminalTable.Column(columns.get(i), i == columns.size() - 1 ? Math.min(w, 20) : w));
        }
        TerminalTable t = new TerminalTable(cols, width, colour);
        StringBuilder sb = new StringBuilder(t.header()).append('\n');
        for (Map<String, Object> r : rows) {
            List<String> cells = new ArrayList<>();
            for (String c : columns) {
                cells.add(cell(r.get(c)));
            }
            sb.append(t.row(cells, null)).append('\n');
            if (sb.length() > 1 << 16) {
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                sb.setLength(0);
            }
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(Object v) {
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(o -> parts.add(String.valueOf(o)));
            return String.join(", ", parts);
        }
        return v == null ? "" : v.toString();
    }

    static String json(Map<String, Object> row) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : row.entrySet()) {
            sb.append(sb.length() == 1 ? "" : ",").append(JsonText.quote(e.getKey())).append(':');
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Integer) {
                sb.append(v);
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(JsonText.quote(String.valueOf(l.get(i))));
                }
                sb.append(']');
            } else {
                sb.append(JsonText.quote(v == null ? null : v.toString()));
            }
        }
        return sb.append('}').toString();
    }

    @Command(name = "logons", description = {"Logons per account, host, logon type and source address: successes, failures, first and last seen.",
            "Security 4624/4625/4778, Terminal Services 21/25 and RDP 1149."},
            footer = {"", "Example:", "  gamekeeper summary logons Security.evtx TerminalServices*.evtx"})
    static final class Logons extends Base {
        @Override
        String name() {
            return "logons";
        }
    }

    @Command(name = "hosts", description = "Hosts with their event count, first and last event and the channels their logs hold.",
            footer = {"", "Example:", "  gamekeeper summary hosts /cases/collection/"})
    static final class Hosts extends Base {
        @Override
        String name() {
            return "hosts";
        }
    }

    @Command(name = "processes", description = "Process executions (Sysmon 1, Security 4688) stacked by image and parent image, least frequent first.",
            footer = {"", "Example:", "  gamekeeper summary processes logs/ | head -20"})
    static final class Processes extends Base {
        @Override
        String name() {
            return "processes";
        }
    }

    @Command(name = "events", description = "Event counts per channel and EventID, most frequent first.",
            footer = {"", "Example:", "  gamekeeper summary events Security.evtx --format jsonl"})
    static final class Events extends Base {
        @Override
        String name() {
            return "events";
        }
    }
}
