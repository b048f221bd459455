package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.sigma.rule.RuleMetadata;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The built-in pack: every file listed in {@code pack/index.txt} loads, every rule carries what
 * the pack promises (ATT&CK tags, level, false positives, author, an advisory reference), and
 * every alerting rule has at least one case that must fire and one that must not, in the spec
 * files {@code src/test/resources/org/gamekeeper/engine/detect/pack/*.tests.yml}. A case is a
 * short list of events (flat JSON fields, written by us); a Sysmon 1 case is run a second time as
 * its Security 4688 twin (fields renamed as Windows names them) and must give the same answer,
 * unless it says {@code sysmon_only} (fields 4688 lacks, such as OriginalFileName). A case's events
 * are 5 seconds apart unless it says {@code seconds_apart} (for correlations over a few seconds).
 */
class BuiltinPackTest {

    static final String PACK = "/org/gamekeeper/engine/detect/pack/";

    @TempDir
    static Path dir;

    static Path packDir;
    /** The pack's files, in the index's order. */
    private static final List<Path> packFiles = new ArrayList<>();
    static HuntFixture.Rules rules;
    static Map<String, RuleMetadata> byTitle = new HashMap<>();
    static Set<String> quiet = new HashSet<>();

    /** {@code secondsApart}: the case's events follow each other at this interval (5 s unless it says {@code seconds_apart}). */
    record Case(String file, int index, String rule, boolean match, boolean sysmonOnly, int secondsApart, List<Map<String, Object>> events) { }

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        packDir = Path.of(BuiltinPackTest.class.getResource(PACK + "index.txt").toURI()).getParent();
        for (String line : Files.readAllLines(packDir.resolve("index.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                packFiles.add(packDir.resolve(line.strip()));
            }
        }
        // as the jar ships them (locations builtin:…), so they run where pack rules run
        rules = HuntFixture.rules(BuiltinPack.texts());
        assertEquals(0, rules.set().failed(), rules.set().problems().toString());
        for (SigmaDocument d : rules.set().rules()) {
            byTitle.put(d.metadata().title(), d.metadata());
        }
        for (SigmaCorrelation c : rules.set().correlations()) {
            byTitle.put(c.metadata().title(), c.metadata());
            if (!c.generate()) {
                quiet.addAll(c.rules());
            }
        }
    }

    @Test
    void everyPackFileIsListedInTheIndexAndLoads() throws IOException {
        Set<String> listed = new TreeSet<>(Files.readAllLines(packDir.resolve("index.txt")).stream().map(String::strip)
                .filter(s -> !s.isEmpty() && !s.startsWith("#")).toList());
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.list(packDir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).forEach(present::add);
        }
        assertEquals(present, listed);
        assertTrue(rules.set().loaded() >= 60, "loaded " + rules.set().loaded());
    }

    /**
     * Selection names stay names in every Sigma tool: YAML 1.1 loaders (PyYAML, and so pySigma and
     * sigma-cli) read an unquoted {@code on}, {@code off}, {@code yes}, {@code no}, {@code y} or
     * {@code n} key as a boolean, which breaks the rule's condition there though our YAML 1.2 loader
     * accepts it.
     */
    @Test
    void selectionNamesAreNotYaml11Booleans() throws IOException {
        Set<String> booleans = Set.of("y", "yes", "n", "no", "true", "false", "on", "off");
        List<String> bad = new ArrayList<>();
        for (Path f : packFiles) {
            for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(f))) {
                if (doc instanceof Map<?, ?> m && m.get("detection") instanceof Map<?, ?> det) {
                    for (Object key : det.keySet()) {
                        if (booleans.contains(String.valueOf(key).toLowerCase(java.util.Locale.ROOT))) {
                            bad.add(f.getFileName() + ": " + m.get("title") + ": " + key);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }

    @Test
    void everyRuleHasTagsLevelFalsePositivesAuthorAndAnAdvisory() {
        Set<String> ids = new HashSet<>();
        for (RuleMetadata m : byTitle.values()) {
            String what = m.title();
            assertNotNull(m.id(), what);
            assertTrue(ids.add(m.id()), "duplicate id " + m.id());
            assertNotNull(m.level(), what);
            assertEquals("Gamekeeper", m.author(), what);
            assertFalse(m.falsePositives().isEmpty(), what + ": falsepositives");
            assertFalse(m.references().isEmpty(), what + ": references");
            assertTrue(m.tags().stream().anyMatch(t -> t.matches("attack\\.t\\d{4}(\\.\\d{3})?")), what + ": an ATT&CK technique tag");
            assertTrue(m.tags().stream().anyMatch(t -> !t.matches("attack\\.t\\d.*")), what + ": an ATT&CK tactic tag");
        }
    }

    @Test
    void everyAlertingRuleHasAPositiveAndANegativeCaseAndEveryCaseHolds() throws IOException {
        List<Case> cases = cases();
        Map<String, int[]> counts = new HashMap<>();
        for (Case c : cases) {
            RuleMetadata m = byTitle.get(c.rule());
            if (m == null) {
                fail(c.file() + " case " + c.index() + ": no pack rule titled '" + c.rule() + "'");
            }
            counts.computeIfAbsent(m.title(), k -> new int[2])[c.match() ? 0 : 1]++;
        }
        List<String> missing = new ArrayList<>();
        for (RuleMetadata m : byTitle.values()) {
            if (quiet.contains(m.id())) {
                continue; // a correlation's quiet base rule is tested through the correlation
            }
            int[] n = counts.getOrDefault(m.title(), new int[2]);
            if (n[0] == 0 || n[1] == 0) {
                missing.add(m.title() + " (" + n[0] + " positive, " + n[1] + " negative)");
            }
        }
        assertEquals(List.of(), missing, "rules without both a positive and a negative case");

        // All cases in one hunt: each on its own day and host, so no correlation window spans two.
        Path events = dir.resolve("cases.json");
        List<String> lines = new ArrayList<>();
        Map<Integer, Integer> lineToRun = new HashMap<>();
        List<String> runNames = new ArrayList<>();
        List<Boolean> runExpect = new ArrayList<>();
        List<String> runRule = new ArrayList<>();
        Instant day = Instant.parse("2024-01-01T09:00:00Z");
        for (Case c : cases) {
            for (boolean twin : c.sysmonOnly() || !isSysmon1(c) ? new boolean[] {false} : new boolean[] {false, true}) {
                int run = runNames.size();
                runNames.add(c.file() + " case " + c.index() + " (" + c.rule() + (twin ? ", as 4688" : "") + ")");
                runExpect.add(c.match());
                runRule.add(byTitle.get(c.rule()).id());
                Instant t = day.plusSeconds(86_400L * run);
                for (Map<String, Object> e : c.events()) {
                    Map<String, Object> ev = twin ? as4688(e) : new LinkedHashMap<>(e);
                    ev.putIfAbsent("Channel", channel(ev.get("EventID")));
                    ev.putIfAbsent("Hostname", "HOST" + run);
                    ev.put("@timestamp", t.toString());
                    t = t.plusSeconds(c.secondsApart());
                    lines.add(json(ev));
                    lineToRun.put(lines.size(), run);
                }
            }
        }
        Files.write(events, lines, StandardCharsets.UTF_8);
        HuntFixture.Result r = HuntFixture.hunt(rules, 2, events.toString());
        assertEquals(List.of(), r.problems());
        Map<Integer, Set<String>> firedByRun = new HashMap<>();
        for (Alert a : r.alerts()) {
            for (String ref : a.eventRefs()) {
                int line = Integer.parseInt(ref.substring(ref.lastIndexOf("#L") + 2));
                firedByRun.computeIfAbsent(lineToRun.get(line), k -> new HashSet<>()).add(a.ruleId());
            }
        }
        List<String> wrong = new ArrayList<>();
        for (int run = 0; run < runNames.size(); run++) {
            boolean fired = firedByRun.getOrDefault(run, Set.of()).contains(runRule.get(run));
            if (fired != runExpect.get(run)) {
                wrong.add(runNames.get(run) + (fired ? " fired" : " did not fire"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static boolean isSysmon1(Case c) {
        // EventID 1 of another log (the Exchange management log's cmdlet record) has no 4688 twin
        return c.events().stream().allMatch(e -> Integer.valueOf(1).equals(e.get("EventID"))
                && (e.get("Channel") == null || String.valueOf(e.get("Channel")).contains("Sysmon")));
    }

    /** A Sysmon 1 event as Security 4688 writes it. */
    private static Map<String, Object> as4688(Map<String, Object> e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("EventID", 4688);
        o.put("Channel", "Security");
        for (Map.Entry<String, Object> f : e.entrySet()) {
            switch (f.getKey()) {
                case "EventID", "Channel", "OriginalFileName", "Hashes", "ParentCommandLine", "CurrentDirectory", "IntegrityLevel" -> { }
                case "Image" -> o.put("NewProcessName", f.getValue());
                case "ParentImage" -> o.put("ParentProcessName", f.getValue());
                case "User" -> o.put("SubjectUserName", f.getValue());
                default -> o.put(f.getKey(), f.getValue());
            }
        }
        return o;
    }

    private static String channel(Object eventId) {
        int id = eventId instanceof Integer i ? i : Integer.parseInt(String.valueOf(eventId));
        if (id >= 1 && id <= 29) {
            return "Microsoft-Windows-Sysmon/Operational"; // Sysmon's event ids (no other channel the pack reads uses them)
        }
        return switch (id) {
            case 7045, 104, 7036, 7034, 7031 -> "System";
            case 4103, 4104 -> "Microsoft-Windows-PowerShell/Operational";
            case 216, 325, 326, 327 -> "Application";
            case 5861 -> "Microsoft-Windows-WMI-Activity/Operational";
            case 5001, 5007, 5010, 5012 -> "Microsoft-Windows-Windows Defender/Operational";
            default -> "Security";
        };
    }

    private static String json(Map<String, Object> e) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> f : e.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(f.getKey()).append("\":");
            if (f.getValue() instanceof Number n) {
                b.append(n);
            } else {
                b.append('"');
                for (char c : String.valueOf(f.getValue()).toCharArray()) {
                    if (c == '"' || c == '\\') {
                        b.append('\\').append(c);
                    } else if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
                b.append('"');
            }
        }
        return b.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases() throws IOException {
        Path tests = Path.of(System.getProperty("user.dir")).resolve("src/test/resources" + PACK);
        if (!Files.isDirectory(tests)) {
            fail("pack test specs missing at " + tests);
        }
        List<Case> out = new ArrayList<>();
        List<Path> specs;
        try (Stream<Path> s = Files.list(tests)) {
            specs = s.filter(p -> p.toString().endsWith(".tests.yml")).sorted().toList();
        }
        assertFalse(specs.isEmpty());
        for (Path p : specs) {
            Object doc = new Load(LoadSettings.builder().setLabel(p.toString()).build()).loadFromString(Files.readString(p));
            List<Object> list = (List<Object>) doc;
            int i = 0;
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                i++;
                int apart = m.get("seconds_apart") instanceof Integer n ? n : 5;
                out.add(new Case(p.getFileName().toString(), i, (String) m.get("rule"), Boolean.TRUE.equals(m.get("match")),
                        Boolean.TRUE.equals(m.get("sysmon_only")), apart, (List<Map<String, Object>>) m.get("events")));
            }
        }
        return out;
    }
}
