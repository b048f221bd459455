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
import java.util.stream.Stream;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import org.gamekeeper.sigma.rule.Level;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Scores rule sets on Atomic Red Team's Windows tests (a third party's catalogue of technique
 * procedures, read at run time from a checkout's {@code atomics} folder and never copied): each
 * {@code command_prompt} or {@code powershell} test, its {@code #{...}} inputs filled with their
 * defaults, becomes the events its run leaves, the way {@code Invoke-AtomicTest} runs it: the
 * executor's process (cmd.exe {@code /c} with the lines joined by {@code &}, or powershell.exe
 * {@code & {...}}) under a PowerShell host; each program a line starts, as a child of the
 * executor; PowerShell's script block (4104) for PowerShell tests; and a Sysmon 13 registry value
 * for each {@code reg add}. Two estates: Sysmon (1, 13) and Security (4688), both with 4104. A
 * test counts as detected when some rule alerts at medium or above on one of its events.
 *
 * <p>This is a proxy for other labs' recordings, not a recording: no file, network or image-load
 * events, and a program that fails to run still "runs". {@code java -cp gamekeeper-bench.jar
 * org.gamekeeper.bench.lotl.AtomicScore ATOMICS_DIR [CORPUS] [--misses FILE]}.
 */
public final class AtomicScore {

    /**
     * One procedure: an Atomic Red Team test ({@code id} is technique#number) or another catalogue's
     * (see {@link EmulationScore}); {@code executor} is {@code command_prompt}, {@code powershell},
     * {@code batch} (a batch file run by path, {@code name} its path, {@code command} its lines) or
     * {@code events} (the events themselves, listed: see {@link #listed}) or {@code implant} (an
     * emulation implant's run requests, one program a line, started by {@link #IMPLANT});
     * {@code group} names the procedures run one after another on one host when scoring "as run"
     * (an emulation plan's steps), by default the procedure alone.
     */
    record Test(String id, String technique, String name, String executor, String command, String group, List<Listed> listed) {
        Test(String id, String technique, String name, String executor, String command, String group) {
            this(id, technique, name, executor, command, group, List.of());
        }

        Test(String id, String technique, String name, String executor, String command) {
            this(id, technique, name, executor, command, id);
        }

        String key() {
            return id;
        }
    }

    private AtomicScore() {
    }

    private static final Pattern INPUT = Pattern.compile("#\\{([A-Za-z0-9_]+)\\}");

    /** Every Windows command_prompt and powershell test under {@code atomics}, inputs filled. */
    @SuppressWarnings("unchecked")
    static List<Test> tests(Path atomics) throws IOException {
        if (!Files.isDirectory(atomics)) {
            throw new IllegalStateException("no Atomic Red Team atomics folder at " + atomics);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(atomics, 2)) {
            files = s.filter(p -> p.getFileName().toString().matches("T\\d{4}(\\.\\d{3})?\\.yaml")).sorted().toList();
        }
        List<Test> out = new ArrayList<>();
        for (Path f : files) {
            Object doc = new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(Files.readString(f));
            if (!(doc instanceof Map<?, ?> m) || !(m.get("atomic_tests") instanceof List<?> tests)) {
                continue;
            }
            String technique = String.valueOf(m.get("attack_technique"));
            int n = 0;
            for (Object o : tests) {
                n++;
                if (!(o instanceof Map<?, ?> t) || !(t.get("executor") instanceof Map<?, ?> ex)) {
                    continue;
                }
                Object platforms = t.get("supported_platforms");
                if (!(platforms instanceof List<?> pl) || !pl.contains("windows")) {
                    continue;
                }
                String executor = String.valueOf(ex.get("name"));
                if (!executor.equals("command_prompt") && !executor.equals("powershell") || ex.get("command") == null) {
                    continue;
                }
                Map<String, String> defaults = new LinkedHashMap<>();
                if (t.get("input_arguments") instanceof Map<?, ?> args) {
                    for (Map.Entry<?, ?> a : args.entrySet()) {
                        Object d = a.getValue() instanceof Map<?, ?> am ? am.get("default") : null;
                        defaults.put(String.valueOf(a.getKey()), d == null ? "" : String.valueOf(d));
                    }
                }
                String command = fill(String.valueOf(ex.get("command")), defaults);
                out.add(new Test(technique + "#" + n, technique, String.valueOf(t.get("name")), executor, command));
            }
        }
        return out;
    }

