package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
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
import org.gamekeeper.evtx.Chunk;
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

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "EVTX files or folders (recursed); '-' reads paths from stdin.")
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
        List<EvidencePaths.Input> inputs = EvidencePaths.expand(paths, err);
        List<EvidencePaths.Input> evtx = new ArrayList<>();
        for (EvidencePaths.Input in : inputs) {
            if (in.evtx()) {
                evtx.add(in);
            } else {
                err.println("gamekeeper: " + in.name() + ": not an EVTX file; skipped");
            }
        }
        if (evtx.isEmpty()) {
            throw new InputException("no readable EVTX input among " + String.join(", ", paths));
        }
        long totalBytes = 0;
        for (EvidencePaths.Input in : evtx) {
            totalBytes += in.size();
        }
        Terminal.Progress progress = new Terminal.Progress(err, !noProgress && Terminal.stderrIsTerminal() && totalBytes > 64L << 20, totalBytes);
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "gamekeeper-dump");
            t.setDaemon(true);
            return t;
        });
        long records = 0;
        long damagedChunks = 0;
        long skippedRecords = 0;
        long damageCount = 0;
        long doneBytes = 0;
        int unreadable = 0;
        List<TamperCheck.Report> reports = new ArrayList<>();
        try {
            ArrayDeque<Future<Rendered>> inFlight = new ArrayDeque<>();
            int window = Math.max(4, n * 8);
            for (int fi = 0; fi < evtx.size(); fi++) {
                EvidencePaths.Input in = evtx.get(fi);
                EvtxFile file;
                try {
                    file = EvtxFile.open(in.path(), in.name());
                } catch (IOException e) {
                    err.println("gamekeeper: " + e.getMessage());
                    unreadable++;
                    continue;
                }
                for (Damage d : file.headerDamage()) {
                    err.println("gamekeeper: " + in.name() + ":" + d.offset() + ": " + d.what());
                    damageCount++;
                }
                TamperCheck tamper = new TamperCheck(in.name(), file.header());
                int slots = file.chunkSlots();
                final int fileIndex = fi;
                for (int ci = 0; ci < slots; ci++) {
                    final int chunkIndex = ci;
                    inFlight.add(pool.submit(() -> render(fileIndex, file, chunkIndex)));
                    if (inFlight.size() >= window) {
                        Rendered r = take(inFlight);
                        records += emit(r, out, tamper, err);
                        damageCount += r.chunk().damage().size();
                        damagedChunks += r.chunk().damage().isEmpty() ? 0 : 1;
                        skippedRecords += skipped(r.chunk());
                        doneBytes += 65536;
                        progress.update(doneBytes, in.name());
                    }
                }
                // Drain this file before the next so tamper state and the channel stay per file.
                while (!inFlight.isEmpty()) {
                    Rendered r = take(inFlight);
                    records += emit(r, out, tamper, err);
                    damageCount += r.chunk().damage().size();
                    damagedChunks += r.chunk().damage().isEmpty() ? 0 : 1;
                    skippedRecords += skipped(r.chunk());
                    doneBytes += 65536;
                    progress.update(doneBytes, in.name());
                }
                file.close();
                TamperCheck.Report report = tamper.finish();
                reports.add(report);
                if (reportGaps) {
                    JsonOut j = new JsonOut(1024);
                    TamperJson.write(report, j);
                    j.raw('\n');
                    j.writeTo(out);
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
                reports.size(), records, damagedChunks, skippedRecords, damageCount, tamperFindings,
                unreadable > 0 ? ", " + unreadable + " unreadable" : ""));
        for (TamperCheck.Report r : reports) {
            if (r.suspicious()) {
                err.println("  " + TamperJson.sentence(r));
            }
        }
        if (strict && (damageCount > 0 || unreadable > 0)) {
            return Main.EXIT_INPUT;
        }
        return Main.EXIT_OK;
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

    private Rendered render(int fileIndex, EvtxFile file, int chunkIndex) throws IOException {
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
