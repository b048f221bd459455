package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The LOLBAS catalogue's documented command templates, read at run time from the corpus (never
 * copied), with their placeholders filled by realistic values: payloads in the folders intruders
 * use (Users\Public, ProgramData, Windows\Temp, the user's Temp, or a bare file name), URLs on a
 * documentation address, UNC paths, process ids. Each template gives a plain command and one
 * disguise by {@link Obfuscator}, seeded by the template's place in the catalogue.
 */
public final class LolbasEvents {
    private LolbasEvents() {
    }

    private static final Set<String> BUILT_INS = Set.of("type", "echo", "copy", "dir", "del", "ren", "move",
            "mklink", "set", "start", "call");

    private static final String[] FOLDERS = {"C:\\Users\\Public\\", "C:\\ProgramData\\", "C:\\Windows\\Temp\\",
        "C:\\Users\\alice\\AppData\\Local\\Temp\\", ""};

    /** Plain ({@code group} plain) and disguised (group disguised) commands; key {@code Binary#n}. */
    @SuppressWarnings("unchecked")
    public static List<LotlScore.Command> commands(Path yml) throws IOException {
        if (!Files.isDirectory(yml)) {
            throw new IllegalStateException("the LOLBAS catalogue is missing at " + yml);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(yml)) {
            files = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        List<LotlScore.Command> out = new ArrayList<>();
        for (Path f : files) {
            Object doc = new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(Files.readString(f));
            if (!(doc instanceof Map<?, ?> m) || !(m.get("Commands") instanceof List<?> cmds)) {
                continue;
            }
            String name = String.valueOf(m.get("Name"));
            String fullPath = null;
            if (m.get("Full_Path") instanceof List<?> paths && !paths.isEmpty() && paths.get(0) instanceof Map<?, ?> p0) {
                fullPath = String.valueOf(p0.get("Path"));
            }
            int n = 0;
            for (Object o : cmds) {
                if (!(o instanceof Map<?, ?> c) || c.get("Command") == null) {
                    continue;
                }
                n++;
                String key = name + "#" + n;
                String template = String.valueOf(c.get("Command")).strip();
                String cmd = fill(template, key.hashCode());
                if (BUILT_INS.contains(Obfuscator.firstWord(cmd))) {
                    // A cmd.exe built-in shows in process events as the shell that ran it.
                    cmd = "cmd.exe /c " + cmd;
                }
                String image = image(cmd, name, fullPath);
                out.add(new LotlScore.Command(key, "plain", image, cmd));
                Obfuscator.Variant v = new Obfuscator(0x1015BA5L * 31 + key.hashCode()).disguise(cmd);
                String disguisedImage = v.commandLine().startsWith("cmd.exe /c \"") && !cmd.toLowerCase(Locale.ROOT).startsWith("cmd")
                        ? "C:\\Windows\\System32\\cmd.exe" : image;
                out.add(new LotlScore.Command(key, "disguised", disguisedImage, v.commandLine()));
            }
        }
        return out;
    }

    /** The image a filled command runs as: the catalogue's path when the command starts with the binary itself. */
    static String image(String cmd, String name, String fullPath) {
        String first = LotlScore.imageOf(cmd);
        String base = first.substring(first.lastIndexOf('\\') + 1);
        if (fullPath != null && fullPath.contains("\\") && !fullPath.toLowerCase(Locale.ROOT).startsWith("no ")
                && base.equalsIgnoreCase(name)) {
            return fullPath;
        }
        return first;
    }

    /** The template with each {@code {KIND[:ext]}} placeholder replaced. */
    static String fill(String template, int seed) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        int k = Math.floorMod(seed, FOLDERS.length);
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0 || !Character.isUpperCase(template.charAt(Math.min(i + 1, template.length() - 1)))) {
                b.append(c);
                i++;
                continue;
            }
            String ph = template.substring(i + 1, close);
            int colon = ph.indexOf(':');
            String kind = colon < 0 ? ph : ph.substring(0, colon);
            String ext = colon < 0 ? "" : ph.substring(colon + 1);
            String file = ext.isEmpty() ? "update.bin" : ext.equals("folder") ? "" : ext.startsWith(".") ? "update" + ext : ext;
            if (ext.startsWith(".") && ext.indexOf('.', 1) > 0) {
                file = ext.substring(1); // .source.exe -> source.exe
            }
            String v = switch (kind) {
                case "CMD" -> ext.equals("args") ? "C:\\Users\\Public\\update.exe -s" : "C:\\Users\\Public\\update.exe";
                case "REMOTEURL" -> "http://198.51.100.23/files/" + (file.isEmpty() ? "update.bin" : file);
                case "PATH" -> FOLDERS[k] + file;
                case "PATH_ABSOLUTE" -> (FOLDERS[k].isEmpty() ? FOLDERS[0] : FOLDERS[k]) + file;
                case "PATH_SMB" -> "\\\\198.51.100.23\\share\\" + file;
                case "PID" -> "7248";
                case "LSASS_PID" -> "624";
                case "GUID", "CLSID" -> "{8A5D4E1C-3B2F-4C6D-9E0A-1F2B3C4D5E6F}";
                default -> null;
            };
            if (v == null) {
                b.append(c);
                i++;
                continue;
            }
            if (ext.equals("folder") && v.endsWith("\\")) {
                v = v.substring(0, v.length() - 1);
            }
            b.append(v);
            i = close + 1;
        }
        return b.toString();
    }
}
