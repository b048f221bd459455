package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gamekeeper.engine.source.EvtxSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.evtx.Chunk;
import org.gamekeeper.evtx.ChunkHeader;
import org.gamekeeper.evtx.Damage;
import org.gamekeeper.evtx.EvtxFile;
import org.gamekeeper.evtx.JsonOut;
import org.gamekeeper.evtx.EventRecord;
import org.gamekeeper.evtx.TamperCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gamekeeper dump}: every event of the inputs as JSON lines or XML, in file then record order. */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print every event of EVTX files as JSON lines (evtx_dump shape) or Windows event XML.",
                "Damaged chunks and records are reported on stderr and skipped; every intact record is printed."},
        footer = {"", "Examples:",
                "  gamekeeper dump Security.evtx > security.jsonl",
                "  gamekeeper dump --format xml --threads 2 logs/ > events.xml",
                "  find /cases -name '*.evtx' | gamekeeper dump - > all.jsonl",
                "  gamekeeper dump --report-gaps --carve Security.evtx"})
final class DumpCommand implements Callable<Integer> {

    enum Format { jsonl, xml }

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX or JSON files, .gz/.zip of them, or folders (recursed); '-' reads paths from stdin.")
    List<String> paths;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl (default) or xml.")
    Format format;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--strict", description = "Exit with code 3 when any damage is found.")
    boolean strict;

    @Option(names = "--carve", description = "Also recover records from slack space after the last valid record of each chunk.")
    boolean carve;

    @Option(names = "--report-gaps", description = "Print per-file tamper evidence as JSON lines instead of events.")
    boolean reportGaps;

    @Option(names = "--no-progress", description = "Never draw a progress bar.")
    boolean noProgress;

    /** Work for one chunk: parse and render on a worker thread. */
    private record Rendered(String file, Chunk chunk, JsonOut out) { }

