package org.gamekeeper.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the PATH arguments of a command: files, folders (recursed, sorted) and '-' (paths on stdin). */
final class EvidencePaths {
    private EvidencePaths() {
    }

    /** One input file: the path, the name to report it by, its size and whether it is EVTX. */
    record Input(Path path, String name, long size, boolean evtx) { }

    static List<Input> expand(List<String> args, PrintStream err) throws IOException {
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-")) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            names.add(line.strip());
                        }
                    }
                }
            } else {
                names.add(a);
            }
        }
        List<Input> out = new ArrayList<>();
        for (String name : names) {
            Path p = Path.of(name);
            if (Files.isDirectory(p)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    add(f, f.toString(), out, err);
                }
            } else if (Files.isRegularFile(p)) {
                add(p, name, out, err);
            } else {
                err.println("gamekeeper: " + name + ": no such file or folder");
            }
        }
        return out;
    }

    private static void add(Path p, String name, List<Input> out, PrintStream err) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] magic = in.readNBytes(8);
            boolean evtx = magic.length == 8 && new String(magic, StandardCharsets.ISO_8859_1).equals("ElfFile\0");
            out.add(new Input(p, name, Files.size(p), evtx));
        } catch (IOException e) {
            err.println("gamekeeper: " + name + ": cannot read: " + e.getMessage());
        }
    }
}
