package org.gamekeeper.engine.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.output.Timeline;
import org.gamekeeper.sigma.rule.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hunt pipeline on small, readable evidence: indexing, mapping renames, correlations, output formats. */
class HuntPipelineTest {

    @TempDir
    Path dir;

    private Path json(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    private static String sysmon1(String time, String host, String image, String cmd) {
        return "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"" + host + "\",\"EventTime\":\""
                + time + "Z\",\"@timestamp\":\"" + time + "Z\",\"Image\":\"" + image.replace("\\", "\\\\") + "\",\"CommandLine\":\""
                + cmd.replace("\\", "\\\\") + "\"}";
    }

    private static final String NTDSUTIL = """
            title: Ntdsutil IFM
            id: 11111111-1111-1111-1111-111111111111
            status: test
            author: Gamekeeper tests
            level: high
            tags: [attack.credential-access, attack.t1003.003]
            logsource: {product: windows, category: process_creation}
            detection:
              selection:
                Image|endswith: '\\\\ntdsutil.exe'
                CommandLine|contains: 'ifm'
              condition: selection
            """;

    @Test
    void processCreationRuleMatchesSysmonAndSecurity4688ThroughTheMapping() throws IOException {
        Path sysmon = json("sysmon.json", sysmon1("2022-03-01T10:00:00", "DC1", "C:\\Windows\\System32\\ntdsutil.exe", "ntdsutil ac i ntds ifm create full c:\\x q q"),
                sysmon1("2022-03-01T10:00:01", "DC1", "C:\\Windows\\System32\\whoami.exe", "whoami"));
        Path security = json("security.json", "{\"EventID\":4688,\"Channel\":\"Security\",\"Hostname\":\"DC2\",\"@timestamp\":\"2022-03-02T09:00:00Z\","
                + "\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\ntdsutil.exe\",\"CommandLine\":\"ntdsutil ifm\"}");
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(NTDSUTIL), 2, sysmon.toString(), security.toString());
        assertEquals(2, r.alerts().size(), r.alerts().toString());
        Alert a = r.alerts().get(0);
        assertEquals("11111111-1111-1111-1111-111111111111", a.ruleId());
        assertEquals("DC1", a.computer());
        assertEquals(List.of("T1003.003"), a.attack());
        assertEquals("Gamekeeper tests", a.ruleAuthor());
        assertEquals(Instant.parse("2022-03-01T10:00:00Z"), a.timestamp());
        assertTrue(a.details().get("CommandLine").contains("ifm"));
        assertEquals("DC2", r.alerts().get(1).computer());
        assertEquals(Integer.valueOf(4688), r.alerts().get(1).eventId());
        assertEquals(3, r.summary().events());
    }

    /**
     * A hunt told to leave entities out (a plain {@code hunt} whose alerts are only written) gives
     * the same alerts with empty entities; by default each alert carries its event's identity fields.
     */
    @Test
    void alertsWithoutEntitiesDifferOnlyInTheirEntities() throws IOException, InterruptedException {
        Path security = json("logon.json", "{\"EventID\":4688,\"Channel\":\"Security\",\"Hostname\":\"DC2\",\"@timestamp\":\"2022-03-02T09:00:00Z\","
                + "\"NewProcessName\":\"C:\\\\Windows\\\\System32\\\\ntdsutil.exe\",\"CommandLine\":\"ntdsutil ifm\",\"SubjectUserName\":\"alice\","
                + "\"SubjectDomainName\":\"CORP\",\"SubjectLogonId\":\"0x3e7\"}");
        HuntFixture.Rules rules = HuntFixture.rules(NTDSUTIL);
        List<Alert> full = new ArrayList<>();
        List<Alert> bare = new ArrayList<>();
        new Hunt(rules.index(), rules.compiled().correlations(), Hunt.Settings.defaults(2))
                .run(HuntFixture.inputs(security.toString()), HuntFixture.collect(full));
        new Hunt(rules.index(), rules.compiled().correlations(), Hunt.Settings.defaults(2).withoutEntities())
                .run(HuntFixture.inputs(security.toString()), HuntFixture.collect(bare));
        assertEquals(1, full.size());
        assertEquals(1, bare.size());
        assertEquals("alice", full.get(0).entities().get("SubjectUserName"));
        assertEquals("0x3e7", full.get(0).entities().get("SubjectLogonId"));
        assertEquals(Map.of(), bare.get(0).entities());
        assertEquals(full.get(0).details(), bare.get(0).details());
        Alert a = full.get(0);
        assertEquals(new Alert(a.timestamp(), a.ruleId(), a.ruleTitle(), a.ruleAuthor(), a.ruleSource(), a.level(), a.tags(), a.attack(),
                a.computer(), a.channel(), a.eventId(), a.recordId(), a.line(), a.file(), a.details(), a.eventRefs(), a.kind(), a.count(),
                a.firstSeen(), a.lastSeen(), Map.of()), bare.get(0), "everything but the entities is the same");
    }

