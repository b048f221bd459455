package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Where the shared corpus is, for tests; missing corpus fails the test loudly. */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        Path p = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        if (!Files.isDirectory(p.resolve("evtx"))) {
            fail("the shared corpus is missing at " + p + " (set -Dgamekeeper.corpus=...); corpus tests cannot run without it");
        }
        return p;
    }

    public static Path reference() {
        Path p = Path.of(System.getProperty("gamekeeper.reference", "../shared/reference")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p.resolve("libevtx-records.tsv"))) {
            fail("the shared reference folder is missing at " + p + " (set -Dgamekeeper.reference=...)");
        }
        return p;
    }

    /** Every .evtx under the corpus folders the EVTX issue names, sorted. */
    public static List<Path> evtxFiles() {
        Path root = root();
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("evtx/evtx-attack-samples", "evtx/evtx-rs-samples", "sigma/regression_data")) {
            try (Stream<Path> s = Files.walk(root.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".evtx")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The path relative to the corpus root, as the reference TSVs name files. */
    public static String relative(Path p) {
        return root().relativize(p.toAbsolutePath().normalize()).toString();
    }

    /** All records of a file (live ones, no carving), failing the test on an I/O error. */
    public static List<EventRecord> records(Path p) {
        return read(p, false).records;
    }

    public static final class Read {
        final List<EventRecord> records = new ArrayList<>();
        final List<Damage> damage = new ArrayList<>();
    }

    public static Read read(Path p, boolean carve) {
        Read r = new Read();
        try (EvtxFile f = EvtxFile.open(p, p.toString())) {
            r.damage.addAll(f.headerDamage());
            for (int i = 0; i < f.chunkSlots(); i++) {
                Chunk c = f.readChunk(i, carve);
                r.records.addAll(c.records());
                r.damage.addAll(c.damage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return r;
    }
}
