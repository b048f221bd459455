package org.gamekeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.evtx.render.JsonOut;

/**
 * The provenance record of INTERFACES.md ({@code hunt --manifest FILE.json}): the Gamekeeper
 * version, each rule set with its SHA-256 (over its rule files in sorted order, names and
 * contents), the configuration, and path, size and SHA-256 of every input file.
 */
final class Manifest {
    private Manifest() {
    }

    static void write(Path out, List<Path> ruleSets, Path config, List<Path> mappings, List<Path> inputs, Instant started)
            throws IOException {
        JsonOut j = new JsonOut(4096);
        j.raw("{\"gamekeeper_version\":").string(Main.version()).raw(",\"started\":").string(Timeline.time(started))
                .raw(",\"rule_sets\":[");
        for (int i = 0; i < ruleSets.size(); i++) {
            Path p = ruleSets.get(i);
            List<Path> files = ruleFiles(p);
            j.raw(i > 0 ? "," : "").raw("{\"path\":").string(p.toString()).raw(",\"version\":").string(sigmaVersion(p))
                    .raw(",\"files\":").number(files.size()).raw(",\"sha256\":").string(treeHash(p, files)).raw('}');
        }
        j.raw("],\"configuration\":");
        if (config == null) {
            j.raw("null");
        } else {
            j.raw("{\"path\":").string(config.toString()).raw(",\"sha256\":").string(sha256(config)).raw('}');
        }
        j.raw(",\"mappings\":[");
        for (int i = 0; i < mappings.size(); i++) {
            j.raw(i > 0 ? "," : "").raw("{\"path\":").string(mappings.get(i).toString()).raw(",\"sha256\":")
                    .string(sha256(mappings.get(i))).raw('}');
        }
        j.raw("],\"inputs\":[");
        for (int i = 0; i < inputs.size(); i++) {
            Path p = inputs.get(i);
            j.raw(i > 0 ? "," : "").raw("{\"path\":").string(p.toString()).raw(",\"size\":").number(Files.size(p))
                    .raw(",\"sha256\":").string(sha256(p)).raw('}');
        }
        j.raw("]}\n");
        Files.write(out, Arrays.copyOf(j.array(), j.length()));
    }

    /** SigmaHQ's release tag when the rule set sits in a SigmaHQ checkout with a version file, else "local". */
    private static String sigmaVersion(Path p) {
        for (Path d = p.toAbsolutePath(); d != null; d = d.getParent()) {
            Path v = d.resolve("version.txt");
            if (Files.isRegularFile(v)) {
                try {
                    return "sigmahq@" + Files.readString(v).strip();
                } catch (IOException e) {
                    return "local";
                }
            }
        }
        return "local";
    }

    private static List<Path> ruleFiles(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(f -> Files.isRegularFile(f) && (f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")))
                    .sorted().toList();
        }
    }

    private static String treeHash(Path root, List<Path> files) throws IOException {
        MessageDigest md = digest();
        for (Path f : files) {
            md.update(root.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Files.readAllBytes(f));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static List<Path> distinctFiles(List<org.gamekeeper.engine.source.InputFile> inputs) {
        List<Path> out = new ArrayList<>();
        for (var in : inputs) {
            if (!out.contains(in.path())) {
                out.add(in.path());
            }
        }
        return out;
    }
}
