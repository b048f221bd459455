package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.condition.Condition;
import org.gamekeeper.sigma.rule.DetectionItem;
import org.gamekeeper.sigma.rule.Level;
import org.gamekeeper.sigma.rule.SearchIdentifier;
import org.gamekeeper.sigma.rule.SigmaRule;
import org.gamekeeper.sigma.value.SigmaBoolean;
import org.gamekeeper.sigma.value.SigmaCidr;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaExists;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaNull;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaRegex;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * The breadth of the pack measured against SigmaHQ's Windows rules without any recording: for
 * each SigmaHQ rule at medium or above, a few <em>witnesses</em> are made, events that satisfy
 * the rule's condition (one choice at each "or" and among each list of values; a background of
 * ordinary values for the rest of the event), each kept only when the SigmaHQ rule itself alerts
 * on it through our engine. The share of rules whose witnesses the pack alerts on at medium or
 * above says which techniques SigmaHQ covers and the pack does not; the misses file lists them
 * with their ATT&CK tags. A witness is the least event a rule accepts, not a recording: the
 * figure is a map of gaps to read by technique, not a detection rate.
 * <p>
 * {@code java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.SigmaWitness [CORPUS] [--misses FILE]}
 */
public final class SigmaWitness {

    private SigmaWitness() {
    }

    /** Witnesses per rule: the first, the last and the middle choice at each choice point. */
    static final int VARIANTS = 3;

    /** One event made to satisfy one rule. */
    record Witness(SigmaRule rule, Map<String, String> event) { }

    /** What a rule's witnesses came to. */
    record Outcome(SigmaRule rule, int made, int valid, int flagged, Map<String, String> example) { }

    /** Fields whose values are words of a command or script, joined by spaces when several texts must be in them. */
    private static final Set<String> TEXTUAL = Set.of("commandline", "parentcommandline", "scriptblocktext", "payload",
            "contextinfo", "data", "message", "hostapplication", "details", "description", "servicefilename", "imagepath",
            "query", "operation", "destination", "consumer", "param1", "param2", "param3");

    /** Every witness of every SigmaHQ rule at medium or above that has a Windows target. */
    static List<Witness> witnesses(RuleSet set, LogSourceMapping mapping) {
        List<Witness> out = new ArrayList<>();
        for (SigmaRule r : set.rules()) {
            Level level = r.metadata().level();
            if (level == null || level.compareTo(Level.MEDIUM) < 0) {
                continue;
            }
            List<LogSourceMapping.Target> targets = mapping.targets(r.logSource());
            if (targets.isEmpty()) {
                continue;
            }
            Set<Map<String, String>> seen = new HashSet<>();
            for (int v = 0; v < VARIANTS; v++) {
                Map<String, String> e = witness(r, targets.get(0), v);
                if (e != null && seen.add(e)) {
                    out.add(new Witness(r, e));
                }
            }
        }
        return out;
    }

    /** The index a variant picks among {@code n} choices. */
    static int pick(int variant, int n) {
        return n <= 1 ? 0 : switch (variant % VARIANTS) {
            case 0 -> 0;
            case 1 -> n - 1;
            default -> n / 2;
        };
    }

    /** One witness of a rule for a target, or null when the condition cannot be satisfied by the choices made. */
    static Map<String, String> witness(SigmaRule r, LogSourceMapping.Target target, int variant) {
        Map<String, SearchIdentifier> ids = r.detection().identifiers();
        Map<String, List<SigmaValue>> constraints = new LinkedHashMap<>();
        List<String> keywords = new ArrayList<>();
        if (!satisfy(r.detection().condition(), ids, variant, constraints, keywords, 0)) {
            return null;
        }
        Map<String, String> renames = target.renames();
        Map<String, String> e = new LinkedHashMap<>();
        String channel = target.channels().isEmpty() ? null : target.channels().stream().sorted().findFirst().orElseThrow();
        Integer eventId = target.eventIds().isEmpty() ? null : target.eventIds().stream().sorted().findFirst().orElseThrow();
        if (channel != null) {
            e.put("Channel", channel);
        }
        if (eventId != null) {
            e.put("EventID", eventId.toString());
        }
        Map<String, SigmaFieldRef> refs = new LinkedHashMap<>();
        Set<String> absent = new HashSet<>();
        for (Map.Entry<String, List<SigmaValue>> c : constraints.entrySet()) {
            String field = renames.getOrDefault(c.getKey(), c.getKey());
            List<SigmaValue> vals = new ArrayList<>();
            for (SigmaValue v : c.getValue()) {
                if (v instanceof SigmaFieldRef f) {
                    refs.put(field, f);
                } else {
                    vals.add(v);
                }
            }
            if (vals.isEmpty()) {
                continue;
            }
            String value = value(field, vals);
            if (value == null) {
                absent.add(field);
            } else {
                e.put(field, value);
            }
        }
        if (!keywords.isEmpty()) {
            e.put("Data", String.join(" ", keywords));
        }
        background(e, channel, e.get("EventID"));
        for (Map.Entry<String, SigmaFieldRef> f : refs.entrySet()) {
            String other = e.getOrDefault(renames.getOrDefault(f.getValue().field(), f.getValue().field()), "x");
            String mine = e.get(f.getKey());
            e.put(f.getKey(), switch (f.getValue().position()) {
                case EQUALS -> other;
                case STARTS_WITH -> other + (mine == null ? "" : mine);
                case ENDS_WITH -> (mine == null ? "" : mine) + other;
                case CONTAINS -> (mine == null ? "" : mine + " ") + other;
            });
        }
        e.keySet().removeAll(absent);
        return e;
    }

