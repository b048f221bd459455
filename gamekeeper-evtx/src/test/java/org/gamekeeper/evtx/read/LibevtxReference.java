package org.gamekeeper.evtx.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code reference/libevtx-records.tsv}: what libevtx's evtxexport returned for each corpus file. */
final class LibevtxReference {
    record Row(String file, TreeSet<Long> ids, TreeSet<Long> recoveredHeaderNumbers, String notes, int exitCode) { }

    private LibevtxReference() {
    }

    static Map<String, Row> load() {
        Map<String, Row> rows = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(Corpus.reference().resolve("libevtx-records.tsv"));
            for (String line : lines) {
                if (line.startsWith("#") || line.startsWith("file\t") || line.isBlank()) {
                    continue;
                }
                String[] c = line.split("\t", -1);
                rows.put(c[0], new Row(c[0], ranges(c[5]), ranges(c[12]), c[7], Integer.parseInt(c[8])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    static TreeSet<Long> ranges(String s) {
        TreeSet<Long> out = new TreeSet<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            int dash = part.indexOf('-');
            if (dash > 0) {
                long a = Long.parseLong(part.substring(0, dash));
                long b = Long.parseLong(part.substring(dash + 1));
                for (long i = a; i <= b; i++) {
                    out.add(i);
                }
            } else {
                out.add(Long.parseLong(part.trim()));
            }
        }
        return out;
    }

    static Path path(String file) {
        return Corpus.root().resolve(file);
    }
}
