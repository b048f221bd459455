package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.gamekeeper.sigma.rule.Level;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Scores the pack and SigmaHQ on what script-block logging (PowerShell 4104) records when
 * offensive PowerShell toolkits run in memory: the scripts of other projects (Empire's module
 * sources, PowerSploit, nishang), mirrored at run time into a folder outside the repository, one
 * subfolder a project, each with {@code manifest-*.jsonl} lines
 * {@code {"project", "repo", "path", "commit", "total_chars", "kept_chars"}} and the script at
 * {@code PROJECT/path} (its first {@code kept_chars} characters). A script that is nothing but
 * comments once stripped (below) is left out: running it would log nothing.
 * <p>
 * Each script is logged as Empire sends its modules: comments, blank lines and verbose or debug
 * lines stripped ({@link #stripped}); then cut as PowerShell cuts a long script block into 4104
 * events, pieces of 10,000 characters plus a random part of another 10,000 ({@link #pieces}), each
 * an event with {@code MessageNumber}/{@code MessageTotal} and one {@code ScriptBlockId}, no
 * {@code Path} (run in memory, so a file name cannot give the script away). A script counts as
 * found when some rule alerts on one of its pieces at medium or above; each script on its own
 * host and hour.
 * {@code java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.ScriptBlockScore DIR [CORPUS] [--misses FILE]}.
 */
public final class ScriptBlockScore {

    private ScriptBlockScore() {
    }

    /** One script of a project: where it comes from and its text as mirrored. */
    record Script(String project, String path, String text) {
        String key() {
            return project + "/" + path;
        }
    }

    /** The scripts of every project under {@code dir}, in project and manifest order. */
    static List<Script> scripts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no folder of mirrored scripts at " + dir);
        }
        List<Path> projects;
        try (Stream<Path> s = Files.list(dir)) {
            projects = s.filter(Files::isDirectory).sorted().toList();
        }
        Load load = new Load(LoadSettings.builder().setMaxAliasesForCollections(0).build());
        List<Script> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path p : projects) {
            List<Path> manifests;
            try (Stream<Path> s = Files.list(p)) {
                manifests = s.filter(f -> f.getFileName().toString().matches("manifest.*\\.jsonl")).sorted().toList();
            }
            for (Path m : manifests) {
                int line = 0;
                for (String text : Files.readAllLines(m, StandardCharsets.UTF_8)) {
                    line++;
                    if (text.isBlank()) {
                        continue;
                    }
                    if (!(load.loadFromString(text) instanceof Map<?, ?> entry) || entry.get("path") == null) {
                        throw new IllegalStateException(m + ":" + line + ": not a manifest line");
                    }
                    String path = String.valueOf(entry.get("path"));
                    Path file = p.resolve(path).normalize();
                    if (!file.startsWith(p) || !Files.isRegularFile(file)) {
                        throw new IllegalStateException(m + ":" + line + ": no script at " + file);
                    }
                    String project = p.getFileName().toString();
                    String script = Files.readString(file, StandardCharsets.UTF_8);
                    // a script that is only comments (a one-liner kept in its help) leaves nothing to log
                    if (!stripped(script).isBlank() && seen.add(project + "/" + path)) {
                        out.add(new Script(project, path, script));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no scripts listed in the manifests under " + dir);
        }
        return out;
    }

    /**
     * A script as Empire sends it to its agent (its helper {@code strip_powershell_comments}):
     * block comments, blank lines, lines that are comments and Write-Verbose/Write-Debug lines
     * left out; the rest as it was.
     */
    static String stripped(String script) {
        StringBuilder noBlocks = new StringBuilder(script.length());
        int i = 0;
        while (i < script.length()) {
            int open = script.indexOf("<#", i);
            if (open < 0) {
                noBlocks.append(script, i, script.length());
                break;
            }
            int close = script.indexOf("#>", open + 2);
            noBlocks.append(script, i, open).append('\n');
            i = close < 0 ? script.length() : close + 2;
        }
        StringBuilder out = new StringBuilder(noBlocks.length());
        for (String line : noBlocks.toString().split("\r?\n", -1)) {
            String t = line.strip();
            String lower = t.toLowerCase(Locale.ROOT);
            if (t.isEmpty() || t.startsWith("#") || lower.startsWith("write-verbose ") || lower.startsWith("write-debug ")) {
                continue;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line);
        }
        return out.toString();
    }

    /**
     * A script block cut as PowerShell cuts one for its 4104 events: pieces of 10,000 characters
     * and a random part of another 10,000 (so that no piece boundary is predictable), the random
     * part drawn from {@code seed}.
     */
    static List<String> pieces(String text, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        int at = 0;
        do {
            int size = 10_000 + r.nextInt(10_000);
            int end = Math.min(text.length(), at + size);
            out.add(text.substring(at, end));
            at = end;
        } while (at < text.length());
        return out;
    }

    /** The keys of the scripts some rule of {@code rules} alerts on at medium or above, on one of its pieces. */
    static Set<String> detect(LotlScore.Compiled rules, List<Script> scripts, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path file = work.resolve("scriptblocks.json");
        List<String> lines = new ArrayList<>();
        List<String> keyOfLine = new ArrayList<>();
        long t = 1_704_103_200_000L;
        for (int s = 0; s < scripts.size(); s++) {
            Script script = scripts.get(s);
            List<String> pieces = pieces(stripped(script.text()), script.key().hashCode());
            String id = UUID.nameUUIDFromBytes(script.key().getBytes(StandardCharsets.UTF_8)).toString();
            for (int k = 0; k < pieces.size(); k++) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("Channel", "Microsoft-Windows-PowerShell/Operational");
                e.put("EventID", 4104);
                e.put("Provider_Name", "Microsoft-Windows-PowerShell");
                e.put("Hostname", "PS" + s);
                e.put("@timestamp", java.time.Instant.ofEpochMilli(t + k).toString());
                e.put("MessageNumber", k + 1);
                e.put("MessageTotal", pieces.size());
                e.put("ScriptBlockText", pieces.get(k));
                e.put("ScriptBlockId", id);
                e.put("Path", "");
                lines.add(WazuhScore.json(e));
                keyOfLine.add(script.key());
            }
            // each script on its own host and hour, so no correlation joins two of them
            t += 3_600_000L;
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Set<String> found = new HashSet<>();
        for (int line : LotlScore.alertedLines(rules, file, Level.MEDIUM)) {
            found.add(keyOfLine.get(line));
        }
        return found;
    }

    public static void main(String[] args) throws Exception {
        AtomicScore.Args a = AtomicScore.Args.of(args, "ScriptBlockScore DIR [CORPUS] [--misses FILE]");
        List<Script> scripts = scripts(a.dir());
        Path work = Files.createTempDirectory("scriptblock-score");
        Set<String> pack = detect(LotlScore.Compiled.of(LotlScore.pack()), scripts, work.resolve("pack"));
        Set<String> sigma = detect(LotlScore.Compiled.of(LotlScore.sigmaHq(a.corpus())), scripts, work.resolve("sigma"));
        Map<String, long[]> projects = new TreeMap<>();
        long[] total = new long[4];
        List<String> every = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Script s : scripts) {
            boolean p = pack.contains(s.key());
            boolean q = sigma.contains(s.key());
            WazuhScore.add(projects.computeIfAbsent(s.project(), k -> new long[4]), p, q);
            WazuhScore.add(total, p, q);
            String line = s.key() + "\t" + (p ? "pack" : "-") + "\t" + (q ? "sigmahq" : "-") + "\t" + opening(stripped(s.text()));
            every.add(line);
            if (!p) {
                missed.add(line);
            }
        }
        System.out.println("Offensive PowerShell as script-block logging records it (" + scripts.size()
                + " scripts): share with an alert at medium or above on some piece");
        System.out.println("| project | scripts | built-in pack | SigmaHQ windows | pack or SigmaHQ |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, long[]> e : projects.entrySet()) {
            WazuhScore.row(e.getKey(), e.getValue());
        }
        WazuhScore.row("all", total);
        if (a.misses() != null) {
            Files.write(a.misses(), missed, StandardCharsets.UTF_8);
            Path all = a.misses().resolveSibling(a.misses().getFileName() + ".all.tsv");
            Files.write(all, every, StandardCharsets.UTF_8);
            System.out.println("\n" + missed.size() + " scripts the pack misses written to " + a.misses()
                    + " (script, pack, SigmaHQ, opening of the stripped text); every script to " + all);
        }
    }

    /** The first 200 characters of a script's stripped text on one line, for the misses file. */
    private static String opening(String text) {
        String one = text.replace("\r", "").replace("\t", " ").replace("\n", " ⏎ ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
