package org.gamekeeper.evtx.read;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Not a test (prints figures, asserts nothing; run by gamekeeper-bench/scripts/mutation-recovery.sh):
 * the share of an undamaged file's records that each reader still returns from damaged copies,
 * ours and libevtx's {@code evtxexport}, on the same {@link Mutation}s (fixed seed). A record
 * counts as recovered when its EventRecordID is one of the original's; ours must also render
 * the same JSON as in the original.
 */
public final class MutationRecoveryReport {
    private static final Pattern RECORD_ID = Pattern.compile("<EventRecordID>(\\d+)</EventRecordID>");

    private MutationRecoveryReport() {
    }

    public static void main(String[] args) throws Exception {
        int perFile = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Path> small = new ArrayList<>();
        List<Path> large = new ArrayList<>();
        for (Path p : Corpus.evtxFiles()) {
            if (p.toString().contains("evtx-attack-samples")) {
                (Files.size(p) <= 69632 ? small : large).add(p);
            }
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < small.size(); i += 10) {
            files.add(small.get(i));
        }
        for (int i = 0; i < large.size(); i += 4) {
            files.add(large.get(i));
        }
        Random rnd = new Random(22);
        Path tmp = Files.createTempFile("mutated", ".evtx");
        Map<Mutation.Kind, long[]> byKind = new EnumMap<>(Mutation.Kind.class);
        long total = 0;
        long ours = 0;
        long theirs = 0;
        int mutations = 0;
        int theirFailures = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] original = Files.readAllBytes(files.get(f));
            byte[] other = Files.readAllBytes(files.get((f + 1) % files.size()));
            Files.write(tmp, original);
            Map<Long, String> expected = new java.util.HashMap<>();
            for (EventRecord r : Corpus.records(tmp)) {
                expected.put(r.eventRecordId(), r.toJson());
            }
            for (int m = 0; m < perFile; m++) {
                Mutation mu = Mutation.random(rnd, original, other);
                Files.write(tmp, mu.bytes());
                Set<Long> mine = new HashSet<>();
                try (EvtxFile ef = EvtxFile.open(tmp, "m.evtx")) {
                    for (int c = 0; c < ef.chunkSlots(); c++) {
                        for (EventRecord r : ef.readChunk(c, false).records()) {
                            if (r.toJson().equals(expected.get(r.eventRecordId()))) {
                                mine.add(r.eventRecordId());
                            }
                        }
                    }
                } catch (IOException e) {
                    // the signature itself was damaged: nothing read
                }
                Set<Long> libevtx = new HashSet<>();
                String xml = evtxexport(tmp);
                if (xml == null) {
                    theirFailures++;
                } else {
                    Matcher x = RECORD_ID.matcher(xml);
                    while (x.find()) {
                        long id;
                        try {
                            id = Long.parseUnsignedLong(x.group(1));
                        } catch (NumberFormatException e) {
                            continue;
                        }
                        if (expected.containsKey(id)) {
                            libevtx.add(id);
                        }
                    }
                }
                mutations++;
                total += expected.size();
                ours += mine.size();
                theirs += libevtx.size();
                long[] k = byKind.computeIfAbsent(mu.kind(), x -> new long[4]);
                k[0] += expected.size();
                k[1] += mine.size();
                k[2] += libevtx.size();
                k[3]++;
            }
        }
        Files.deleteIfExists(tmp);
        System.out.println(mutations + " mutations of " + files.size() + " corpus files (seed 22), " + total + " original records");
        System.out.printf("records recovered: gamekeeper %.1f %%, libevtx evtxexport %.1f %% (evtxexport failed or timed out on %d files)%n",
                100.0 * ours / total, 100.0 * theirs / total, theirFailures);
        for (Map.Entry<Mutation.Kind, long[]> e : byKind.entrySet()) {
            long[] k = e.getValue();
            System.out.printf("  %-20s %3d mutations: gamekeeper %5.1f %%, libevtx %5.1f %%%n", e.getKey(), k[3],
                    100.0 * k[1] / Math.max(1, k[0]), 100.0 * k[2] / Math.max(1, k[0]));
        }
    }

    /** evtxexport's XML of the file, or null when it fails or takes more than 30 s. */
    private static String evtxexport(Path file) throws IOException, InterruptedException {
        Path out = Files.createTempFile("evtxexport", ".xml");
        try {
            Process p = new ProcessBuilder("evtxexport", "-f", "xml", file.toString()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
