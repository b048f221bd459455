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
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.JsonRecords;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.sigma.rule.Level;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Scores the pack and SigmaHQ on the Windows events of another lab: the events Wazuh's ruleset
 * tests are made of ({@code wazuh/wazuh}, {@code ruleset/testing/tests/*.ini}), each a Windows
 * event recorded in Wazuh's lab (adversary emulations on its test domain) with the Wazuh rule it
 * must raise and that rule's level. Read at run time from a folder outside the repository, one
 * JSON object a line: {@code {"file", "title", "n", "pass", "rule", "alert", "event"}}, the event
 * as Wazuh's eventchannel decoder writes it ({@code win.system}, {@code win.eventdata}), without
 * the duplicate {@code message}.
 * <p>
 * The events are hunted as Wazuh wrote them, through Gamekeeper's own reader of Wazuh's shape
 * (which names {@code win.eventdata.commandLine} {@code CommandLine} and undoes Wazuh's second
 * escaping of event data), each alone: its {@code computer} and {@code systemTime} replaced so
 * that it has its own host and hour. {@link #event} reads the names of the misses file through the
 * same reader. Wazuh's level says
 * how much its own rule makes of the event: 12 and above are its "high importance" events (its
 * default e-mail threshold), the attacks; 7 to 11 suspicious; below 7 informational or low
 * relevance. A test the event must not raise ({@code pass: false}) is counted apart.
 * {@code java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.WazuhScore DIR [CORPUS] [--misses FILE]}.
 */
public final class WazuhScore {

    private WazuhScore() {
    }

    /** One event of Wazuh's tests: where it comes from, the Wazuh rule and level, the event in our names. */
    record Sample(String key, String file, String rule, int level, boolean pass, Map<String, String> event, Map<?, ?> raw) {
        String band() {
            return level >= 12 ? "12-15 (high importance)" : level >= 7 ? "7-11" : "0-6";
        }
    }

    /** Every JSON line under {@code dir} ({@code *.jsonl}), in file and line order. */
    static List<Sample> samples(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no folder of Wazuh test events at " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no *.jsonl files in " + dir);
        }
        Load load = new Load(LoadSettings.builder().setMaxAliasesForCollections(0).build());
        List<Sample> out = new ArrayList<>();
        for (Path f : files) {
            int line = 0;
            for (String text : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                Object parsed;
                try {
                    parsed = load.loadFromString(text);
                } catch (RuntimeException e) {
                    throw new IllegalStateException(f + ":" + line + ": not a JSON object: " + e.getMessage(), e);
                }
                if (!(parsed instanceof Map<?, ?> m)) {
                    throw new IllegalStateException(f + ":" + line + ": not a JSON object");
                }
                Map<String, String> event = event(m.get("event"));
                if (event == null) {
                    continue;
                }
                String file = String.valueOf(m.get("file"));
                String key = file + "#" + m.get("title") + "#" + m.get("n");
                int level = Integer.parseInt(String.valueOf(m.get("alert")).strip());
                out.add(new Sample(key, file, String.valueOf(m.get("rule")), level, !Boolean.FALSE.equals(m.get("pass")), event,
                        (Map<?, ?>) m.get("event")));
            }
        }
        return out;
    }

    /** Gamekeeper's own reader of JSON events, which knows Wazuh's shape. */
    private static final JsonRecords READER = new JsonRecords(1 << 22);

    /** The names the misses file and the tests read from an event. */
    static final List<String> NAMES = List.of("Channel", "EventID", "Provider_Name", "Image", "NewProcessName", "OriginalFileName",
            "CommandLine", "ParentImage", "TargetObject", "Details", "TargetFilename", "ImageLoaded", "SourceImage", "TargetImage",
            "GrantedAccess", "DestinationIp", "DestinationPort", "QueryName", "PipeName", "ScriptBlockText", "ServiceName", "ImagePath",
            "TargetUserName", "SubjectUserName", "LogonType", "ShareName", "RelativeTargetName", "ObjectName", "TaskName");

    /**
     * A Wazuh eventchannel event as Gamekeeper's reader names it (INTERFACES.md's names, Wazuh's
     * escaping undone), or null when it is not a Windows event.
     */
    static Map<String, String> event(Object o) {
        if (!(o instanceof Map<?, ?> top) || !(top.get("win") instanceof Map<?, ?> win) || !(win.get("system") instanceof Map)) {
            return null;
        }
        Event e;
        try {
            e = READER.decode(json(top).getBytes(StandardCharsets.UTF_8), "wazuh", 1);
        } catch (JsonRecords.Rejected r) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : NAMES) {
            String v = e.field(n);
            if (v != null && !v.isEmpty()) {
                out.put(n, v);
            }
        }
        return out.containsKey("Channel") && out.containsKey("EventID") ? out : null;
    }

    /** The keys of the samples some rule of {@code rules} alerts on at medium or above, each hunted alone. */
    static Set<String> detect(LotlScore.Compiled rules, List<Sample> samples, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path file = work.resolve("wazuh.json");
        List<String> lines = new ArrayList<>();
        long t = 1_704_103_200_000L;
        for (int i = 0; i < samples.size(); i++) {
            lines.add(json(ownHostAndHour(samples.get(i).raw(), "WZ" + i, java.time.Instant.ofEpochMilli(t).toString())));
            t += 3_600_000L;
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Set<String> found = new HashSet<>();
        for (int line : LotlScore.alertedLines(rules, file, Level.MEDIUM)) {
            found.add(samples.get(line).key());
        }
        return found;
    }

    /** A copy of a Wazuh event with its system part's computer and time replaced and its record number left out. */
    static Map<String, Object> ownHostAndHour(Map<?, ?> raw, String host, String time) {
        Map<String, Object> top = copy(raw);
        @SuppressWarnings("unchecked")
        Map<String, Object> win = (Map<String, Object>) top.get("win");
        @SuppressWarnings("unchecked")
        Map<String, Object> system = (Map<String, Object>) win.get("system");
        system.put("computer", host);
        system.put("systemTime", time);
        // without a record number an alert names its event by line, as the scorer counts them
        system.remove("eventRecordID");
        return top;
    }

    private static Map<String, Object> copy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() instanceof Map<?, ?> inner ? copy(inner) : e.getValue());
        }
        return out;
    }

    /** A parsed JSON value (maps, lists, strings, numbers, booleans, null) as JSON text, escaped by the project's JSON writer. */
    static String json(Object v) {
        JsonOut out = new JsonOut(1024);
        json(v, out);
        return out.toString();
    }

    private static void json(Object v, JsonOut out) {
        if (v instanceof Map<?, ?> m) {
            out.raw('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.raw(first ? "" : ",");
                first = false;
                out.key(String.valueOf(e.getKey()));
                json(e.getValue(), out);
            }
            out.raw('}');
        } else if (v instanceof List<?> l) {
            out.raw('[');
            for (int i = 0; i < l.size(); i++) {
                out.raw(i == 0 ? "" : ",");
                json(l.get(i), out);
            }
            out.raw(']');
        } else if (v == null || v instanceof Number || v instanceof Boolean) {
            out.raw(String.valueOf(v));
        } else {
            out.string(String.valueOf(v));
        }
    }

    public static void main(String[] args) throws Exception {
        AtomicScore.Args a = AtomicScore.Args.of(args, "WazuhScore DIR [CORPUS] [--misses FILE]");
        List<Sample> samples = samples(a.dir());
        Path work = Files.createTempDirectory("wazuh-score");
        Set<String> pack = detect(LotlScore.Compiled.of(LotlScore.pack()), samples, work.resolve("pack"));
        Set<String> sigma = detect(LotlScore.Compiled.of(LotlScore.sigmaHq(a.corpus())), samples, work.resolve("sigma"));
        // band or file -> events, pack, SigmaHQ, either
        Map<String, long[]> bands = new TreeMap<>();
        Map<String, long[]> files = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Sample s : samples) {
            boolean p = pack.contains(s.key());
            boolean q = sigma.contains(s.key());
            String band = s.pass() ? s.band() : "must not raise its rule";
            add(bands.computeIfAbsent(band, k -> new long[4]), p, q);
            all.add(s.key() + "\t" + (s.pass() ? s.level() : "must not") + "\t" + s.rule() + "\t" + (p ? "pack" : "-") + "\t"
                    + (q ? "sigmahq" : "-") + "\t" + describe(s.event()));
            if (s.pass() && s.level() >= 12) {
                add(files.computeIfAbsent(s.file(), k -> new long[4]), p, q);
                if (!p) {
                    missed.add(s.key() + "\t" + s.level() + "\t" + s.rule() + "\t" + (q ? "sigmahq" : "-") + "\t" + describe(s.event()));
                }
            }
        }
        System.out.println("Wazuh ruleset tests' Windows events (" + samples.size() + "): share with an alert at medium or above");
        System.out.println("| Wazuh level of the event's rule | events | built-in pack | SigmaHQ windows | pack or SigmaHQ |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, long[]> e : bands.entrySet()) {
            row(e.getKey(), e.getValue());
        }
        System.out.println();
        System.out.println("| level 12-15, by test file | events | built-in pack | SigmaHQ windows | pack or SigmaHQ |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, long[]> e : files.entrySet()) {
            row(e.getKey(), e.getValue());
        }
        if (a.misses() != null) {
            Files.write(a.misses(), missed, StandardCharsets.UTF_8);
            Path every = a.misses().resolveSibling(a.misses().getFileName() + ".all.tsv");
            Files.write(every, all, StandardCharsets.UTF_8);
            System.out.println("\n" + missed.size() + " level 12-15 events the pack misses written to " + a.misses()
                    + " (key, level, Wazuh rule, SigmaHQ, event); every event with both rule sets' answers to " + every);
        }
    }

    /** Counts one sample into a row: samples, found by the pack, by SigmaHQ, by either. */
    static void add(long[] r, boolean p, boolean q) {
        r[0]++;
        r[1] += p ? 1 : 0;
        r[2] += q ? 1 : 0;
        r[3] += p || q ? 1 : 0;
    }

    /** A row of the shares {@link #add} counted, as a Markdown table line. */
    static void row(String name, long[] r) {
        System.out.println("| " + name + " | " + r[0] + " | " + pct(r[1], r[0]) + " | " + pct(r[2], r[0]) + " | " + pct(r[3], r[0]) + " |");
    }

    /** {@code d} of {@code n} as a percentage with one decimal, or "-" when there are none. */
    static String pct(long d, long n) {
        return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f %%", 100.0 * d / n);
    }

    /** The fields that say what an event was, for the misses file. */
    private static String describe(Map<String, String> e) {
        StringBuilder b = new StringBuilder(e.get("Channel") + " " + e.get("EventID"));
        for (String f : NAMES.subList(3, NAMES.size())) {
            String v = e.get(f);
            if (v != null) {
                String one = v.replace("\r", "").replace("\n", " ⏎ ");
                b.append(" | ").append(f).append('=').append(one.length() > 300 ? one.substring(0, 300) + "…" : one);
            }
        }
        return b.toString();
    }
}
