package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of corpus files (byte flips in file, chunk and record headers, noise in Binary
 * XML, truncation, zeroed regions, chunks swapped between files), a fixed seed so a failure
 * repeats: nothing throws, nothing hangs, every record read passes {@link RecordChecks} (the
 * JSON and XML lines {@code dump} prints are well formed), and every chunk the damage did not
 * touch gives exactly the records, values and all, that it gave undamaged.
 */
class MutationPropertyTest {
    private static final int MUTATIONS_PER_FILE = 15;

    @TempDir
    Path dir;

    /** One-chunk samples (every 25th) and three of the multi-chunk ones: a spread of providers, seconds of work. */
    private static List<Path> samples() {
        List<Path> small = new ArrayList<>();
        List<Path> large = new ArrayList<>();
        for (Path p : Corpus.evtxFiles()) {
            try {
                if (p.toString().contains("evtx-attack-samples")) {
                    (Files.size(p) <= 69632 ? small : large).add(p);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        List<Path> picked = new ArrayList<>();
        for (int i = 0; i < small.size(); i += 25) {
            picked.add(small.get(i));
        }
        for (int i = 0; i < large.size() && i < 15; i += 5) {
            picked.add(large.get(i));
        }
        return picked;
    }

    /**
     * Each chunk slot's records, rendered, as the reader gives them; the records of the chunks in
     * {@code check} (null: all) also pass {@link RecordChecks} (the others must equal the
     * undamaged file's, which passed them).
     */
    static List<List<String>> read(Path p, java.util.BitSet check) {
        List<List<String>> out = new ArrayList<>();
        try (EvtxFile f = EvtxFile.open(p, "m.evtx")) {
            for (int i = 0; i < f.chunkSlots(); i++) {
                Chunk c = f.readChunk(i, false);
                if (check == null || check.get(i)) {
                    RecordChecks.check(c);
                }
                List<String> records = new ArrayList<>();
                for (EventRecord r : c.records()) {
                    records.add(r.offset() + " " + r.recordNumber() + " " + r.toJson());
                }
                out.add(records);
            }
        } catch (IOException e) {
            // a mutation may break the file signature: then opening fails with a message naming the file
            assertTrue(e.getMessage().contains("m.evtx"), e.getMessage());
            return null;
        }
        return out;
    }

    @Test
    void damageCostsOnlyWhatItTouched() throws IOException {
        List<Path> samples = samples();
        assertTrue(samples.size() >= 5, "corpus samples: " + samples.size());
        Random rnd = new Random(20261205L);
        int mutations = 0;
        int untouchedChunks = 0;
        for (int s = 0; s < samples.size(); s++) {
            byte[] original = Files.readAllBytes(samples.get(s));
            byte[] other = Files.readAllBytes(samples.get((s + 1) % samples.size()));
            Path clean = dir.resolve("clean.evtx");
            Files.write(clean, original);
            List<List<String>> expected = read(clean, null);
            for (int m = 0; m < MUTATIONS_PER_FILE; m++) {
                Mutation mu = Mutation.random(rnd, original, other);
                Path damaged = dir.resolve("damaged.evtx");
                Files.write(damaged, mu.bytes());
                String what = samples.get(s).getFileName() + " mutation " + m + " " + mu.kind() + " touching " + mu.touched();
                List<List<String>> got = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> read(damaged, mu.touched()), what);
                mutations++;
                if (got == null) {
                    continue;
                }
                for (int c = 0; c < expected.size(); c++) {
                    if (!mu.touched().get(c)) {
                        assertTrue(c < got.size(), what + ": chunk " + c + " missing");
                        assertEquals(expected.get(c), got.get(c), what + ": chunk " + c + " untouched but read differently");
                        untouchedChunks++;
                    }
                }
            }
        }
        assertTrue(untouchedChunks > mutations / 2, "the mutations left chunks to compare: " + untouchedChunks);
    }
}
