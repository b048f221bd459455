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
import java.util.Set;
import java.util.TreeMap;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.rule.Level;

/**
 * Scores rule sets on process events made from command lines: the obfuscation test set
 * ({@link ObfuscationSet}) and the LOLBAS catalogue's command templates ({@link LolbasEvents}),
 * each as a Sysmon 1 and a Security 4688 event, plain and disguised. A command counts as
 * detected by a rule set when some rule of the set alerts at medium or above on its event.
 * Prints the tables (not a test; {@code LotlScoreGuardTest} holds the floor in CI):
 * {@code java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.lotl.LotlScore [CORPUS]}.
 */
public final class LotlScore {

    /** One command to score, with the process image it runs as. */
    public record Command(String key, String group, String image, String commandLine) { }

    /** Which commands a rule set alerted on at medium or above, per event kind. */
    public record Detected(Set<String> sysmon, Set<String> security) { }

    private LotlScore() {
    }

    /** The built-in pack, read from the engine's resources as the jar ships it. */
    public static RuleSet pack() throws IOException {
        return RuleSet.read(BuiltinPack.texts(), LoadOptions.defaults());
    }

    /** SigmaHQ's Windows rules from the corpus. */
    public static RuleSet sigmaHq(Path corpus) throws IOException {
        Path windows = corpus.resolve("sigma/rules/windows");
        if (!Files.isDirectory(windows)) {
            throw new IllegalStateException("SigmaHQ rules missing at " + windows);
        }
        return RuleSet.load(List.of(windows), LoadOptions.defaults());
    }

    /** Runs {@code set} over each command as Sysmon 1 and as 4688; which it alerted on at medium or above. */
    public static Detected detect(RuleSet set, List<Command> commands, Path work) throws IOException, InterruptedException {
        return detect(set, commands, work, Level.MEDIUM);
    }

    /** As {@link #detect(RuleSet, List, Path)}, counting alerts at {@code least} or above. */
    public static Detected detect(RuleSet set, List<Command> commands, Path work, Level least) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path file = work.resolve("commands.json");
        List<String> lines = new ArrayList<>();
        long t = 1_704_103_200_000L;
        for (Command c : commands) {
            for (int kind = 0; kind < 2; kind++) {
                Map<String, String> e = new LinkedHashMap<>();
                String time = java.time.Instant.ofEpochMilli(t).toString();
                // Each command on its own host and hour, so no correlation joins two of them.
                t += 3_600_000L;
                String host = "WS" + lines.size();
                if (kind == 0) {
                    e.put("Channel", "Microsoft-Windows-Sysmon/Operational");
                    e.put("EventID", "1");
                    e.put("Image", c.image());
                    e.put("OriginalFileName", c.image().substring(c.image().lastIndexOf('\\') + 1));
                    e.put("ParentImage", "C:\\Windows\\explorer.exe");
                    e.put("User", "CORP\\alice");
                } else {
                    e.put("Channel", "Security");
                    e.put("EventID", "4688");
                    e.put("NewProcessName", c.image());
                    e.put("ParentProcessName", "C:\\Windows\\explorer.exe");
                    e.put("SubjectUserName", "alice");
                }
                e.put("CommandLine", c.commandLine());
                e.put("Hostname", host);
                e.put("@timestamp", time);
                lines.add(json(e));
            }
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Set<String> sysmon = new HashSet<>();
        Set<String> security = new HashSet<>();
        for (int line : alertedLines(Compiled.of(set), file, least)) {
            Command c = commands.get(line / 2);
            (line % 2 == 0 ? sysmon : security).add(c.group() + ":" + c.key());
        }
        return new Detected(sysmon, security);
    }

