package org.gamekeeper.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.gamekeeper.evtx.read.Chunk;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.read.EvtxFile;

/**
 * The parse-only rate {@code hunt} lives on: every record of every chunk parsed and every field
 * of every record decoded, nothing printed. Prints records, seconds and records/s.
 *
 * <pre>java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.ParseOnly [--threads N] PATH...</pre>
 */
public final class ParseOnly {
    private ParseOnly() {
    }

    public static void main(String[] args) throws Exception {
        int threads = 2;
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads")) {
                threads = Integer.parseInt(args[++i]);
                continue;
            }
            try (Stream<Path> s = Files.walk(Path.of(args[i]))) {
                s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".evtx") && Files.isRegularFile(p))
                        .sorted().forEach(files::add);
            }
        }
        long start = System.nanoTime();
        AtomicLong records = new AtomicLong();
        AtomicLong values = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (Path p : files) {
            EvtxFile f = EvtxFile.open(p, p.toString());
            for (int c = 0; c < f.chunkSlots(); c++) {
                final int chunk = c;
                work.add(pool.submit(() -> {
                    try {
                        Chunk ch = f.readChunk(chunk, false);
                        long n = 0;
                        for (EventRecord r : ch.records()) {
                            long[] count = {0};
                            r.forEachField((k, v) -> count[0] += v.length());
                            n += count[0];
                        }
                        records.addAndGet(ch.records().size());
                        values.addAndGet(n);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            work.add(pool.submit(() -> {
                try {
                    f.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            // Keep memory flat: wait for a file's chunks before queueing many more.
            if (work.size() > 4096) {
                for (Future<?> w : work) {
                    w.get();
                }
                work.clear();
            }
        }
        for (Future<?> w : work) {
            w.get();
        }
        pool.shutdown();
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "parse-only: %d files, %d records, %d value chars, %.2f s, %.0f records/s (%d threads)%n",
                files.size(), records.get(), values.get(), s, records.get() / s, threads);
    }
}
