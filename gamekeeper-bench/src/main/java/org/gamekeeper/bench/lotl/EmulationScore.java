package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Scores the pack and SigmaHQ on other labs' Windows procedures, in the same event model as
 * {@link AtomicScore}, read at run time from folders outside the repository (nothing of any
 * catalogue is committed). It reads:
 * <ul>
 * <li>MITRE CALDERA's abilities ({@code mitre/stockpile}, {@code data/abilities/<tactic>/<uuid>.yml})
 * and MITRE CTID's adversary emulation plans (one YAML list an adversary): procedures with
 * {@code platforms: windows: psh|pwsh|cmd: command:}, CALDERA's newer flat {@code executors} list
 * tagged {@code platform: windows}, and the plans' {@code input_arguments} defaults. Each Windows
 * executor of a procedure is one test. Abilities whose description says they were generated from
 * Atomic Red Team (or are stubs for one) are skipped: ART is {@link AtomicScore}'s set, studied
 * already. CALDERA fills {@code #{fact}} placeholders at run time from what its agent learnt;
 * here a placeholder without a default gets a plain value chosen by the fact's name alone.</li>
 * <li>Batch collections such as APTSimulator: a {@code .bat} is one test run by path (see
 * {@link #batch}); batch files at the top of the folder are launchers giving the others their
 * variables.</li>
 * <li>Transcriptions that list a script's or a tool's events (Red Team Automation, PurpleSharp,
 * AtomicTestHarnesses: {@code script}, {@code events} of processes with their parents, registry
 * values and any other event by its fields), scored on exactly those events.</li>
 * <li>Uber Metta's action files (see {@link #metta}) and Prelude Operator's TTP files, one
 * procedure a file in the CALDERA layout.</li>
 * <li>SCYTHE threats ({@code *_scythe_threat.json}, see {@link #scythe}).</li>
 * </ul>
 * With {@code --as-run} the procedures of one file (an emulation plan) run in their order on one
 * host, half a minute apart, as the plan's operator runs them, so that correlations over a sequence
 * (a burst of discovery) can see them; a procedure counts when an alert names one of its events.
 * {@code java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.EmulationScore DIR [CORPUS]
 * [--misses FILE] [--as-run] [--children]}; {@code --children} adds the programs a listed
 * {@code cmd.exe /c} process starts ({@link AtomicScore#events(AtomicScore.Test, boolean, boolean)}).
 */
public final class EmulationScore {

    private EmulationScore() {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("#\\{([^{}\\s]{1,120})\\}");

    /**
     * The parent a transcription's process gets when its source names none: Explorer, as if a
     * user had typed or double-clicked it. {@code --parent} gives another (cmd.exe, an implant's
     * rundll32), since rules that key on a parent (SigmaHQ's "rundll32 spawned by Explorer")
     * otherwise score the default rather than the command.
     */
    static final String DEFAULT_PARENT = "C:\\Windows\\explorer.exe";

    /** Every Windows procedure under {@code dir}: YAML catalogues, batch files and SCYTHE threats. */
    static List<AtomicScore.Test> tests(Path dir) throws IOException {
        return tests(dir, DEFAULT_PARENT);
    }

    /** The same, with {@code parent} for the listed processes whose source names none. */
    static List<AtomicScore.Test> tests(Path dir, String parent) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no folder of emulation procedures at " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, 6)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(?:ya?ml|bat|cmd)|.*_scythe_threat\\.json"))
                    .sorted().toList();
        }
        List<AtomicScore.Test> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        // A procedure kept in two places (a plan's day files, a threat in two folders) counts once.
        java.util.function.Consumer<AtomicScore.Test> once = t -> {
            if (t != null && seen.add(t.key())) {
                out.add(t);
            }
        };
        // Batch files at the top of DIR are launchers: their variables are the environment of the
        // batch files below (APTSimulator.bat sets APTDIR, ZIP, ... for its test sets); not scored.
        Map<String, String> launched = new java.util.HashMap<>(ENVIRONMENT);
        java.util.function.Predicate<Path> launcher = f -> f.getParent().equals(dir) && f.toString().matches(".*\\.(?:bat|cmd)");
        for (Path f : files) {
            if (launcher.test(f)) {
                expand(dir, f, launched, new StringBuilder());
            }
        }
        for (Path f : files) {
            if (launcher.test(f)) {
                continue;
            }
            if (f.toString().endsWith("_scythe_threat.json")) {
                once.accept(scythe(dir, f));
                continue;
            }
            if (!f.toString().matches(".*\\.ya?ml")) {
                once.accept(batch(dir, f, launched));
                continue;
            }
            Object loaded = load(f, "YAML");
            String source = dir.relativize(f).toString();
            if (loaded instanceof Map<?, ?> one && one.get("meta") instanceof Map<?, ?> meta && meta.get("purple_actions") != null) {
                once.accept(metta(source, meta, one.get("os"), one.get("name")));
                continue;
            }
            // Prelude Operator's TTPs are one procedure a file, not a list.
            List<?> items = loaded instanceof List<?> l ? l : loaded instanceof Map<?, ?> one && one.get("platforms") != null ? List.of(one) : null;
            if (items == null) {
                continue;
            }
            int n = 0;
            for (Object o : items) {
                if (o instanceof Map<?, ?> item) {
                    n++;
                    procedures(source, n, item, parent).forEach(once);
                }
            }
        }
        return out;
    }

    /** {@code f} read as YAML 1.2 (JSON included); a file that does not parse is named in the error. */
    private static Object load(Path f, String what) throws IOException {
        try {
            return new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(Files.readString(f));
        } catch (RuntimeException e) {
            throw new IllegalStateException(f + ": not " + what + ": " + e.getMessage(), e);
        }
    }

    /** The tests of one catalogue item (one a Windows executor); {@code parent} for listed processes whose source names none. */
    static List<AtomicScore.Test> procedures(String source, int n, Map<?, ?> item, String parent) {
        if (item.get("events") instanceof List<?> listed) {
            return listedEvents(source, n, item, listed, parent);
        }
        String description = String.valueOf(item.get("description")).toLowerCase(Locale.ROOT);
        if (description.contains("generated from atomic red team") || description.contains("auto-inferred safe stub")) {
            // Some newer CALDERA abilities are Atomic Red Team tests converted (AtomicScore's set, studied
            // already) or placeholders standing in for one.
            return List.of();
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        if (item.get("input_arguments") instanceof Map<?, ?> args) {
            for (Map.Entry<?, ?> a : args.entrySet()) {
                Object d = a.getValue() instanceof Map<?, ?> am ? am.get("default") : null;
                if (d != null) {
                    defaults.put(String.valueOf(a.getKey()), String.valueOf(d).strip());
                }
            }
        }
        // CALDERA and CTID name the technique attack_id, Prelude id.
        String technique = item.get("technique") instanceof Map<?, ?> t && (t.get("attack_id") != null || t.get("id") != null)
                ? String.valueOf(t.get("attack_id") != null ? t.get("attack_id") : t.get("id")) : "unknown";
        String id = item.get("id") == null ? source + "#" + n : String.valueOf(item.get("id"));
        String name = String.valueOf(item.get("name"));
        Map<String, String> commands = new LinkedHashMap<>();
        if (item.get("platforms") instanceof Map<?, ?> platforms && platforms.get("windows") instanceof Map<?, ?> windows) {
            for (Map.Entry<?, ?> e : windows.entrySet()) {
                String executor = executor(String.valueOf(e.getKey()));
                if (executor != null && e.getValue() instanceof Map<?, ?> ex && ex.get("command") != null) {
                    commands.putIfAbsent(String.valueOf(e.getKey()), String.valueOf(ex.get("command")));
                }
            }
        }
        if (commands.isEmpty() && item.get("executors") instanceof List<?> executors) {
            for (Object o : executors) {
                // CTID's atomic-style list has no platform; CALDERA's newer layout tags each executor with one.
                if (o instanceof Map<?, ?> ex && ex.get("command") != null && executor(String.valueOf(ex.get("name"))) != null
                        && (ex.get("platform") == null || "windows".equals(String.valueOf(ex.get("platform"))))) {
                    commands.putIfAbsent(String.valueOf(ex.get("name")), String.valueOf(ex.get("command")));
                }
            }
        }
        List<AtomicScore.Test> out = new ArrayList<>();
        for (Map.Entry<String, String> c : commands.entrySet()) {
            String command = fill(c.getValue(), defaults);
            if (!command.isBlank()) {
                out.add(new AtomicScore.Test(id + "#" + c.getKey(), technique, name, executor(c.getKey()), command, source));
            }
        }
        return out;
    }

    /**
     * An Uber Metta action file ({@code meta: purple_actions: {1: ..., 2: ...}}, {@code os: windows}):
     * one test, its actions in order, each sent by Metta as {@code vagrant winrm -c "ACTION"} after
     * Python's {@code shlex} has read the quotes (so {@code \\} and {@code \"} lose their escape). On
     * the host PowerShell remoting runs each action, which starts the program it names (all but one
     * are {@code cmd.exe /c ...}). That transport is the harness's, not the technique's: a remoting
     * host starting shells is what every rule for WinRM lateral movement flags, so it would make every
     * action "detected". The actions are scored as started by a program that gives no signal, as
     * SCYTHE's run steps are (AtomicScore's {@code implant} executor). Null for other systems and for
     * actions that are all blank.
     */
    static AtomicScore.Test metta(String source, Map<?, ?> meta, Object os, Object name) {
        if (!"windows".equals(String.valueOf(os)) || !(meta.get("purple_actions") instanceof Map<?, ?> actions)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        // As Metta's runner reads them: keys 1 to the number of actions, in order; a missing key is
        // skipped and a key past the count is never sent.
        for (int k = 1; k <= actions.size(); k++) {
            Object a = actions.get(k);
            if (a == null) {
                continue;
            }
            String action = String.valueOf(a).strip().replace("\\\\", "\u0000").replace("\\\"", "\"").replace("\\$", "$")
                    .replace('\u0000', '\\');
            if (!action.isEmpty()) {
                b.append(action.replace('\n', ' ')).append('\n');
            }
        }
        if (b.length() == 0) {
            return null;
        }
        String technique = String.valueOf(meta.get("mitre_attack_technique"));
        // Keyed by file: Metta's authors copied some files with their uuid and changed the actions.
        return new AtomicScore.Test(source, technique, name == null ? source : String.valueOf(name), "implant", b.toString().strip(), source);
    }

    /** Where a batch collection is taken to be unpacked on the simulated host. */
    static final String BATCH_ROOT = "C:\\APTSimulator\\";

    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("temp", "C:\\Users\\alice\\AppData\\Local\\Temp"), Map.entry("tmp", "C:\\Users\\alice\\AppData\\Local\\Temp"),
            Map.entry("appdata", "C:\\Users\\alice\\AppData\\Roaming"), Map.entry("localappdata", "C:\\Users\\alice\\AppData\\Local"),
            Map.entry("userprofile", "C:\\Users\\alice"), Map.entry("public", "C:\\Users\\Public"),
            Map.entry("programdata", "C:\\ProgramData"), Map.entry("windir", "C:\\Windows"), Map.entry("systemroot", "C:\\Windows"),
            Map.entry("systemdrive", "C:"), Map.entry("programfiles", "C:\\Program Files"), Map.entry("computername", "WS01"),
            Map.entry("username", "alice"), Map.entry("userdomain", "CORP"), Map.entry("comspec", "C:\\Windows\\system32\\cmd.exe"));

    private static final Pattern SET = Pattern.compile("(?i)^@?set\\s+(\"?[A-Za-z_][A-Za-z0-9_]*=.*)$");
    private static final Pattern VAR = Pattern.compile("%([A-Za-z_][A-Za-z0-9_]*)%|%~dp0");

    /**
     * A batch file as cmd.exe runs it: one test, its lines with {@code set} variables, {@code %~dp0}
     * and the usual environment variables expanded as cmd expands them before starting a program;
     * comments, labels and echo lines dropped; {@code environment} is what a launcher set. Null for
     * an empty file.
     */
    static AtomicScore.Test batch(Path root, Path f, Map<String, String> environment) throws IOException {
        String rel = root.relativize(f).toString().replace('/', '\\');
        StringBuilder b = new StringBuilder();
        expand(root, f, new java.util.HashMap<>(environment), b);
        if (b.length() == 0) {
            return null;
        }
        String category = rel.contains("\\") ? rel.substring(0, rel.lastIndexOf('\\')) : "batch";
        return new AtomicScore.Test(rel, category, BATCH_ROOT + rel, "batch", b.toString().strip(), rel);
    }

    /** Appends {@code f}'s lines to {@code out} with {@code vars} expanded, recording its {@code set} variables in {@code vars}. */
    static void expand(Path root, Path f, Map<String, String> vars, StringBuilder b) throws IOException {
        String path = BATCH_ROOT + root.relativize(f).toString().replace('/', '\\');
        String folder = path.substring(0, path.lastIndexOf('\\') + 1);
        for (String raw : Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).lines().toList()) {
            String line = raw.strip();
            String low = line.toLowerCase(Locale.ROOT);
            if (line.isEmpty() || low.startsWith("rem ") || low.equals("rem") || low.startsWith("::") || low.startsWith(":")
                    || low.startsWith("echo") || low.startsWith("@echo")) {
                continue;
            }
            Matcher v = VAR.matcher(line);
            StringBuilder e = new StringBuilder();
            while (v.find()) {
                String value = v.group(1) == null ? folder : vars.getOrDefault(v.group(1).toLowerCase(Locale.ROOT), v.group(0));
                v.appendReplacement(e, Matcher.quoteReplacement(value));
            }
            v.appendTail(e);
            line = e.toString();
            Matcher set = SET.matcher(line);
            if (set.matches()) {
                // set NAME=value keeps the value as written (quotes too); set "NAME=value" drops the outer quotes.
                String assignment = set.group(1);
                if (assignment.length() > 1 && assignment.startsWith("\"") && assignment.endsWith("\"")) {
                    assignment = assignment.substring(1, assignment.length() - 1);
                }
                int eq = assignment.indexOf('=');
                vars.put(assignment.substring(0, eq).strip().toLowerCase(Locale.ROOT), assignment.substring(eq + 1));
                continue;
            }
            b.append(line).append('\n');
        }
    }

    /**
     * A transcription that lists a script's events itself ({@code script}, {@code name},
     * {@code techniques}, {@code events} of {@code parent}/{@code image}/{@code command_line}
     * processes (and {@code original_file_name} for a renamed copy), {@code registry}/{@code data}/
     * {@code image} values, and {@code event} maps of any other event by its fields, {@code Channel}
     * and {@code EventID} among them): one test of executor {@code events}; none when the item lists
     * no event.
     */
    static List<AtomicScore.Test> listedEvents(String source, int n, Map<?, ?> item, List<?> listed, String defaultParent) {
        List<AtomicScore.Listed> events = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        for (Object o : listed) {
            if (!(o instanceof Map<?, ?> e)) {
                continue;
            }
            if (e.get("command_line") != null && e.get("image") != null) {
                String parent = e.get("parent") == null ? defaultParent : String.valueOf(e.get("parent"));
                // A renamed copy keeps the name in its version resource, which Sysmon reports.
                String original = e.get("original_file_name") == null ? null : String.valueOf(e.get("original_file_name"));
                events.add(new AtomicScore.Listed.Process(parent, String.valueOf(e.get("image")), oneLine(e.get("command_line")), original));
                shown.append(parent).append(" > ").append(e.get("image")).append(": ").append(oneLine(e.get("command_line"))).append('\n');
            } else if (e.get("registry") != null) {
                String image = e.get("image") == null ? "" : String.valueOf(e.get("image"));
                String data = e.get("data") == null ? "" : oneLine(e.get("data"));
                events.add(new AtomicScore.Listed.Value(image, String.valueOf(e.get("registry")), data));
                shown.append(image).append(" sets ").append(e.get("registry")).append(" = ").append(data).append('\n');
            } else if (e.get("event") instanceof Map<?, ?> fields && fields.get("Channel") != null && fields.get("EventID") != null) {
                // Any other event Windows writes for the action (Security, System, Sysmon, WMI-Activity ...), field by field.
                Map<String, String> f = new LinkedHashMap<>();
                fields.forEach((k, v) -> f.put(String.valueOf(k), oneLine(v)));
                events.add(new AtomicScore.Listed.Other(f));
                shown.append(f).append('\n');
            }
        }
        if (events.isEmpty()) {
            return List.of();
        }
        String technique = item.get("techniques") instanceof List<?> ts && !ts.isEmpty() ? String.valueOf(ts.get(0)) : "unknown";
        // Variations of one technique share their script (one function with options): the name tells them apart.
        String id = item.get("script") == null ? source + "#" + n : source + ":" + item.get("script") + "#" + item.get("name");
        return List.of(new AtomicScore.Test(id, technique, String.valueOf(item.get("name")), "events", shown.toString().strip(), source,
                List.copyOf(events)));
    }

    private static String oneLine(Object value) {
        return String.valueOf(value).replace('\n', ' ');
    }

    /**
     * A SCYTHE threat ({@code *_scythe_threat.json}: {@code threat.script} a map of numbered steps,
     * each a {@code module} and its {@code request}) as one test: the requests of its {@code run}
     * steps, in order, each a program the implant starts. Other modules (upload, download, screen
     * capture, loaders) leave no process and are not scored. JSON is read as YAML 1.2. Null when the
     * threat runs nothing or is for another operating system.
     */
    static AtomicScore.Test scythe(Path root, Path f) throws IOException {
        if (!(load(f, "JSON") instanceof Map<?, ?> m) || !(m.get("threat") instanceof Map<?, ?> threat)
                || !(threat.get("script") instanceof Map<?, ?> script)
                || threat.get("operating_system_name") != null && !"windows".equals(String.valueOf(threat.get("operating_system_name")))) {
            return null;
        }
        java.util.TreeMap<Integer, String> runs = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> e : script.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> step && "run".equals(step.get("module")) && step.get("request") != null) {
                try {
                    runs.put(Integer.parseInt(String.valueOf(e.getKey())), String.valueOf(step.get("request")).replace('\n', ' ').strip());
                } catch (NumberFormatException ignored) {
                    // steps are numbered; anything else is not a step
                }
            }
        }
        runs.values().removeIf(String::isEmpty);
        if (runs.isEmpty()) {
            return null;
        }
        String rel = root.relativize(f).toString();
        String category = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : "scythe";
        // Keyed by the threat's name: the library keeps some threats in two folders.
        String id = threat.get("name") == null ? rel : "scythe:" + threat.get("name");
        return new AtomicScore.Test(id, category, String.valueOf(threat.get("name")), "implant", String.join("\n", runs.values()), rel);
    }

    /** {@code command_prompt} or {@code powershell} for a catalogue's executor name (proc too); null for others (sh, donut). */
    static String executor(String name) {
        if (name.contains(",")) {
            // CALDERA lets one command serve several executors: "psh,pwsh", "pwsh,cmd".
            for (String part : name.split(",")) {
                String e = executor(part.strip());
                if (e != null) {
                    return e;
                }
            }
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            // proc: CALDERA starts the program itself; modelled as a cmd line, whose child is that program.
            case "cmd", "command_prompt", "proc" -> "command_prompt";
            case "psh", "pwsh", "powershell" -> "powershell";
            default -> null;
        };
    }

    /** {@code command} with its inputs' defaults, then plain values for the facts CALDERA would supply. */
    static String fill(String command, Map<String, String> defaults) {
        return AtomicScore.substitute(command, PLACEHOLDER, key -> defaults.containsKey(key) ? defaults.get(key) : fact(key)).strip();
    }

    /** Tools whose {@code <tool>_path} fact is the program's own path. */
    private static final List<String> TOOLS = List.of("mimikatz", "psexec", "procdump", "rubeus", "sharphound", "plink", "rclone", "adfind");

    /** A plain value for a fact, by its name alone (its words split at dots, dashes and underscores). */
    static String fact(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        java.util.Set<String> w = java.util.Set.of(k.split("[._:\\-]+"));
        if (k.startsWith("payload:")) {
            return "payload.exe";
        }
        if (k.equals("server") || w.contains("url") || w.contains("c2")) {
            return "http://192.0.2.10:8888";
        }
        if (k.equals("paw")) {
            return "wsgkpq";
        }
        if (k.equals("group")) {
            return "red";
        }
        if (w.contains("shadow") || k.contains("shadow_copy")) {
            // vssadmin's parser gives the shadow copy's device path.
            return "\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1";
        }
        for (String tool : TOOLS) {
            if (k.startsWith(tool) && (w.contains("path") || w.contains("exe"))) {
                // mimikatz_path, psexec.path: where the agent put that tool.
                return "C:\\Users\\Public\\" + tool + ".exe";
            }
        }
        if (k.equals("location") || k.equals("exe_name")) {
            return "C:\\Users\\Public\\splunkd.exe";
        }
        if (k.contains("password") || w.contains("pass")) {
            return "Winter2024!";
        }
        if (w.contains("hash") || w.contains("ntlm")) {
            return "8846f7eaee8fb117ad06bdd830b7586c";
        }
        if (w.contains("domain") && w.contains("name") && !k.contains("user")) {
            return "corp.example";
        }
        if (k.contains("user")) {
            return "jdoe";
        }
        if (w.contains("extension") || w.contains("ext")) {
            return "docx";
        }
        if (w.contains("dir") || w.contains("path") || w.contains("folder") || w.contains("directory")) {
            return "C:\\Users\\jdoe\\Documents";
        }
        if (w.contains("file") || w.contains("filename")) {
            return "C:\\Users\\jdoe\\Documents\\report.docx";
        }
        if (w.contains("pid") || w.contains("process") && w.contains("id")) {
            return "4312";
        }
        if (w.contains("port")) {
            return "445";
        }
        if (w.contains("share")) {
            return "\\\\ws02.corp.example\\C$";
        }
        if (w.contains("ip") || w.contains("address")) {
            return "192.0.2.20";
        }
        if (w.contains("host") || w.contains("fqdn") || w.contains("hostname") || w.contains("computer") || w.contains("target")) {
            return "ws02.corp.example";
        }
        return "value";
    }

    public static void main(String[] args) throws Exception {
        AtomicScore.Args a = AtomicScore.Args.of(args, "EmulationScore DIR [CORPUS] [--misses FILE] [--as-run] [--children] [--parent PATH]");
        AtomicScore.report("Emulation procedures under " + a.dir() + (a.asRun() ? ", each file's run in order on one host" : ""),
                tests(a.dir(), a.parent() == null ? DEFAULT_PARENT : a.parent()), a.corpus(), a.misses(), a.asRun(), a.children());
    }
}