    static String fill(String command, Map<String, String> defaults) {
        String s = substitute(command, INPUT, key -> defaults.getOrDefault(key, "#{" + key + "}"));
        // ART's PowerShell tests write $PathToAtomicsFolder, its cmd tests PathToAtomicsFolder.
        return s.replace("$PathToAtomicsFolder", "C:\\AtomicRedTeam\\atomics")
                .replace("PathToAtomicsFolder", "C:\\AtomicRedTeam\\atomics").strip();
    }

    /**
     * {@code command} with each {@code #{key}} that {@code placeholder} finds replaced by
     * {@code value.apply(key)}, three rounds at most (a default may name another input).
     */
    static String substitute(String command, Pattern placeholder, java.util.function.UnaryOperator<String> value) {
        String s = command;
        for (int round = 0; round < 3 && s.contains("#{"); round++) {
            Matcher m = placeholder.matcher(s);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(b, Matcher.quoteReplacement(value.apply(m.group(1))));
            }
            m.appendTail(b);
            s = b.toString();
        }
        return s;
    }

    private static final Set<String> CMD_BUILT_INS = Set.of("echo", "@echo", "set", "cd", "chdir", "copy", "del", "erase", "type",
            "dir", "mkdir", "md", "rd", "rmdir", "if", "for", "call", "move", "ren", "rename", "cls", "pushd", "popd", "exit", "rem",
            "::", "goto", "title", "pause", "ver", "vol", "path", "prompt", "color", "date", "time", "shift", "setlocal", "endlocal",
            "mklink", "assoc", "ftype", "break", "verify");

    /** Programs PowerShell lines start by bare name (a cmdlet is Verb-Noun and starts none). */
    private static final Pattern PS_PROGRAM = Pattern.compile(
            "^(?:&\\s*|\\.\\s+)?(\"[^\"]+\\.(?:exe|com|bat|cmd)\"|'[^']+\\.(?:exe|com|bat|cmd)'|[^\\s\"'|;()]+\\.(?:exe|com|bat|cmd)"
                    + "|(?:cmd|reg|sc|net|net1|schtasks|wmic|rundll32|regsvr32|mshta|certutil|bitsadmin|vssadmin|ntdsutil|wevtutil|netsh|"
                    + "nltest|whoami|systeminfo|tasklist|taskkill|ipconfig|nslookup|quser|query|qwinsta|arp|route|netstat|dsquery|"
                    + "ldifde|csvde|msiexec|cscript|wscript|bcdedit|fsutil|icacls|takeown|attrib|cmdkey|klist|setspn|gpresult|"
                    + "driverquery|findstr|curl|ftp|tar|expand|extrac32|makecab|esentutl|diskshadow|mavinject|odbcconf|msbuild|"
                    + "installutil|regasm|regsvcs|forfiles|pcalua|conhost|hostname|nbtstat|powershell|pwsh|winrm|winrs|at|"
                    + "auditpol|dism|cipher|sdelete|vaultcmd|dnscmd|sfc|wusa|manage-bde|mountvol|wbadmin|xcopy|robocopy|"
                    + "replace|print|cmstp|control|explorer|notepad|calc|ping|tracert|pathping|getmac|chcp|reagentc|"
                    + "sqlcmd|bcp|psexec|procdump|rar|7z|winrar|mimikatz|rubeus|adfind|nmap|plink|ssh|scp)(?:\\s|$))",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern PS_REG = Pattern.compile(
            "(?i)(?:Set|New)-ItemProperty\\s+(?:-Path\\s+)?[\"']?((?:Registry::)?HK[A-Z_]+:?\\\\[^\"'\\r\\n]+?)[\"']?\\s+"
                    + "(?:.*?\\s)?-Name\\s+[\"']?([^\"'\\s]+)[\"']?(?:.*?\\s)?-Value\\s+[\"']?([^\"'\\s]*)");

    /** The events one test leaves, in the Sysmon or the Security estate (their fields; {@link #detect} adds host and time). */
    static List<Map<String, String>> events(Test t, boolean sysmon) {
        return events(t, sysmon, false);
    }

    /**
     * As {@link #events(Test, boolean)}; with {@code children}, a transcription's {@code cmd.exe /c}
     * process is followed by the programs its inner shell starts, as Sysmon and 4688 log them
     * (procedures of a command executor always have them); without, a transcription is scored on
     * exactly the events it lists.
     */
    static List<Map<String, String>> events(Test t, boolean sysmon, boolean children) {
        if (t.executor().equals("events")) {
            return listed(t, sysmon, children);
        }
        List<Map<String, String>> out = new ArrayList<>();
        String psHost = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
        String psHostLine = "\"" + psHost + "\" -ExecutionPolicy Bypass -NoProfile";
        List<String> lines = t.command().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String execImage;
        String execLine;
        String executor = t.executor();
        boolean implant = executor.equals("implant");
        // cmd.exe's lines (a command prompt test or a batch file) hold several commands and built-ins.
        boolean shellLines = executor.equals("command_prompt") || executor.equals("batch");
        if (implant) {
            // An implant's run requests: each line a program it starts itself (no shell between).
            execImage = IMPLANT;
            execLine = "\"" + IMPLANT + "\"";
        } else if (executor.equals("command_prompt")) {
            execImage = "C:\\Windows\\System32\\cmd.exe";
            execLine = "\"cmd.exe\" /c " + String.join(" & ", lines);
        } else if (executor.equals("batch")) {
            // A batch file: cmd.exe runs it by path; its lines show only as the programs they start.
            execImage = "C:\\Windows\\System32\\cmd.exe";
            execLine = "C:\\Windows\\system32\\cmd.exe /c \"" + t.name() + "\"";
        } else {
            execImage = psHost;
            execLine = "\"powershell.exe\" & {" + t.command() + "}";
            Map<String, String> sb = new LinkedHashMap<>();
            sb.put("Channel", "Microsoft-Windows-PowerShell/Operational");
            sb.put("EventID", "4104");
            sb.put("ScriptBlockText", t.command());
            sb.put("Path", "");
            out.add(sb);
        }
        if (!implant) {
            out.add(process(sysmon, execImage, execLine, psHost, psHostLine));
        }
        List<String> units = new ArrayList<>();
        for (String l : lines) {
            units.addAll(shellLines ? splitCmd(l) : List.of(l));
        }
        for (String u : units) {
            String child = shellLines ? cmdProgram(u) : implant ? u : psProgram(u);
            if (child == null) {
                continue;
            }
            String image = LotlScore.imageOf(child);
            out.add(process(sysmon, image, child, execImage, execLine));
            innerChildren(sysmon, image, child, out);
            if (sysmon && image.toLowerCase(Locale.ROOT).endsWith("\\reg.exe")) {
                Map<String, String> r = regSet(child, image);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        if (sysmon && t.executor().equals("powershell")) {
            Matcher m = PS_REG.matcher(t.command());
            while (m.find()) {
                String key = m.group(1).replaceFirst("(?i)^Registry::", "").replace(":", "");
                out.add(regValue(key, m.group(2), m.group(3), psHost));
            }
        }
        return out;
    }

    /** The process an emulation implant runs as: a path that gives no signal of its own. */
    static final String IMPLANT = "C:\\Program Files\\Client\\client.exe";

    /**
     * One event a transcription lists ({@code events} tests): a process with its parent (and, for a
     * renamed copy, the version resource's name Sysmon reports), a registry value, or any other
     * event by its own fields.
     */
    sealed interface Listed {
        record Process(String parent, String image, String commandLine, String originalFileName) implements Listed { }

        record Value(String image, String key, String data) implements Listed { }

        record Other(Map<String, String> fields) implements Listed { }
    }

    /**
     * The events of a test that lists them, in one estate: registry values only in Sysmon's (the
     * Security estate has no such event), other events of Sysmon's channel likewise.
     */
    private static List<Map<String, String>> listed(Test t, boolean sysmon, boolean children) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Listed l : t.listed()) {
            if (l instanceof Listed.Process p) {
                Map<String, String> e = process(sysmon, p.image(), p.commandLine(), p.parent(), "\"" + p.parent() + "\"");
                if (p.originalFileName() != null && sysmon) {
                    e.put("OriginalFileName", p.originalFileName());
                }
                out.add(e);
                if (children) {
                    innerChildren(sysmon, p.image(), p.commandLine(), out);
                }
            } else if (l instanceof Listed.Value v && sysmon) {
                int cut = v.key().lastIndexOf('\\');
                out.add(regValue(v.key().substring(0, Math.max(cut, 0)), v.key().substring(cut + 1), v.data(), v.image()));
            } else if (l instanceof Listed.Other o && (sysmon || !"Microsoft-Windows-Sysmon/Operational".equals(o.fields().get("Channel")))) {
                out.add(new LinkedHashMap<>(o.fields()));
            }
        }
        return out;
    }

    /**
     * cmd /c "a & b": the programs the inner shell starts, as Sysmon and 4688 log them beside the
     * shell itself (each a child of that cmd.exe); nothing for other programs or for built-ins.
     */
    private static void innerChildren(boolean sysmon, String image, String commandLine, List<Map<String, String>> out) {
        if (!image.toLowerCase(Locale.ROOT).endsWith("\\cmd.exe")) {
            return;
        }
        String inner = commandLine.replaceFirst("(?i)^\"?(?:(?:[a-z]:|%[a-z]+%)\\\\[^\"]*\\\\)?cmd(?:\\.exe)?\"?\\s+\"?/[ck]\\s*", "");
        if (inner.equals(commandLine)) {
            return;
        }
        if (inner.length() > 1 && inner.startsWith("\"") && inner.endsWith("\"")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        for (String v : splitCmd(inner)) {
            String g = cmdProgram(v);
            if (g != null && !g.equals(commandLine)) {
                out.add(process(sysmon, LotlScore.imageOf(g), g, image, commandLine));
            }
        }
    }

    private static Map<String, String> process(boolean sysmon, String image, String commandLine, String parent, String parentLine) {
        Map<String, String> e = new LinkedHashMap<>();
        if (sysmon) {
            e.put("Channel", "Microsoft-Windows-Sysmon/Operational");
            e.put("EventID", "1");
            e.put("Image", image);
            e.put("OriginalFileName", image.substring(image.lastIndexOf('\\') + 1));
            e.put("CommandLine", commandLine);
            e.put("ParentImage", parent);
            e.put("ParentCommandLine", parentLine);
            e.put("User", "CORP\\alice");
            e.put("IntegrityLevel", "High");
        } else {
            e.put("Channel", "Security");
            e.put("EventID", "4688");
            e.put("NewProcessName", image);
            e.put("CommandLine", commandLine);
            e.put("ParentProcessName", parent);
            e.put("SubjectUserName", "alice");
            e.put("SubjectDomainName", "CORP");
        }
        return e;
    }

    /** A command_prompt line's commands, split at {@code &}, {@code &&}, {@code ||} and {@code |} outside quotes. */
    static List<String> splitCmd(String line) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '&' || c == '|') && (i == 0 || line.charAt(i - 1) != '^')) {
                out.add(line.substring(start, i).strip());
                if (i + 1 < line.length() && line.charAt(i + 1) == c) {
                    i++;
                }
                start = i + 1;
            }
        }
        out.add(line.substring(start).strip());
        out.removeIf(String::isEmpty);
        return out;
    }

    /** The program a cmd.exe command starts, or null for a built-in. */
    static String cmdProgram(String u) {
        String s = u.strip();
        while (s.startsWith("@") || s.startsWith("(")) {
            s = s.substring(1).strip();
        }
        s = s.replaceAll("\\s*>>?\\s*\\S+\\s*$", "").replaceAll("\\s*2>&1\\s*$", "").strip();
        if (s.isEmpty()) {
            return null;
        }
        String first = Obfuscator.firstWord(s).toLowerCase(Locale.ROOT);
        if (CMD_BUILT_INS.contains(first) || first.startsWith("echo.") || first.startsWith("rem ")) {
            return null;
        }
        if (first.equals("start")) {
            String rest = s.substring(5).strip().replaceFirst("^(?:\"[^\"]*\"\\s+)?(?:/\\w+\\s+)*", "");
            return rest.isEmpty() ? null : rest;
        }
        return s;
    }

    private static final Pattern START_PROCESS = Pattern.compile(
            "(?i)^Start-Process\\s+(?:-FilePath\\s+)?(\"[^\"]+\"|'[^']+'|\\S+)(?:.*?-ArgumentList\\s+(\"[^\"]*\"|'[^']*'|\\S+))?");

    /** The program a PowerShell line starts, or null when it starts none the scorer knows. */
    static String psProgram(String l) {
        String s = l.strip();
        Matcher sp = START_PROCESS.matcher(s);
        if (sp.find()) {
            String exe = sp.group(1).replaceAll("^[\"']|[\"']$", "");
            String args = sp.group(2) == null ? "" : " " + sp.group(2).replaceAll("^[\"']|[\"']$", "");
            return exe + args;
        }
        Matcher m = PS_PROGRAM.matcher(s);
        if (!m.find()) {
            return null;
        }
        String rest = s.substring(m.start(1));
        int pipe = rest.indexOf(" | ");
        if (pipe > 0) {
            rest = rest.substring(0, pipe);
        }
        return rest.replace("'", "\"").strip();
    }

    /** The Sysmon 13 a {@code reg add} leaves. */
    static Map<String, String> regSet(String commandLine, String image) {
        List<String> w = words(commandLine);
        int add = -1;
        for (int i = 0; i + 1 < w.size(); i++) {
            if (w.get(i).toLowerCase(Locale.ROOT).matches("(?:.*\\\\)?reg(?:\\.exe)?") && w.get(i + 1).equalsIgnoreCase("add")) {
                add = i + 1;
                break;
            }
        }
        if (add < 0 || add + 1 >= w.size()) {
            return null;
        }
        String key = w.get(add + 1);
        String name = null;
        String type = null;
        String data = null;
        for (int i = add + 2; i < w.size(); i++) {
            String o = w.get(i).toLowerCase(Locale.ROOT);
            String next = i + 1 < w.size() ? w.get(i + 1) : "";
            switch (o) {
                case "/v" -> { name = next; i++; }
                case "/t" -> { type = next; i++; }
                case "/d" -> { data = next; i++; }
                default -> { }
            }
        }
        return regValue(key, name == null ? "(Default)" : name, type == null ? "REG_SZ" : type, data == null ? "" : data, image);
    }

    /** As {@link #regValue(String, String, String, String, String)}, a number taken as a DWORD and anything else as a string. */
    static Map<String, String> regValue(String key, String name, String data, String image) {
        return regValue(key, name, data.matches("\\d+") ? "REG_DWORD" : "REG_SZ", data, image);
    }

    /** The Sysmon 13 of one value set by {@code image}, with Sysmon's hive names and DWORD form. */
    static Map<String, String> regValue(String key, String name, String type, String data, String image) {
        key = key.replaceFirst("(?i)^HKLM(?:\\\\|$)", "HKLM\\\\").replaceFirst("(?i)^HKEY_LOCAL_MACHINE", "HKLM")
                .replaceFirst("(?i)^(?:HKCU|HKEY_CURRENT_USER)", "HKU\\\\S-1-5-21-1004336348-1177238915-682003330-1104");
        if (type.equalsIgnoreCase("REG_DWORD")) {
            long v;
            try {
                v = data.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(data.substring(2), 16) : Long.parseLong(data);
            } catch (NumberFormatException ex) {
                v = 0;
            }
            data = String.format(Locale.ROOT, "DWORD (0x%08x)", v & 0xffffffffL);
        }
        Map<String, String> e = new LinkedHashMap<>();
        e.put("Channel", "Microsoft-Windows-Sysmon/Operational");
        e.put("EventID", "13");
        e.put("EventType", "SetValue");
        e.put("Image", image);
        e.put("TargetObject", key + "\\" + name);
        e.put("Details", data);
        return e;
    }

    /** A command line's words, quotes removed, quoted spaces kept. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any || b.length() > 0) {
                    out.add(b.toString());
                }
                b.setLength(0);
                any = false;
            } else {
                b.append(c);
            }
        }
        if (any || b.length() > 0) {
            out.add(b.toString());
        }
        return out;
    }

    /** The keys of the tests with an alert at medium or above from {@code rules}, in one estate. */
    static Set<String> detect(LotlScore.Compiled rules, List<Test> tests, boolean sysmon, Path work) throws IOException, InterruptedException {
        return detect(rules, tests, sysmon, work, false, false);
    }

    /** As {@link #detect(LotlScore.Compiled, List, boolean, Path, boolean, boolean)}, a transcription scored on exactly its events. */
    static Set<String> detect(LotlScore.Compiled rules, List<Test> tests, boolean sysmon, Path work, boolean asRun)
            throws IOException, InterruptedException {
        return detect(rules, tests, sysmon, work, asRun, false);
    }

    /**
     * As {@link #detect(LotlScore.Compiled, List, boolean, Path)}; with {@code asRun}, the procedures
     * of one group run on one host, half a minute apart in their order, as an operator running a plan;
     * {@code children} as in {@link #events(Test, boolean, boolean)}.
     */
    static Set<String> detect(LotlScore.Compiled rules, List<Test> tests, boolean sysmon, Path work, boolean asRun, boolean children)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path file = work.resolve(sysmon ? "sysmon.json" : "security.json");
        List<String> lines = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        long t = 1_704_103_200_000L;
        Map<String, String> hosts = new java.util.HashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            // Each test on its own host and hour (as run: its group's host, half a minute on); its events a second apart.
            String host = asRun ? hosts.computeIfAbsent(tests.get(i).group(), g -> "RUN" + hosts.size()) : "ART" + i;
            for (Map<String, String> e : events(tests.get(i), sysmon, children)) {
                Map<String, String> j = new LinkedHashMap<>(e);
                j.put("Hostname", host);
                j.put("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
                t += 1_000L;
                lines.add(LotlScore.json(j));
                owner.add(i);
            }
            t += asRun && i + 1 < tests.size() && tests.get(i + 1).group().equals(tests.get(i).group()) ? 30_000L : 3_600_000L;
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Set<String> found = new HashSet<>();
        for (int line : LotlScore.alertedLines(rules, file, Level.MEDIUM)) {
            found.add(tests.get(owner.get(line)).key());
        }
        return found;
    }


    /**
     * The command line of this and {@link EmulationScore}: {@code DIR [CORPUS] [--misses FILE]
     * [--as-run] [--children] [--parent PATH]}; {@code parent} is null unless given.
     */
    record Args(Path dir, Path corpus, Path misses, boolean asRun, boolean children, String parent) {
        static Args of(String[] args, String usage) {
            if (args.length < 1 || args[0].startsWith("--")) {
                System.err.println("usage: " + usage);
                System.exit(2);
            }
            Path corpus = Path.of(args.length > 1 && !args[1].startsWith("--") ? args[1] : "../shared/corpus");
            Path misses = null;
            boolean asRun = false;
            boolean children = false;
            String parent = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--misses") && i + 1 < args.length) {
                    misses = Path.of(args[i + 1]);
                }
                if (args[i].equals("--parent") && i + 1 < args.length) {
                    parent = args[i + 1];
                }
                asRun |= args[i].equals("--as-run");
                children |= args[i].equals("--children");
            }
            return new Args(Path.of(args[0]), corpus, misses, asRun, children, parent);
        }
    }

    public static void main(String[] args) throws Exception {
        Args a = Args.of(args, "AtomicScore ATOMICS_DIR [CORPUS] [--misses FILE]");
        report("Atomic Red Team Windows tests", tests(a.dir()), a.corpus(), a.misses(), false, false);
    }

    /**
     * Hunts {@code tests} with the pack and SigmaHQ in both estates and prints the shares with an
     * alert at medium or above, overall and per technique; the pack's misses go to {@code misses}.
     */
    static void report(String title, List<Test> tests, Path corpus, Path misses, boolean asRun, boolean children) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("atomic-score");
        // Each rule set compiled once for both estates.
        LotlScore.Compiled pack = LotlScore.Compiled.of(LotlScore.pack());
        LotlScore.Compiled sigma = LotlScore.Compiled.of(LotlScore.sigmaHq(corpus));
        Set<String> ps = detect(pack, tests, true, work.resolve("pack"), asRun, children);
        Set<String> pw = detect(pack, tests, false, work.resolve("pack"), asRun, children);
        Set<String> ss = detect(sigma, tests, true, work.resolve("sigma"), asRun, children);
        Set<String> sw = detect(sigma, tests, false, work.resolve("sigma"), asRun, children);
        long n = tests.size();
        Map<String, long[]> tactic = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        long psN = 0;
        long pwN = 0;
        long ssN = 0;
        long swN = 0;
        long either = 0;
        for (Test t : tests) {
            boolean a = ps.contains(t.key());
            boolean b = pw.contains(t.key());
            boolean c = ss.contains(t.key());
            boolean d = sw.contains(t.key());
            psN += a ? 1 : 0;
            pwN += b ? 1 : 0;
            ssN += c ? 1 : 0;
            swN += d ? 1 : 0;
            either += a || c ? 1 : 0;
            String top = t.technique().contains(".") ? t.technique().substring(0, t.technique().indexOf('.')) : t.technique();
            long[] row = tactic.computeIfAbsent(top, k -> new long[3]);
            row[0]++;
            row[1] += a ? 1 : 0;
            row[2] += c ? 1 : 0;
            if (!a || !b) {
                // Which estates the pack misses it in: Sysmon's, the Security channel's (no Sysmon), or both.
                String where = !a && !b ? "both" : !a ? "sysmon" : "4688";
                missed.add(t.key() + "\t" + t.executor() + "\t" + t.name() + "\t" + (c ? "sigmahq" : "-") + "\t" + where + "\t"
                        + t.command().replace("\r", "").replace("\n", " ⏎ "));
            }
        }
        System.out.println(title + " (" + n + " procedures): share with an alert at medium or above");
        System.out.println("| estate | built-in pack | SigmaHQ windows | pack or SigmaHQ |");
        System.out.println("|---|---:|---:|---:|");
        System.out.println("| Sysmon estate (Sysmon, Security, PowerShell 4104) | " + WazuhScore.pct(psN, n) + " | " + WazuhScore.pct(ssN, n) + " | " + WazuhScore.pct(either, n) + " |");
        Set<String> u = new HashSet<>(pw);
        u.addAll(sw);
        long eitherW = tests.stream().filter(t -> u.contains(t.key())).count();
        System.out.println("| Security estate (4688 for processes, no Sysmon) | " + WazuhScore.pct(pwN, n) + " | " + WazuhScore.pct(swN, n) + " | " + WazuhScore.pct(eitherW, n) + " |");
        System.out.println();
        System.out.println("| technique | tests | pack (Sysmon estate) | SigmaHQ (Sysmon estate) |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, long[]> e : tactic.entrySet()) {
            long[] r = e.getValue();
            System.out.println("| " + e.getKey() + " | " + r[0] + " | " + r[1] + " | " + r[2] + " |");
        }
        if (asRun) {
            runs(tests, ps, ss);
        }
        if (misses != null) {
            Files.write(misses, missed, StandardCharsets.UTF_8);
            System.out.println("\n" + missed.size() + " tests the pack misses in one estate or both written to " + misses
                    + " (key, executor, name, SigmaHQ, estate, events)");
        }
    }

    /**
     * Per run (one file of procedures played in order on one host: an emulation plan, or the
     * commands one intrusion report quotes), in the Sysmon estate: how many of its procedures the
     * pack and SigmaHQ flag, and how many runs each flags at all.
     */
    private static void runs(List<Test> tests, Set<String> pack, Set<String> sigma) {
        Map<String, long[]> byRun = new TreeMap<>();
        for (Test t : tests) {
            long[] r = byRun.computeIfAbsent(t.group(), k -> new long[3]);
            r[0]++;
            r[1] += pack.contains(t.key()) ? 1 : 0;
            r[2] += sigma.contains(t.key()) ? 1 : 0;
        }
        System.out.println();
        System.out.println("| run | procedures | pack (Sysmon estate) | SigmaHQ (Sysmon estate) |");
        System.out.println("|---|---:|---:|---:|");
        long packAny = 0;
        long sigmaAny = 0;
        double packShare = 0;
        double sigmaShare = 0;
        for (Map.Entry<String, long[]> e : byRun.entrySet()) {
            long[] r = e.getValue();
            packAny += r[1] > 0 ? 1 : 0;
            sigmaAny += r[2] > 0 ? 1 : 0;
            packShare += (double) r[1] / r[0];
            sigmaShare += (double) r[2] / r[0];
            String name = e.getKey().substring(e.getKey().lastIndexOf('/') + 1);
            System.out.println("| " + name + " | " + r[0] + " | " + r[1] + " | " + r[2] + " |");
        }
        System.out.println("runs with at least one procedure flagged: pack " + packAny + " of " + byRun.size() + " ("
                + WazuhScore.pct(packAny, byRun.size()) + "), SigmaHQ " + sigmaAny + " (" + WazuhScore.pct(sigmaAny, byRun.size()) + ")");
        // Each run weighs the same, however many commands it quotes (one report's hundred near-identical lines do not outvote the rest).
        System.out.printf(Locale.ROOT, "share of a run's procedures flagged, averaged over the runs: pack %.1f %%, SigmaHQ %.1f %%%n",
                100 * packShare / byRun.size(), 100 * sigmaShare / byRun.size());
    }
}
