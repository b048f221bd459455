package org.gamekeeper.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gamekeeper.engine.batch.OrderedBatches;
import org.gamekeeper.engine.source.EvtxSource;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.evtx.read.Chunk;
import org.gamekeeper.evtx.read.ChunkHeader;
import org.gamekeeper.evtx.read.Damage;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.read.EvtxFile;
import org.gamekeeper.evtx.read.TamperCheck;
import org.gamekeeper.evtx.render.JsonOut;
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

    private static final byte[] XML_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] XML_END = "</Events>\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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

    /**
     * Work for one chunk, parsed and rendered on a worker thread: what the ordering thread needs
     * of it (the chunk's records are gone: their bytes are the worker's, read again for the next).
     */
    private record Rendered(int records, List<Damage> damage, JsonOut out, List<TamperCheck.Mark> marks) { }

    /**
     * Output buffers the writer is done with, for the workers to fill again: rendering into a
     * fresh buffer per chunk (and growing it) allocated more than all the parsing. Bounded in
     * number, and a buffer grown past {@link #SPARE_MAX_BYTES} is left to the collector.
     */
    private final BlockingQueue<JsonOut> spare = new ArrayBlockingQueue<>(64);
    static final int SPARE_MAX_BYTES = 1 << 20;

    /** Each worker's chunk buffer: 64 KiB allocated once instead of once per chunk. */
    private static final ThreadLocal<byte[]> CHUNK_BUFFER = ThreadLocal.withInitial(() -> new byte[ChunkHeader.SIZE]);

    /**
     * Files up to this size are opened and read whole by one worker: a folder of thousands of
     * small logs then costs the ordering thread nothing per file but the writing.
     */
    static final long WHOLE_FILE_BYTES = 4096 + 32L * ChunkHeader.SIZE;

    /** A small file read whole on a worker: its header and chunks, or why it could not be opened. */
    private record WholeFile(EvtxFile file, List<Rendered> chunks, IOException failure) { }

    @Override
    public Integer call() throws Exception {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--threads must be at least 1");
        }
        PrintStream err = System.err;
        // A progress bar needs the total size first; otherwise inputs are dumped as they are found.
        boolean bar = !noProgress && Terminal.stderrIsTerminal();
        Evidence evidence = bar ? Evidence.of(paths, err, false, "dump") : null;
        Evidence.Streamed streamed = bar ? null : new Evidence.Streamed(paths, "dump");
        Iterator<InputFile> found = bar ? evidence.events().iterator() : null;
        long totalBytes = bar ? evidence.bytes() : 0;
        Terminal.Progress progress = new Terminal.Progress(err, bar && totalBytes > 64L << 20, totalBytes);
        // A chunk's output (tens of KiB) is written as it is; only smaller pieces are gathered.
        // A larger buffer would copy every byte once more on the ordering thread.
        OutputStream out = new BufferedOutputStream(Main.stdout, 1 << 15);
        Totals totals = new Totals();
        totals.damage = bar ? evidence.problems() : 0;
        List<TamperCheck.Report> reports = new ArrayList<>();
        // Chunk slots in flight: enough that workers never wait on the ordering thread when
        // small files come with empty slots (a 1 MiB log of one used chunk weighs 17), few enough
        // that the rendered output waiting to be written stays in the tens of MiB.
        EvtxPipeline evtx = new EvtxPipeline(n, Math.max(32, n * 64), out, err, totals, reports, progress);
        // XML: one well-formed document, the events inside one root element as Event Viewer saves them
        boolean document = format == Format.xml && !reportGaps;
        if (document) {
            out.write(XML_START);
        }
        try {
            while (true) {
                InputFile in = bar ? (found.hasNext() ? found.next() : null) : streamed.next(evtx::report);
                if (in == null) {
                    break;
                }
                if (in.kind() == InputKind.JSON) {
                    evtx.finish();
                    dumpJson(in, out, err, totals);
                } else {
                    evtx.add(in);
                }
            }
            evtx.finish();
            if (streamed != null) {
                totals.damage += streamed.problems();
            }
            if (document) {
                out.write(XML_END);
            }
        } finally {
            out.flush();
            evtx.close();
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

    /**
     * Chunks of every EVTX input are parsed and rendered on the worker threads, across file
     * boundaries (a folder of many one-chunk files keeps every core busy), and written in file
     * then chunk order. Tamper checks see their file's records in order.
     */
    private final class EvtxPipeline implements AutoCloseable {
        private final OrderedBatches<Done> batches;
        private final OutputStream out;
        private final PrintStream err;
        private final Totals totals;
        private final List<TamperCheck.Report> reports;
        private final Terminal.Progress progress;
        private final List<FileState> open = new ArrayList<>();
        private boolean idle = true;

        EvtxPipeline(int threads, int window, OutputStream out, PrintStream err, Totals totals,
                     List<TamperCheck.Report> reports, Terminal.Progress progress) {
            this.batches = new OrderedBatches<>("dump", threads, window, this::consume);
            this.out = out;
            this.err = err;
            this.totals = totals;
            this.reports = reports;
            this.progress = progress;
        }

        /** One open input and what is left of it in the pipeline. */
        private final class FileState {
            final InputFile in;
            /** Null for a file read whole by a worker (closed there). */
            final EvtxSource.Opened opened;
            final TamperCheck tamper;
            int remaining;

            FileState(InputFile in, EvtxSource.Opened opened, EvtxFile file, int remaining) {
                this.in = in;
                this.opened = opened;
                this.tamper = new TamperCheck(in.name(), file.header());
                this.remaining = remaining;
            }
        }

        /** What a piece of work gave: a chunk of an open file, a whole small file, or a line for stderr about the inputs. */
        private sealed interface Done permits ChunkDone, WholeDone, Message { }

        private record ChunkDone(FileState file, Rendered rendered) implements Done { }

        private record WholeDone(InputFile in, WholeFile whole) implements Done { }

        private record Message(String text) implements Done { }

        private void consume(Done d) throws IOException {
            if (d instanceof ChunkDone c) {
                consume(c.file(), c.rendered());
            } else if (d instanceof WholeDone w) {
                consumeWhole(w.in(), w.whole());
            } else {
                err.println(((Message) d).text());
            }
        }

        void add(InputFile in) throws Exception {
            if (in.packing() == InputFile.Packing.PLAIN) {
                long size;
                try {
                    size = java.nio.file.Files.size(in.path());
                } catch (IOException e) {
                    size = Long.MAX_VALUE; // let the open below report it
                }
                if (size <= WHOLE_FILE_BYTES) {
                    int w = (int) Math.max(1, (size - 4096 + ChunkHeader.SIZE - 1) / ChunkHeader.SIZE);
                    idle = false;
                    batches.submit(w, () -> new WholeDone(in, readWhole(in)), null);
                    return;
                }
            }
            EvtxSource.Opened opened;
            try {
                opened = EvtxSource.open(in);
            } catch (IOException e) {
                batches.finish();
                err.println("gamekeeper: " + in.name() + ": " + e.getMessage());
                totals.unreadable++;
                return;
            }
            EvtxFile file = opened.file();
            int slots = file.chunkSlots();
            FileState state = new FileState(in, opened, file, Math.max(slots, 1));
            open.add(state);
            totals.files++;
            for (Damage d : file.headerDamage()) {
                err.println("gamekeeper: " + in.name() + ":" + d.offset() + ": " + d.what());
                totals.damage++;
            }
            idle = false;
            if (slots == 0) {
                batches.submit(1, () -> new ChunkDone(state, null), null);
            }
            for (int ci = 0; ci < slots; ci++) {
                final int chunkIndex = ci;
                batches.submit(1, () -> new ChunkDone(state, render(file, chunkIndex)), null);
            }
        }

        /** A line about the inputs, printed in its place among the files' own reports. */
        void report(String message) {
            if (idle) {
                err.println(message);
                return;
            }
            try {
                batches.done(new Message(message));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** Consumes everything in flight. */
        void finish() throws IOException, InterruptedException {
            batches.finish();
            idle = true;
        }

        private void consume(FileState f, Rendered r) throws IOException {
            if (r != null) {
                r.out().writeTo(out);
                if (r.out().array().length <= SPARE_MAX_BYTES) {
                    spare.offer(r.out());
                }
                for (Damage d : r.damage()) {
                    err.println("gamekeeper: " + f.in.name() + ":" + d.offset() + ": " + d.what());
                }
                for (TamperCheck.Mark m : r.marks()) {
                    f.tamper.add(m);
                }
                totals.records += r.records();
                totals.damage += r.damage().size();
                totals.damagedChunks += r.damage().isEmpty() ? 0 : 1;
                totals.skippedRecords += skipped(r.damage());
                progress.update(progress.done() + ChunkHeader.SIZE, f.in.name());
            }
            if (--f.remaining == 0) {
                finish(f);
            }
        }

        /** A small file read by a worker, taken in its turn: reported as if opened here. */
        private void consumeWhole(InputFile in, WholeFile w) throws IOException {
            if (w.failure() != null) {
                err.println("gamekeeper: " + in.name() + ": " + w.failure().getMessage());
                totals.unreadable++;
                return;
            }
            totals.files++;
            for (Damage d : w.file().headerDamage()) {
                err.println("gamekeeper: " + in.name() + ":" + d.offset() + ": " + d.what());
                totals.damage++;
            }
            FileState state = new FileState(in, null, w.file(), Math.max(w.chunks().size(), 1));
            if (w.chunks().isEmpty()) {
                consume(state, null);
            }
            for (Rendered r : w.chunks()) {
                consume(state, r);
            }
        }

        private void finish(FileState f) throws IOException {
            TamperCheck.Report report = f.tamper.finish();
            reports.add(report);
            if (reportGaps) {
                JsonOut j = new JsonOut(1024);
                TamperJson.write(report, j);
                j.raw('\n');
                j.writeTo(out);
            }
            if (f.opened != null) {
                open.remove(f);
                f.opened.close();
            }
        }

        @Override
        public void close() {
            batches.close();
            for (FileState f : open) {
                try {
                    f.opened.close();
                } catch (IOException e) {
                    err.println("gamekeeper: " + f.in.name() + ": " + e.getMessage());
                }
            }
            open.clear();
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

    private static long skipped(List<Damage> damage) {
        long n = 0;
        for (Damage d : damage) {
            if (d.kind() == Damage.Kind.RECORD_BINXML || d.kind() == Damage.Kind.RECORD_SIZE || d.kind() == Damage.Kind.RECORD_HEADER) {
                n++;
            }
        }
        return n;
    }

    /** Opens a small file, reads every chunk and closes it, on a worker thread. */
    private WholeFile readWhole(InputFile in) throws IOException {
        EvtxSource.Opened opened;
        try {
            opened = EvtxSource.open(in);
        } catch (IOException e) {
            return new WholeFile(null, List.of(), e);
        }
        try (opened) {
            EvtxFile file = opened.file();
            List<Rendered> chunks = new ArrayList<>(file.chunkSlots());
            for (int ci = 0; ci < file.chunkSlots(); ci++) {
                chunks.add(render(file, ci));
            }
            return new WholeFile(file, chunks, null);
        }
    }

    private Rendered render(EvtxFile file, int chunkIndex) throws IOException {
        Chunk c = file.readChunk(chunkIndex, carve, CHUNK_BUFFER.get());
        List<Damage> damage = c.damage();
        int failed = 0;
        // Sized to the chunk: a fixed large buffer per chunk costs more zeroing than rendering.
        JsonOut out = spare.poll();
        if (out == null) {
            out = new JsonOut(reportGaps ? 64 : Math.max(4096, c.records().size() * 3072));
        } else {
            out.reset();
        }
        if (!reportGaps) {
            // The provenance object up to the record's offset is the same for the whole chunk.
            JsonOut provenance = new JsonOut(64 + 3 * file.name().length());
            provenance.raw(",\"gamekeeper\":{\"file\":").string(file.name()).raw(",\"chunk\":").number(chunkIndex)
                    .raw(",\"record_offset\":");
            for (EventRecord r : c.records()) {
                int start = out.length();
                try {
                    render(r, out, provenance);
                } catch (RuntimeException | StackOverflowError bug) {
                    // A reader bug on hostile bytes costs this record, not the run: reported in its place.
                    out.setLength(start);
                    damage = new ArrayList<>(damage);
                    damage.add(Damage.readerBug(r, bug));
                    failed++;
                }
            }
        }
        List<TamperCheck.Mark> marks = new ArrayList<>(c.records().size());
        for (EventRecord r : c.records()) {
            try {
                marks.add(TamperCheck.Mark.of(r));
            } catch (RuntimeException | StackOverflowError bug) {
                // a record whose values cannot be read is left out of the gap check (rendering it reports it)
            }
        }
        return new Rendered(c.records().size() - failed, damage, out, marks);
    }

    /** One record's line; {@code provenance} is the chunk's provenance object up to the record's offset. */
    private void render(EventRecord r, JsonOut out, JsonOut provenance) {
        if (format == Format.jsonl) {
            r.writeJson(out);
            // Insert our provenance object beside "Event": drop the closing brace and add it.
            out.setLength(out.length() - 1);
            out.bytes(provenance.array(), 0, provenance.length()).number(r.offset());
            if (r.recovered()) {
                out.raw(",\"recovered\":true");
            }
            out.raw("}}\n");
        } else {
            r.writeXml(out);
            out.raw('\n');
        }
    }


}