    @Override
    public Integer call() throws Exception {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--threads must be at least 1");
        }
        PrintStream err = System.err;
        long[] problemCount = {0};
        List<InputFile> inputs = new ArrayList<>();
        Inputs.expand(paths, System.in, inputs::add, p -> {
            err.println("gamekeeper: " + p);
            problemCount[0]++;
        });
        List<InputFile> usable = new ArrayList<>();
        for (InputFile in : inputs) {
            if (in.kind() == InputKind.EVTX || in.kind() == InputKind.JSON) {
                usable.add(in);
            } else {
                err.println("gamekeeper: " + in.name() + ": " + in.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " input holds no events to dump; skipped");
            }
        }
        if (usable.isEmpty()) {
            throw new InputException("no readable event input among " + String.join(", ", paths));
        }
        long totalBytes = 0;
        for (InputFile in : usable) {
            totalBytes += java.nio.file.Files.size(in.path());
        }
        Terminal.Progress progress = new Terminal.Progress(err, !noProgress && Terminal.stderrIsTerminal() && totalBytes > 64L << 20, totalBytes);
        OutputStream out = new BufferedOutputStream(Main.stdout, 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "gamekeeper-dump");
            t.setDaemon(true);
            return t;
        });
        Totals totals = new Totals();
        totals.damage = problemCount[0];
        List<TamperCheck.Report> reports = new ArrayList<>();
        try {
            for (InputFile in : usable) {
                if (in.kind() == InputKind.JSON) {
                    dumpJson(in, out, err, totals);
                } else {
                    dumpEvtx(in, pool, n, out, err, totals, reports, progress);
                }
            }
        } finally {
            out.flush();
            pool.shutdownNow();
            progress.finish();
        }
        long tamperFindings = 0;
        for (TamperCheck.Report r : reports) {
            tamperFindings += r.suspicious() ? 1 : 0;
        }
        err.println(String.format(Locale.ROOT, "dump: %d file(s), %d record(s), %d damaged chunk(s), %d record(s) skipped, %d damage report(s), %d file(s) with tamper evidence%s",
                totals.files, totals.records, totals.damagedChunks, totals.skippedRecords, totals.damage, tamperFindings,
                totals.unreadable > 0 ? ", " + totals.unreadable + " unreadable" : ""));
        int listed = 0;
        for (TamperCheck.Report r : reports) {
            if (r.suspicious() && listed++ < 20) {
                err.println("  " + TamperJson.sentence(r));
            }
        }
        if (listed > 20) {
            err.println("  ... and " + (listed - 20) + " more file(s) with tamper evidence (see --report-gaps)");
        }
        if (strict && (totals.damage > 0 || totals.unreadable > 0)) {
            return Main.EXIT_INPUT;
        }
        return Main.EXIT_OK;
    }

    /** Counts for the closing summary. */
    private static final class Totals {
        long files;
        long records;
        long damagedChunks;
        long skippedRecords;
        long damage;
        long unreadable;
    }

    private void dumpEvtx(InputFile in, ExecutorService pool, int n, OutputStream out, PrintStream err, Totals totals,
                          List<TamperCheck.Report> reports, Terminal.Progress progress) throws Exception {
        EvtxSource.Opened opened;
        try {
            opened = EvtxSource.open(in);
        } catch (IOException e) {
            err.println("gamekeeper: " + in.name() + ": " + e.getMessage());
            totals.unreadable++;
            return;
        }
        try (opened) {
            EvtxFile file = opened.file();
            totals.files++;
            for (Damage d : file.headerDamage()) {
                err.println("gamekeeper: " + in.name() + ":" + d.offset() + ": " + d.what());
                totals.damage++;
            }
            TamperCheck tamper = new TamperCheck(in.name(), file.header());
            ArrayDeque<Future<Rendered>> inFlight = new ArrayDeque<>();
            int window = Math.max(4, n * 8);
            int slots = file.chunkSlots();
            for (int ci = 0; ci <= slots; ci++) {
                if (ci < slots) {
                    final int chunkIndex = ci;
                    inFlight.add(pool.submit(() -> render(file, chunkIndex)));
                }
                // Drain in order: a full window while submitting, everything after the last chunk.
                while (!inFlight.isEmpty() && (inFlight.size() >= window || ci == slots)) {
                    Rendered r = take(inFlight);
                    totals.records += emit(r, out, tamper, err);
                    totals.damage += r.chunk().damage().size();
                    totals.damagedChunks += r.chunk().damage().isEmpty() ? 0 : 1;
                    totals.skippedRecords += skipped(r.chunk());
                    progress.update(progress.done() + ChunkHeader.SIZE, in.name());
                }
            }
            TamperCheck.Report report = tamper.finish();
            reports.add(report);
            if (reportGaps) {
                JsonOut j = new JsonOut(1024);
                TamperJson.write(report, j);
                j.raw('\n');
                j.writeTo(out);
            }
        }
    }

    /** JSON inputs are already text: each event is printed as one flat object of its fields. */
    private void dumpJson(InputFile in, OutputStream out, PrintStream err, Totals totals) throws IOException {
        if (reportGaps) {
            return;
        }
        totals.files++;
        JsonOut j = new JsonOut(64 * 1024);
        IOException[] failure = {null};
        new JsonSource().read(in, e -> {
            if (format == Format.xml) {
                return;
            }
            j.raw('{');
            boolean[] first = {true};
            e.forEachField((k, v) -> {
                j.raw(first[0] ? "" : ",").string(k).raw(':').string(v);
                first[0] = false;
            });
            j.raw(first[0] ? "" : ",").raw("\"gamekeeper\":{\"file\":").string(in.name()).raw(",\"line\":").number(e.line()).raw("}}\n");
            totals.records++;
            if (j.length() > 1 << 20) {
                try {
                    j.writeTo(out);
                } catch (IOException x) {
                    failure[0] = x;
                }
                j.reset();
            }
        }, p -> {
            err.println("gamekeeper: " + p);
            totals.damage++;
        });
        j.writeTo(out);
        if (failure[0] != null) {
            throw failure[0];
        }
        if (format == Format.xml) {
            err.println("gamekeeper: " + in.name() + ": JSON input has no Windows XML rendering; use --format jsonl");
        }
    }

    private static long skipped(Chunk c) {
        long n = 0;
        for (Damage d : c.damage()) {
            if (d.kind() == Damage.Kind.RECORD_BINXML || d.kind() == Damage.Kind.RECORD_SIZE || d.kind() == Damage.Kind.RECORD_HEADER) {
                n++;
            }
        }
        return n;
    }

    private Rendered render(EvtxFile file, int chunkIndex) throws IOException {
        Chunk c = file.readChunk(chunkIndex, carve);
        JsonOut out = new JsonOut(reportGaps ? 64 : 256 * 1024);
        if (!reportGaps) {
            for (EventRecord r : c.records()) {
                if (format == Format.jsonl) {
                    int mark = out.length();
                    r.writeJson(out);
                    // Insert our provenance object beside "Event": drop the closing brace and add it.
                    out.setLength(out.length() - 1);
                    out.raw(",\"gamekeeper\":{\"file\":").string(file.name()).raw(",\"chunk\":").number(chunkIndex)
                            .raw(",\"record_offset\":").number(r.offset());
                    if (r.recovered()) {
                        out.raw(",\"recovered\":true");
                    }
                    out.raw("}}\n");
                    if (out.length() == mark) {
                        continue;
                    }
                } else {
                    r.writeXml(out);
                    out.raw('\n');
                }
            }
        }
        return new Rendered(file.name(), c, out);
    }

    private static Rendered take(ArrayDeque<Future<Rendered>> q) throws Exception {
        try {
            return q.poll().get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    private static long emit(Rendered r, OutputStream out, TamperCheck tamper, PrintStream err) throws IOException {
        r.out().writeTo(out);
        for (Damage d : r.chunk().damage()) {
            err.println("gamekeeper: " + r.file() + ":" + d.offset() + ": " + d.what());
        }
        for (EventRecord rec : r.chunk().records()) {
            tamper.add(rec);
        }
        return r.chunk().records().size();
    }
}