    /** A rule set compiled and indexed once, to hunt several generated files with. */
    record Compiled(CompiledRuleSet rules, RuleIndex index) {
        static Compiled of(RuleSet set) {
            CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
            return new Compiled(compiled, RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin()));
        }
    }

    /**
     * Hunts a generated JSON-lines file and returns the lines (0-based) of the events some rule
     * alerted on at {@code least} or above; a problem reading the file is an error.
     */
    static Set<Integer> alertedLines(Compiled rules, Path file, Level least) throws IOException, InterruptedException {
        Set<Integer> hit = java.util.concurrent.ConcurrentHashMap.newKeySet();
        hunt(rules, file, least, (a, lines) -> hit.addAll(lines));
        return new java.util.TreeSet<>(hit);
    }

    /**
     * Hunts a generated JSON-lines file and hands each alert at {@code least} or above, with the
     * lines (0-based) of its events, to {@code sink} (from the hunt's threads); a problem reading
     * the file is an error.
     */
    static void hunt(Compiled rules, Path file, Level least, java.util.function.BiConsumer<Alert, List<Integer>> sink)
            throws IOException, InterruptedException {
        List<Problem> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        List<InputFile> inputs = Inputs.expand(List.of(file.toString()), problems::add);
        new Hunt(rules.index(), rules.rules().correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                if (a.level() == null || a.level().compareTo(least) < 0) {
                    return;
                }
                List<Integer> lines = new ArrayList<>();
                for (String ref : a.eventRefs()) {
                    lines.add(Integer.parseInt(ref.substring(ref.lastIndexOf("#L") + 2)) - 1);
                }
                sink.accept(a, lines);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("problems reading the generated events in " + file + ": " + problems);
        }
    }

    static String json(Map<String, String> e) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> f : e.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(f.getKey()).append("\":");
            if (f.getKey().equals("EventID")) {
                b.append(f.getValue());
                continue;
            }
            b.append('"');
            for (char c : f.getValue().toCharArray()) {
                if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                } else {
                    b.append(c);
                }
            }
            b.append('"');
        }
        return b.append('}').toString();
    }

    /** The obfuscation set as commands; key {@code seed#variant}, group {@code plain} or {@code disguised}. */
    public static List<Command> obfuscationCommands() {
        List<Command> out = new ArrayList<>();
        for (ObfuscationSet.Entry e : ObfuscationSet.committed()) {
            out.add(new Command(e.seedId() + "#" + e.variant(), e.variant() == 0 ? "plain" : "disguised", imageOf(e.command()), e.command()));
        }
        return out;
    }

    /** A command line's first word: the quoted text when it starts with a quote, else up to the first space. */
    static String firstWord(String commandLine) {
        String s = commandLine.strip();
        if (s.startsWith("\"")) {
            int end = s.indexOf('"', 1);
            return end < 0 ? s.substring(1) : s.substring(1, end);
        }
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    /** The process a command line starts: its first word, as a full path. */
    static String imageOf(String commandLine) {
        String first = firstWord(commandLine).replace("\"", "").replace("^", "");
        if (first.contains("%")) {
            // A disguised first word (variable substrings) is run by cmd.exe.
            return "C:\\Windows\\System32\\cmd.exe";
        }
        String name = first.substring(first.lastIndexOf('\\') + 1);
        if (!name.toLowerCase(Locale.ROOT).matches(".*\\.(exe|com|bat|cmd|vbs|js|ps1|msc|cpl)")) {
            name = name + ".exe";
        }
        if (first.contains("\\")) {
            return first.endsWith(name) ? first : first + ".exe";
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "7z.exe" -> "C:\\Program Files\\7-Zip\\7z.exe";
            case "procdump.exe", "procdump64.exe", "psexec.exe" -> "C:\\Tools\\" + name;
            case "powershell.exe" -> "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
            case "wmic.exe" -> "C:\\Windows\\System32\\wbem\\WMIC.exe";
            default -> "C:\\Windows\\System32\\" + name;
        };
    }

    /** Share of the commands of {@code group} in {@code found}, as a percentage. */
    static double share(List<Command> commands, String group, Set<String> found) {
        long n = commands.stream().filter(c -> c.group().equals(group)).count();
        long d = commands.stream().filter(c -> c.group().equals(group)).filter(c -> found.contains(c.group() + ":" + c.key())).count();
        return n == 0 ? 0 : 100.0 * d / n;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }

    /** The share table of one set: plain and disguised, as Sysmon 1 and as 4688, pack and SigmaHQ and either. */
    static void printTable(List<Command> commands, Detected pack, Detected sigma) {
        System.out.println("| commands | events | built-in pack | SigmaHQ windows | pack or SigmaHQ |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String group : List.of("plain", "disguised")) {
            for (int kind = 0; kind < 2; kind++) {
                Set<String> p = kind == 0 ? pack.sysmon() : pack.security();
                Set<String> s = kind == 0 ? sigma.sysmon() : sigma.security();
                Set<String> u = new HashSet<>(p);
                u.addAll(s);
                System.out.println("| " + group + " | " + (kind == 0 ? "Sysmon 1" : "Security 4688") + " | " + pct(share(commands, group, p))
                        + " | " + pct(share(commands, group, s)) + " | " + pct(share(commands, group, u)) + " |");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args.length > 0 ? args[0] : System.getProperty("gamekeeper.corpus", "../shared/corpus"));
        Path work = Files.createTempDirectory("lotl-score");
        RuleSet pack = pack();
        RuleSet sigma = sigmaHq(corpus);

        List<Command> obf = obfuscationCommands();
        Detected po = detect(pack, obf, work.resolve("obf-pack"));
        Detected so = detect(sigma, obf, work.resolve("obf-sigma"));
        System.out.println("Obfuscation set (" + ObfuscationSet.seeds().size() + " advisory commands, " + ObfuscationSet.VARIANTS
                + " disguises each): share detected at medium or above");
        printTable(obf, po, so);
        List<String> missed = new ArrayList<>();
        for (Command c : obf) {
            if (!po.sysmon().contains(c.group() + ":" + c.key())) {
                missed.add(c.key());
            }
        }
        System.out.println("pack misses (Sysmon): " + missed);
        // The same set at any level: whether the normaliser sees through the disguise at all (the
        // everyday discovery commands are informational alone, and high only as a burst).
        Detected pa = detect(pack, obf, work.resolve("obf-pack-any"), Level.INFORMATIONAL);
        Detected sa = detect(sigma, obf, work.resolve("obf-sigma-any"), Level.INFORMATIONAL);
        System.out.println("Obfuscation set: share detected at any level (informational or above)");
        printTable(obf, pa, sa);
        System.out.println();

        List<Command> lol = LolbasEvents.commands(corpus.resolve("lolbas/yml"));
        Detected pl = detect(pack, lol, work.resolve("lol-pack"));
        Detected sl = detect(sigma, lol, work.resolve("lol-sigma"));
        long templates = lol.stream().filter(c -> c.group().equals("plain")).count();
        System.out.println("LOLBAS (" + templates + " command templates): share detected at medium or above");
        printTable(lol, pl, sl);
        Map<String, int[]> byBinary = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Command c : lol) {
            if (c.group().equals("plain")) {
                String bin = c.key().substring(0, c.key().indexOf('#'));
                int[] n = byBinary.computeIfAbsent(bin, k -> new int[2]);
                n[0]++;
                if (pl.sysmon().contains("plain:" + c.key())) {
                    n[1]++;
                }
            }
        }
        List<String> missedBinaries = new ArrayList<>();
        List<String> partly = new ArrayList<>();
        for (Map.Entry<String, int[]> e : byBinary.entrySet()) {
            if (e.getValue()[1] == 0) {
                missedBinaries.add(e.getKey());
            } else if (e.getValue()[1] < e.getValue()[0]) {
                partly.add(e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]);
            }
        }
        System.out.println("binaries the pack misses entirely (plain, Sysmon; " + missedBinaries.size() + " of " + byBinary.size() + "): "
                + String.join(", ", missedBinaries));
        System.out.println("binaries the pack misses in part: " + String.join(", ", partly));
    }
}