    /** Adds to {@code constraints} what makes {@code c} true for the variant's choices; false when it cannot. */
    private static boolean satisfy(Condition c, Map<String, SearchIdentifier> ids, int variant,
            Map<String, List<SigmaValue>> constraints, List<String> keywords, int depth) {
        if (depth > 64) {
            return false;
        }
        if (c instanceof Condition.Ref ref) {
            SearchIdentifier si = ids.get(ref.name());
            if (si == null || si.alternatives().isEmpty()) {
                return false;
            }
            List<DetectionItem> items = si.alternatives().get(pick(variant, si.alternatives().size()));
            for (DetectionItem item : items) {
                if (item.neq()) {
                    continue;
                }
                List<SigmaValue> chosen = new ArrayList<>();
                if (item.all()) {
                    for (List<SigmaValue> alternatives : item.values()) {
                        if (!alternatives.isEmpty()) {
                            chosen.add(alternatives.get(0));
                        }
                    }
                } else if (!item.values().isEmpty()) {
                    List<SigmaValue> alternatives = item.values().get(pick(variant, item.values().size()));
                    if (!alternatives.isEmpty()) {
                        chosen.add(alternatives.get(0));
                    }
                }
                if (item.isKeyword()) {
                    for (SigmaValue v : chosen) {
                        if (v instanceof SigmaString s) {
                            keywords.add(instantiate(s));
                        }
                    }
                } else {
                    constraints.computeIfAbsent(item.field(), k -> new ArrayList<>()).addAll(chosen);
                }
            }
            return true;
        }
        if (c instanceof Condition.And and) {
            for (Condition child : and.children()) {
                if (!satisfy(child, ids, variant, constraints, keywords, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (c instanceof Condition.Or or) {
            // the variant's branch first, then the others in turn
            int n = or.children().size();
            int first = pick(variant, n);
            for (int i = 0; i < n; i++) {
                Map<String, List<SigmaValue>> trial = copy(constraints);
                List<String> kw = new ArrayList<>(keywords);
                if (satisfy(or.children().get((first + i) % n), ids, variant, trial, kw, depth + 1)) {
                    constraints.clear();
                    constraints.putAll(trial);
                    keywords.clear();
                    keywords.addAll(kw);
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Condition.Not) {
            // the background values are chosen to be ordinary; the rule's own run decides whether they were
            return true;
        }
        // the resolved condition has its "1 of"/"all of" expanded into Or and And (ConditionResolver)
        return false;
    }

    private static Map<String, List<SigmaValue>> copy(Map<String, List<SigmaValue>> m) {
        Map<String, List<SigmaValue>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    /** A value that meets every constraint on one field, or null when the field must be absent. */
    static String value(String field, List<SigmaValue> vals) {
        String exact = null;
        String prefix = null;
        String suffix = null;
        List<String> middle = new ArrayList<>();
        for (SigmaValue v : vals) {
            if (v instanceof SigmaString s) {
                List<SigmaString.Part> parts = s.parts();
                boolean lead = !parts.isEmpty() && parts.get(0) instanceof SigmaString.AnyChars;
                boolean trail = !parts.isEmpty() && parts.get(parts.size() - 1) instanceof SigmaString.AnyChars;
                String text = instantiate(s);
                if (!lead && !trail) {
                    exact = text;
                } else if (!lead) {
                    prefix = prefix == null || text.length() > prefix.length() ? text : prefix;
                } else if (!trail) {
                    suffix = suffix == null || text.length() > suffix.length() ? text : suffix;
                } else {
                    middle.add(text);
                }
            } else if (v instanceof SigmaNumber n) {
                exact = n.text();
            } else if (v instanceof SigmaBoolean b) {
                exact = Boolean.toString(b.value());
            } else if (v instanceof SigmaNull) {
                exact = "";
            } else if (v instanceof SigmaExists x) {
                if (!x.exists()) {
                    return null;
                }
                if (exact == null && prefix == null && suffix == null && middle.isEmpty()) {
                    middle.add("x");
                }
            } else if (v instanceof SigmaCidr c) {
                exact = address(c);
            } else if (v instanceof SigmaCompare cmp) {
                long n = cmp.number().longValue();
                exact = Long.toString(switch (cmp.op()) {
                    case LT -> n - 1;
                    case GT, NEQ -> n + 1;
                    default -> n;
                });
            } else if (v instanceof SigmaRegex re) {
                String p = re.pattern();
                String text = RegexExample.of(p);
                if (text == null) {
                    continue;
                }
                boolean start = p.startsWith("^") || p.matches("^\\(\\?[a-z]+\\)\\^.*");
                boolean end = p.endsWith("$") && !p.endsWith("\\$");
                if (start && end) {
                    exact = text;
                } else if (start) {
                    prefix = text;
                } else if (end) {
                    suffix = text;
                } else {
                    middle.add(text);
                }
            }
        }
        if (exact != null) {
            return exact;
        }
        boolean textual = TEXTUAL.contains(field.toLowerCase(Locale.ROOT));
        String sep = textual ? " " : "";
        StringBuilder b = new StringBuilder();
        if (prefix != null) {
            b.append(prefix);
        }
        for (String m : middle) {
            join(b, m, sep);
        }
        if (suffix != null) {
            join(b, suffix, sep);
        }
        String out = b.toString();
        if (!textual && out.startsWith("\\") && !out.startsWith("\\\\") && looksLikePath(field)) {
            out = (middle.isEmpty() && prefix == null ? "C:\\Windows\\System32" : "C:") + out;
        }
        return out;
    }

    private static boolean looksLikePath(String field) {
        String f = field.toLowerCase(Locale.ROOT);
        return f.endsWith("image") || f.endsWith("filename") || f.endsWith("processname") || f.equals("imageloaded")
                || f.equals("currentdirectory") || f.equals("application") || f.equals("targetfilename") || f.equals("path");
    }

    /** Appends {@code part}, with {@code sep} between, one backslash where a path's two parts meet. */
    private static void join(StringBuilder b, String part, String sep) {
        if (b.length() == 0) {
            b.append(part);
            return;
        }
        if (sep.isEmpty() && b.charAt(b.length() - 1) == '\\' && part.startsWith("\\")) {
            b.append(part, 1, part.length());
        } else {
            b.append(sep).append(part);
        }
    }

    /** A Sigma string with its wildcards filled: {@code *} inside as {@code x}, at the ends as nothing. */
    static String instantiate(SigmaString s) {
        StringBuilder b = new StringBuilder();
        List<SigmaString.Part> parts = s.parts();
        for (int i = 0; i < parts.size(); i++) {
            SigmaString.Part p = parts.get(i);
            if (p instanceof SigmaString.Plain t) {
                b.append(t.text());
            } else if (p instanceof SigmaString.AnyChars) {
                if (i > 0 && i < parts.size() - 1) {
                    b.append('x');
                }
            } else if (p instanceof SigmaString.OneChar) {
                b.append('x');
            } else {
                b.append('-');
            }
        }
        return b.toString();
    }

    /** An address inside a CIDR network: the network's first host. */
    static String address(SigmaCidr c) {
        String text = c.text();
        String net = text.contains("/") ? text.substring(0, text.indexOf('/')) : text;
        if (c.v6()) {
            return net.endsWith("::") ? net + "1" : net;
        }
        String[] o = net.split("\\.");
        if (o.length == 4 && c.prefix() < 32) {
            o[3] = Integer.toString(Math.min(254, Integer.parseInt(o[3]) + 1));
        }
        return String.join(".", o);
    }

    /** Ordinary values for the fields of an event kind the rule left unconstrained. */
    static void background(Map<String, String> e, String channel, String eventId) {
        String ch = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        String id = eventId == null ? "" : eventId;
        if (ch.contains("sysmon")) {
            e.putIfAbsent("User", "CORP\\alice");
            if (id.equals("1")) {
                process(e, "Image", "ParentImage", "ParentCommandLine");
                e.putIfAbsent("IntegrityLevel", "Medium");
                e.putIfAbsent("CurrentDirectory", "C:\\Users\\alice\\");
            } else if (id.equals("10") || id.equals("8")) {
                e.putIfAbsent("SourceImage", "C:\\Program Files\\Contoso\\agent.exe");
                e.putIfAbsent("TargetImage", "C:\\Windows\\System32\\notepad.exe");
                if (id.equals("10")) {
                    e.putIfAbsent("GrantedAccess", "0x1000");
                    e.putIfAbsent("CallTrace", "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e");
                } else {
                    e.putIfAbsent("StartModule", "C:\\Windows\\System32\\kernel32.dll");
                    e.putIfAbsent("StartFunction", "BaseThreadInitThunk");
                }
            } else {
                e.putIfAbsent("Image", "C:\\Program Files\\Contoso\\agent.exe");
                switch (id) {
                    case "3" -> {
                        e.putIfAbsent("DestinationIp", "10.0.0.5");
                        e.putIfAbsent("DestinationPort", "443");
                        e.putIfAbsent("Protocol", "tcp");
                        e.putIfAbsent("Initiated", "true");
                        e.putIfAbsent("SourceIp", "10.0.0.20");
                    }
                    case "7" -> {
                        e.putIfAbsent("ImageLoaded", "C:\\Windows\\System32\\version.dll");
                        e.putIfAbsent("Signed", "true");
                        e.putIfAbsent("SignatureStatus", "Valid");
                        e.putIfAbsent("Signature", "Microsoft Windows");
                    }
                    case "11", "23", "26", "15" -> e.putIfAbsent("TargetFilename", "C:\\Users\\alice\\Documents\\report.docx");
                    case "12", "13", "14" -> {
                        e.putIfAbsent("EventType", id.equals("13") ? "SetValue" : "CreateKey");
                        e.putIfAbsent("TargetObject", "HKLM\\SOFTWARE\\Contoso\\Agent\\Setting");
                        if (id.equals("13")) {
                            e.putIfAbsent("Details", "DWORD (0x00000001)");
                        }
                    }
                    case "17", "18" -> e.putIfAbsent("PipeName", "\\contoso_agent");
                    case "22" -> {
                        e.putIfAbsent("QueryName", "www.contoso.com");
                        e.putIfAbsent("QueryStatus", "0");
                    }
                    default -> { }
                }
            }
        } else if (ch.equals("security")) {
            e.putIfAbsent("SubjectUserName", "alice");
            e.putIfAbsent("SubjectDomainName", "CORP");
            if (id.equals("4688")) {
                process(e, "NewProcessName", "ParentProcessName", null);
            }
        }
    }

    /** A process event's image, command line and parent, each from the others where the rule gave one. */
    private static void process(Map<String, String> e, String image, String parent, String parentCommandLine) {
        String cmd = e.get("CommandLine");
        if (!e.containsKey(image)) {
            String path = null;
            if (e.get("OriginalFileName") != null) {
                path = "C:\\Windows\\System32\\" + e.get("OriginalFileName");
            } else if (cmd != null && firstWordIsProgram(cmd)) {
                path = LotlScore.imageOf(cmd.strip());
            }
            String lower = cmd == null ? "" : cmd.toLowerCase(Locale.ROOT);
            if (path == null || !path.toLowerCase(Locale.ROOT).matches(".*\\\\[a-z0-9_.\\-]+\\.(exe|com|scr)")) {
                // arguments alone: PowerShell's when they read like it, else the shell's
                path = lower.matches("(?s).*(-nop|-noni|-enc|-w hidden|-command|-c |iex|invoke-|\\$).*")
                        ? "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" : "C:\\Windows\\System32\\cmd.exe";
            }
            e.put(image, path);
        }
        String img0 = e.get(image);
        String base = img0.substring(img0.lastIndexOf('\\') + 1);
        if (cmd == null) {
            e.put("CommandLine", "\"" + img0 + "\"");
        } else if (!startsWithProgram(cmd, base)) {
            // only arguments were required: a command line starts with its program
            e.put("CommandLine", base + (cmd.startsWith(" ") ? "" : " ") + cmd);
        }
        if (image.equals("Image")) {
            String img = e.get(image);
            e.putIfAbsent("OriginalFileName", img.substring(img.lastIndexOf('\\') + 1).toUpperCase(Locale.ROOT));
        }
        e.putIfAbsent(parent, "C:\\Windows\\explorer.exe");
        if (parentCommandLine != null) {
            e.putIfAbsent(parentCommandLine, "C:\\Windows\\Explorer.EXE");
        }
    }

    /** True when a command line's first word is a program file or a path (not an argument or a word of a script). */
    static boolean firstWordIsProgram(String cmd) {
        String first = LotlScore.firstWord(cmd);
        String lower = first.toLowerCase(Locale.ROOT);
        // a program file or path, or a bare word short enough to be a program's name (wmic, net)
        return lower.matches("[^*?<>|]*\\.(?:exe|com|scr)") || first.matches("[a-z][a-z0-9_-]{1,20}");
    }

    /**
     * True when a command line already names its program first: the program's name (with or
     * without .exe) anywhere in it, or a first word that is a path or a program file. Only then is
     * it left as the rule's texts made it; otherwise the program is put in front, as Windows
     * records command lines.
     */
    static boolean startsWithProgram(String cmd, String base) {
        String lower = cmd.toLowerCase(Locale.ROOT).strip();
        String name = base.toLowerCase(Locale.ROOT);
        String stem = name.endsWith(".exe") ? name.substring(0, name.length() - 4) : name;
        if (lower.contains(stem)) {
            return true;
        }
        String first = LotlScore.firstWord(lower);
        return first.contains("\\") || first.matches("[a-z0-9_.\\-]+\\.(?:exe|com|bat|cmd)\"?");
    }

    /** The rule ids that alerted (at {@code least} or above, rule alerts only) on each line of a generated file. */
    static Map<Integer, Set<String>> alertsByLine(LotlScore.Compiled rules, Path file, Level least) throws IOException, InterruptedException {
        Map<Integer, Set<String>> hit = new ConcurrentHashMap<>();
        LotlScore.hunt(rules, file, least, (a, lines) -> {
            if (a.kind() == Alert.Kind.RULE) {
                lines.forEach(line -> hit.computeIfAbsent(line, k -> ConcurrentHashMap.newKeySet()).add(a.ruleId()));
            }
        });
        return hit;
    }

    /** Writes the witnesses one a line, each on its own host and hour. */
    static Path write(List<Witness> ws, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        long t = 1_704_103_200_000L;
        for (int i = 0; i < ws.size(); i++) {
            Map<String, String> e = new LinkedHashMap<>(ws.get(i).event());
            e.put("Hostname", "WIT" + i);
            e.put("@timestamp", java.time.Instant.ofEpochMilli(t).toString());
            t += 3_600_000L;
            lines.add(LotlScore.json(e));
        }
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Makes, validates and scores every witness: one outcome per SigmaHQ rule that had a witness made. */
    static List<Outcome> score(RuleSet sigma, RuleSet pack, Path work) throws IOException, InterruptedException {
        LogSourceMapping mapping = LogSourceMapping.builtin();
        List<Witness> all = witnesses(sigma, mapping);
        LotlScore.Compiled sigmaRules = LotlScore.Compiled.of(sigma);
        Map<Integer, Set<String>> own = alertsByLine(sigmaRules, write(all, work.resolve("witnesses.json")), Level.INFORMATIONAL);
        List<Witness> valid = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (own.getOrDefault(i, Set.of()).contains(all.get(i).rule().metadata().id())) {
                valid.add(all.get(i));
            }
        }
        Map<Integer, Set<String>> packHits = alertsByLine(LotlScore.Compiled.of(pack), write(valid, work.resolve("valid.json")), Level.MEDIUM);
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, SigmaRule> rules = new LinkedHashMap<>();
        Map<String, Map<String, String>> example = new HashMap<>();
        for (Witness w : all) {
            String id = w.rule().metadata().id();
            rules.putIfAbsent(id, w.rule());
            counts.computeIfAbsent(id, k -> new int[3])[0]++;
        }
        for (int i = 0; i < valid.size(); i++) {
            Witness w = valid.get(i);
            String id = w.rule().metadata().id();
            int[] c = counts.get(id);
            c[1]++;
            if (packHits.containsKey(i)) {
                c[2]++;
            } else {
                example.putIfAbsent(id, w.event());
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            out.add(new Outcome(rules.get(e.getKey()), c[0], c[1], c[2], example.get(e.getKey())));
        }
        return out;
    }

    /** The ATT&CK tactic of a rule's tags (the first), or "untagged". */
    static String tactic(SigmaRule r) {
        for (String t : r.metadata().tags()) {
            String l = t.toLowerCase(Locale.ROOT);
            if (l.startsWith("attack.") && !l.matches("attack\\.(t\\d+.*|g\\d+|s\\d+)")) {
                return l.substring(7);
            }
        }
        return "untagged";
    }

    /** The ATT&CK techniques of a rule's tags, joined. */
    static String techniques(SigmaRule r) {
        Set<String> out = new LinkedHashSet<>(Alert.techniques(r.metadata().tags()));
        return out.isEmpty() ? "-" : String.join(",", out);
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of("../shared/corpus");
        Path misses = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--misses") && i + 1 < args.length) {
                misses = Path.of(args[++i]);
            } else {
                corpus = Path.of(args[i]);
            }
        }
        Path work = Files.createTempDirectory("sigma-witness");
        List<Outcome> outcomes = score(LotlScore.sigmaHq(corpus), LotlScore.pack(), work);
        // key -> rules with a valid witness, rules with every valid witness flagged, with any flagged, witnesses valid, flagged
        Map<String, long[]> byCategory = new TreeMap<>();
        Map<String, long[]> byTactic = new TreeMap<>();
        long made = 0;
        long noWitness = 0;
        List<String> missed = new ArrayList<>();
        long[] total = new long[5];
        for (Outcome o : outcomes) {
            made++;
            if (o.valid() == 0) {
                noWitness++;
                continue;
            }
            String cat = o.rule().logSource().category() != null ? o.rule().logSource().category()
                    : "service:" + o.rule().logSource().service();
            for (long[] r : List.of(byCategory.computeIfAbsent(cat, k -> new long[5]),
                    byTactic.computeIfAbsent(tactic(o.rule()), k -> new long[5]), total)) {
                r[0]++;
                r[1] += o.flagged() == o.valid() ? 1 : 0;
                r[2] += o.flagged() > 0 ? 1 : 0;
                r[3] += o.valid();
                r[4] += o.flagged();
            }
            if (o.flagged() < o.valid()) {
                missed.add(o.rule().metadata().id() + "\t" + o.rule().metadata().level() + "\t" + cat + "\t" + techniques(o.rule())
                        + "\t" + o.flagged() + "/" + o.valid() + "\t" + o.rule().metadata().title() + "\t" + describe(o.example()));
            }
        }
        System.out.println("SigmaHQ Windows rules at medium or above with a witness: " + total[0] + " (of " + made
                + " attempted; " + noWitness + " with no witness their own rule accepts)");
        System.out.println("| log source | rules | pack flags every witness | pack flags one | witnesses | pack flags |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        byCategory.forEach((k, r) -> row(k, r));
        row("**all**", total);
        System.out.println();
        System.out.println("| ATT&CK tactic (first tag) | rules | pack flags every witness | pack flags one | witnesses | pack flags |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        byTactic.forEach((k, r) -> row(k, r));
        if (misses != null) {
            Files.write(misses, missed, StandardCharsets.UTF_8);
            System.out.println("\n" + missed.size() + " rules with a witness the pack misses written to " + misses);
        }
    }

    private static void row(String name, long[] r) {
        System.out.println("| " + name + " | " + r[0] + " | " + WazuhScore.pct(r[1], r[0]) + " | " + WazuhScore.pct(r[2], r[0]) + " | " + r[3] + " | "
                + WazuhScore.pct(r[4], r[3]) + " |");
    }

    private static String describe(Map<String, String> e) {
        if (e == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        e.forEach((k, v) -> {
            if (!k.equals("User") && !k.equals("IntegrityLevel") && !k.equals("CurrentDirectory")) {
                String one = v.replace("\r", "").replace("\n", " ⏎ ").replace("\t", " ");
                b.append(b.length() == 0 ? "" : " | ").append(k).append('=').append(one.length() > 200 ? one.substring(0, 200) + "…" : one);
            }
        });
        return b.toString();
    }
}