    /**
     * An event meets rules of its channel and EventID, of its channel, and of every channel (a
     * keyword rule): all in one merged pass, each rule once, in that order.
     */
    @Test
    void rulesOfEveryBucketAnEventBelongsToMatchItOnce() throws IOException {
        String byChannel = NTDSUTIL.replace("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222")
                .replace("category: process_creation", "service: sysmon");
        String keyword = """
                title: Ntdsutil keyword
                id: 33333333-3333-3333-3333-333333333333
                status: test
                level: medium
                logsource: {product: windows}
                detection:
                  keywords: ['ntds IFM create']
                  condition: keywords
                """;
        Path sysmon = json("sysmon.json", sysmon1("2022-03-01T10:00:00", "DC1", "C:\\Windows\\System32\\ntdsutil.exe", "ntdsutil ac i ntds ifm create full c:\\x q q"),
                sysmon1("2022-03-01T10:00:01", "DC1", "C:\\Windows\\System32\\whoami.exe", "whoami"));
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(NTDSUTIL + "---\n" + byChannel + "---\n" + keyword), 2, sysmon.toString());
        assertEquals(List.of("11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222", "33333333-3333-3333-3333-333333333333"),
                r.alerts().stream().map(Alert::ruleId).toList(), r.alerts().toString());
    }

    /**
     * Keywords and field literals are searched in JSON values as they were read (escaped), not
     * decoded: a literal with a backslash, a quote or a line break is found however the exporter
     * escaped it, and a value that only looks like it in its escaped form is no match.
     */
    @Test
    void keywordsAreFoundInEscapedJsonValuesWhicheverWayTheyWereEscaped() throws IOException {
        String keyword = """
                title: Keyword with escapes
                id: 55555555-5555-5555-5555-555555555555
                status: test
                level: medium
                logsource: {product: windows}
                detection:
                  keywords:
                    - 'C:\\Temp\\"evil"'
                    - "line one\\nline two"
                  condition: keywords
                """;
        Path events = json("escapes.json",
                // 1: backslashes and quotes escaped the short way
                "{\"EventID\":1,\"Channel\":\"X\",\"Message\":\"ran c:\\\\temp\\\\\\\"EVIL\\\" now\"}",
                // 2: the same text with \\u escapes and an escaped solidus elsewhere
                "{\"EventID\":2,\"Channel\":\"X\",\"Message\":\"a\\/b C:\\u005cTemp\\u005c\\u0022evil\\u0022\"}",
                // 3: a line break inside the keyword, escaped
                "{\"EventID\":3,\"Channel\":\"X\",\"Data\":\"Line One\\nLINE TWO\"}",
                // 4: the letters of the escape, not a line break: no match
                "{\"EventID\":4,\"Channel\":\"X\",\"Data\":\"line one\\\\nline two\"}",
                // 5: nothing like it
                "{\"EventID\":5,\"Channel\":\"X\",\"Data\":\"c:\\\\temp\\\\good\"}");
        String field = """
                title: Field with escapes
                id: 66666666-6666-6666-6666-666666666666
                status: test
                level: medium
                logsource: {product: windows}
                detection:
                  selection:
                    Message|contains: 'C:\\Temp\\"evil"'
                  condition: selection
                """;
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(keyword + "---\n" + field), 2, events.toString());
        assertEquals(List.of("5:1", "6:1", "5:2", "6:2", "5:3"),
                r.alerts().stream().map(a -> a.ruleId().charAt(0) + ":" + a.eventId()).toList(), r.alerts().toString());
    }

    /**
     * A Security rule that selects its EventID in the detection is indexed under it, yet still
     * meets an event whose EventID spells the number another way.
     */
    @Test
    void rulesIndexedByTheEventIdTheirDetectionRequires() throws IOException {
        String rule = """
                title: RDP logon
                id: 44444444-4444-4444-4444-444444444444
                status: test
                level: medium
                logsource: {product: windows, service: security}
                detection:
                  selection:
                    EventID: 4624
                    LogonType: 10
                  condition: selection
                """;
        Path security = json("security.json",
                "{\"EventID\":4624,\"Channel\":\"Security\",\"Hostname\":\"DC1\",\"LogonType\":\"10\"}",
                "{\"EventID\":4625,\"Channel\":\"Security\",\"Hostname\":\"DC1\",\"LogonType\":\"10\"}",
                "{\"EventID\":\"4624.0\",\"Channel\":\"Security\",\"Hostname\":\"DC2\",\"LogonType\":\"10\"}",
                "{\"EventID\":\"04624\",\"Channel\":\"Security\",\"Hostname\":\"DC3\",\"LogonType\":\"10\"}");
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(rule), 2, security.toString());
        assertEquals(List.of("DC1", "DC2", "DC3"), r.alerts().stream().map(Alert::computer).toList(), r.alerts().toString());
    }

    /** A rule of one selection ({@code selection} indented under it), with an id made from {@code n}. */
    private static String rule(String title, int n, String logsource, String selection) {
        return "title: " + title + "\nid: 55555555-5555-5555-5555-5555555555" + String.format("%02d", n)
            + "\nstatus: test\nlevel: high\nlogsource: " + logsource + "\ndetection:\n  selection:\n    " + selection
            + "\n  condition: selection\n";
    }

    /**
     * Equality literals are looked up as whole values (by length, then folded), beside the
     * search for the field's other literals: every value that equals one, in any case and with
     * characters that fold into ASCII, still meets its rule; one that only contains it does not.
     */
    @Test
    void equalityLiteralsFindWholeValuesInAnyCase() throws IOException {
        String access = "{product: windows, category: process_access}";
        String rules = String.join("---\n",
            rule("call trace equals", 1, access, "CallTrace: 'Ente'"),
            rule("call trace contains", 2, access, "CallTrace|contains: 'dbghelp.dll'"),
            rule("granted access list", 3, access, "GrantedAccess:\n      - '0x1410'\n      - '0x1FFFFF'"),
            rule("kelvin", 4, access, "TargetImage: 'k.exe'"));
        String sysmon = "\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"EventID\":10,";
        Path events = json("access.json",
                "{" + sysmon + "\"Hostname\":\"h1\",\"CallTrace\":\"ENTE\",\"GrantedAccess\":\"0x10\"}",
                "{" + sysmon + "\"Hostname\":\"h2\",\"CallTrace\":\"Enterprise\",\"GrantedAccess\":\"0x1fffff\"}",
                "{" + sysmon + "\"Hostname\":\"h3\",\"CallTrace\":\"C:\\\\x\\\\DbgHelp.dll+1|ente\",\"GrantedAccess\":\"0x14100\"}",
                "{" + sysmon + "\"Hostname\":\"h4\",\"CallTrace\":\"\\u0065nte\",\"GrantedAccess\":\"0X1410\"}",
                "{" + sysmon + "\"Hostname\":\"h5\",\"CallTrace\":\"x\",\"TargetImage\":\"\u212A.EXE\"}");
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(rules), 2, events.toString());
        assertEquals(List.of("h1 call trace equals", "h2 granted access list", "h3 call trace contains",
                "h4 call trace equals", "h4 granted access list", "h5 kelvin"),
            r.alerts().stream().map(a -> a.computer() + " " + a.ruleTitle()).toList(), r.alerts().toString());
    }


    /** A file of many evaluation batches (and a bad line among them): every alert, in line order, and the problem. */
    @Test
    void aLargeJsonFileIsEvaluatedInBatchesAndItsAlertsKeepLineOrder() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        int expected = 0;
        for (int i = 0; i < 5000; i++) {
            boolean hit = i % 7 == 3;
            expected += hit ? 1 : 0;
            lines.add(i == 2500 ? "{\"EventID\":1,\"broken\":}" : sysmon1("2022-03-01T10:00:00", "DC" + i,
                    "C:\\Windows\\System32\\" + (hit ? "ntdsutil.exe" : "whoami.exe"), "ntdsutil ifm " + i));
        }
        Path big = json("big.json", lines.toArray(new String[0]));
        for (int threads : new int[] {1, 2, 4}) {
            HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(NTDSUTIL), threads, big.toString());
            assertEquals(expected, r.alerts().size());
            long previous = 0;
            for (Alert a : r.alerts()) {
                assertTrue(a.line() > previous, "out of order at line " + a.line());
                previous = a.line();
            }
            assertEquals(4999, r.summary().events());
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertEquals(2501, r.problems().get(0).line());
        }
    }

    /**
     * The rarity stage stacks behaviours as events come: what it holds back and what it passes
     * depends on the events before, so that step runs in input order and the result is the same
     * with any number of threads. Here a behaviour is rare in the first batch and common later.
     */
    @Test
    void rarityDecisionsDoNotDependOnThreads() throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        int rare = 0;
        for (int i = 0; i < 6000; i++) {
            // In each stretch of 512 lines (two batches), the behaviour shows at the end of the
            // first half and all through the second: rare or common depending on which is seen first.
            boolean shows = i % 512 >= 250;
            rare += shows ? 1 : 0;
            lines.add(sysmon1(String.format(java.util.Locale.ROOT, "2022-03-01T10:%02d:%02d", i / 60 % 60, i % 60), "DC" + i / 512,
                    "C:\\Windows\\System32\\" + (shows ? "ntdsutil.exe" : "whoami.exe"), "ntdsutil ifm " + (i % 3)));
        }
        Path big = json("rare.json", lines.toArray(new String[0]));
        HuntFixture.Rules rules = HuntFixture.rules(NTDSUTIL);
        List<String> one = HuntFixture.hunt(rules, 1, org.gamekeeper.engine.baseline.RarityStage.withinData(
                org.gamekeeper.engine.baseline.LotlTools.builtin(), 1000), big.toString()).alerts().stream().map(Alert::toString).toList();
        assertEquals(rare, one.stream().filter(a -> a.contains("Ntdsutil IFM")).count(), "every rule alert, held or not");
        for (int run = 0; run < 8; run++) {
            List<String> many = HuntFixture.hunt(rules, 4, org.gamekeeper.engine.baseline.RarityStage.withinData(
                    org.gamekeeper.engine.baseline.LotlTools.builtin(), 1000), big.toString()).alerts().stream().map(Alert::toString).toList();
            assertEquals(one, many, "run " + run);
        }
    }

    @Test
    void aRuleForAnotherChannelNeverSeesTheEvent() throws IOException {
        String rule = NTDSUTIL.replace("category: process_creation", "service: system");
        Path sysmon = json("sysmon.json", sysmon1("2022-03-01T10:00:00", "DC1", "C:\\Windows\\System32\\ntdsutil.exe", "ntdsutil ifm"));
        assertEquals(0, HuntFixture.hunt(HuntFixture.rules(rule), 1, sysmon.toString()).alerts().size());
    }

    /**
     * A correlation over two files whose events interleave in time (host A's file is read
     * first, but host B's events fall between A's):
     * <pre>
     *   10:00:00 A  10:00:20 B  10:00:40 A  10:01:00 B  10:01:20 A     -> 5 logons by "svc" in 2 minutes
     * </pre>
     */
    @Test
    void eventCountCorrelationWorksAcrossFilesWhoseEventsInterleave() throws IOException {
        String rules = """
                title: Logon by svc
                id: 22222222-2222-2222-2222-222222222222
                name: svc_logon
                status: test
                level: low
                logsource: {product: windows, service: security}
                detection:
                  selection: {EventID: 4624, TargetUserName: svc}
                  condition: selection
                ---
                title: Many svc logons
                id: 33333333-3333-3333-3333-333333333333
                status: test
                level: high
                correlation:
                  type: event_count
                  rules: [svc_logon]
                  group-by: [TargetUserName]
                  timespan: 2m
                  condition: {gte: 5}
                """;
        String f = "{\"EventID\":4624,\"Channel\":\"Security\",\"Hostname\":\"%s\",\"@timestamp\":\"2022-03-01T%sZ\",\"TargetUserName\":\"svc\"}";
        Path a = json("a.json", f.formatted("A", "10:00:00"), f.formatted("A", "10:00:40"), f.formatted("A", "10:01:20"));
        Path b = json("b.json", f.formatted("B", "10:00:20"), f.formatted("B", "10:01:00"));
        HuntFixture.Result r = HuntFixture.hunt(HuntFixture.rules(rules), 2, a.toString(), b.toString());
        List<Alert> corr = r.alerts().stream().filter(x -> x.kind() == Alert.Kind.CORRELATION).toList();
        assertEquals(1, corr.size(), r.alerts().toString());
        Alert c = corr.get(0);
        assertEquals("33333333-3333-3333-3333-333333333333", c.ruleId());
        assertEquals(5, c.eventRefs().size());
        assertEquals(Instant.parse("2022-03-01T10:00:00Z"), c.firstSeen());
        assertEquals(Instant.parse("2022-03-01T10:01:20Z"), c.lastSeen());
        assertEquals("svc", c.details().get("TargetUserName"));
        // generate: false (the default) keeps the base rule from alerting on its own
        assertEquals(0, r.alerts().stream().filter(x -> x.kind() == Alert.Kind.RULE).count());
    }

    @Test
    void timelineWritesTheInterfaceFieldsAsCsvAndJsonLines() throws IOException {
        Alert a = new Alert(Instant.parse("2022-03-01T10:00:00Z"), "id-1", "Title, with comma", "Ann \"A\" Author", "builtin", Level.HIGH,
                List.of("attack.t1003.003", "attack.credential-access"), List.of("T1003.003"), "DC1", "Security", 4688, 42L, null,
                "a.evtx", Map.of("CommandLine", "ntdsutil \"ifm\""), List.of("a.evtx#42"), Alert.Kind.RULE, 1,
                Instant.parse("2022-03-01T10:00:00Z"), Instant.parse("2022-03-01T10:00:00Z"), Map.of());
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        try (Timeline t = new Timeline(csv, Timeline.Format.CSV)) {
            t.write(a);
        }
        String[] lines = csv.toString(StandardCharsets.UTF_8).split("\r\n");
        assertEquals(String.join(",", Timeline.FIELDS), lines[0]);
        assertEquals("2022-03-01T10:00:00.000Z,id-1,\"Title, with comma\",\"Ann \"\"A\"\" Author\",builtin,high,"
                + "attack.t1003.003;attack.credential-access,T1003.003,DC1,Security,4688,42,a.evtx,"
                + "\"{\"\"CommandLine\"\":\"\"ntdsutil \\\"\"ifm\\\"\"\"\"}\",a.evtx#42,rule,1,2022-03-01T10:00:00.000Z,2022-03-01T10:00:00.000Z", lines[1]);
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        try (Timeline t = new Timeline(jsonl, Timeline.Format.JSONL)) {
            t.write(a);
        }
        String j = jsonl.toString(StandardCharsets.UTF_8);
        assertTrue(j.startsWith("{\"timestamp\":\"2022-03-01T10:00:00.000Z\",\"rule_id\":\"id-1\""), j);
        assertTrue(j.contains("\"event_id\":4688,\"record_id\":42,"), j);
        assertTrue(j.endsWith("\"last_seen\":\"2022-03-01T10:00:00.000Z\"}\n"), j);
    }
}
