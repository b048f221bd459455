package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.compile.Prefilter;
import org.junit.jupiter.api.Test;

/** What the engine gets from a compiled rule: log source, prefilter literals, matching without allocation. */
class CompiledRuleTest {

    @Test
    void prefilterNamesTheLiteralsARuleNeedsPerField() {
        CompiledRule r = Rules.detection("sel:\n    Image|endswith:\n        - '\\certutil.exe'\n        - '\\bitsadmin.exe'\n"
                + "    CommandLine|contains: 'http'\ncondition: sel");
        Prefilter p = r.prefilter();
        assertFalse(p.unconditional());
        assertEquals(List.of(new Prefilter.Anchor("Image", "\\certutil.exe"), new Prefilter.Anchor("Image", "\\bitsadmin.exe")), p.anchors());
    }

    @Test
    void requiredEventIdsFollowTheConditionThroughAndOrAndNot() {
        assertEquals(java.util.Set.of(4624L), Rules.detection("sel:\n    EventID: 4624\n    LogonType: 10\ncondition: sel").requiredIntegers("EventID"));
        assertEquals(java.util.Set.of(4624L, 4625L),
                Rules.detection("a:\n    EventID: 4624\nb:\n    EventID: '4625'\ncondition: a or b").requiredIntegers("EventID"));
        assertEquals(java.util.Set.of(4625L),
                Rules.detection("a:\n    EventID:\n        - 4624\n        - 4625\nb:\n    EventID: 4625\ncondition: a and b").requiredIntegers("EventID"));
        // One side of an or without a constraint, a not, a text that is no plain number: no constraint.
        assertEquals(null, Rules.detection("a:\n    EventID: 4624\nb:\n    Image: x\ncondition: a or b").requiredIntegers("EventID"));
        assertEquals(null, Rules.detection("a:\n    EventID: 4624\ncondition: not a").requiredIntegers("EventID"));
        assertEquals(null, Rules.detection("a:\n    EventID|contains: 4624\ncondition: a").requiredIntegers("EventID"));
        assertEquals(null, Rules.detection("a:\n    EventID: '46x4'\ncondition: a").requiredIntegers("EventID"));
        // The filter part does not matter: only the selection must hold.
        assertEquals(java.util.Set.of(1102L),
                Rules.detection("a:\n    EventID: 1102\nf:\n    EventID: 1\ncondition: a and not f").requiredIntegers("EventID"));
    }

    @Test
    void prefilterLiteralsAreFoldedAndUseTheResolvedFieldName() {
        RuleSet set = Rules.set("title: t\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image|endswith: '\\CertUtil.EXE'\n    condition: sel\n");
        Prefilter p = set.compile(f -> "NewProcessName").rules().get(0).prefilter();
        assertEquals(List.of(new Prefilter.Anchor("NewProcessName", "\\certutil.exe")), p.anchors());
    }

    @Test
    void aRuleWithoutRequiredLiteralsIsUnconditional() {
        assertTrue(Rules.detection("sel:\n    F|re: '.+[0-9]'\ncondition: sel").prefilter().unconditional());
        // Even one certain character is a usable literal: a backtick is rare in command lines.
        assertEquals(List.of(new Prefilter.Anchor("F", "`")), Rules.detection("sel:\n    F|re: '\\w+`\\w'\ncondition: sel").prefilter().anchors());
        assertTrue(Rules.detection("sel:\n    F: x\ncondition: not sel").prefilter().unconditional());
        assertTrue(Rules.detection("a:\n    F: xyz\nb:\n    G|exists: true\ncondition: a or b").prefilter().unconditional());
    }

    @Test
    void anOrOfLiteralsNeedsAnyOfThemAndKeywordsAnchorOnAnyField() {
        Prefilter p = Rules.detection("a:\n    F: abc\nk:\n    - 'mimikatz'\ncondition: a or k").prefilter();
        assertEquals(List.of(new Prefilter.Anchor("F", "abc", true), new Prefilter.Anchor(null, "mimikatz")), p.anchors());
    }

    @Test
    void anAndAnchorsOnItsRarerSideNotOnTextMostEventsHold() {
        // '\windows\' is longer than '\..\..\' but in nearly every path: the command line's texts anchor
        assertEquals(List.of(new Prefilter.Anchor("CommandLine", "\\..\\windows\\"), new Prefilter.Anchor("CommandLine", "\\..\\..\\")),
                Rules.detection("a:\n    Image|contains: '\\Windows\\'\n    CommandLine|contains:\n        - '\\..\\Windows\\'\n"
                        + "        - '\\..\\..\\'\ncondition: a").prefilter().anchors());
        // a whole common value (the company of most Windows binaries) loses to a short rare file name
        assertEquals(List.of(new Prefilter.Anchor("Image", "\\csi.exe")),
                Rules.detection("a:\n    Image|endswith: '\\csi.exe'\nb:\n    Company: 'Microsoft Corporation'\ncondition: a and b")
                        .prefilter().anchors());
        // among uncommon texts the longer still wins
        assertEquals(List.of(new Prefilter.Anchor("G", "mimikatz")),
                Rules.detection("a:\n    F|contains: 'abc'\n    G|contains: 'mimikatz'\ncondition: a").prefilter().anchors());
    }

    @Test
    void aRegularExpressionAnchorsOnTheLeastLikelyTextsItRequires() {
        // the longest required literal is '\' (in every path); the clause of alternatives is rarer
        assertEquals(java.util.Set.of(new Prefilter.Anchor("CommandLine", ",,"), new Prefilter.Anchor("CommandLine", ",;"),
                        new Prefilter.Anchor("CommandLine", ",("), new Prefilter.Anchor("CommandLine", ";,"),
                        new Prefilter.Anchor("CommandLine", ";;;")),
                java.util.Set.copyOf(Rules.detection("a:\n    CommandLine|re: '\\\\(^|[\\s(])(,[,;(]|;,|;;;)'\ncondition: a")
                        .prefilter().anchors()));
        // a required literal rarer than any clause stays the anchor
        assertEquals(List.of(new Prefilter.Anchor("CommandLine", "mimikatz")),
                Rules.detection("a:\n    CommandLine|re: 'mimikatz.*(a|b)'\ncondition: a").prefilter().anchors());
        // folded, like every anchor
        assertEquals(List.of(new Prefilter.Anchor("Image", ".dll,")),
                Rules.detection("a:\n    Image|re: '\\\\[a-z0-9]{1,32}\\.DLL,'\ncondition: a").prefilter().anchors());
        // an expression the parser does not read keeps its longest literal
        assertEquals(List.of(new Prefilter.Anchor("F", "abc")),
                Rules.detection("a:\n    F|re: 'abc\\p{Greek}'\ncondition: a").prefilter().anchors());
    }

    @Test
    void anAnchorIsExactOnlyWhenEveryValueThatPassesIsOneOfItsLiterals() {
        // equality (cased or not, one value or a list): a passing value is the literal, folded
        assertEquals(List.of(new Prefilter.Anchor("F", "ente", true)), Rules.detection("s:\n    F: 'Ente'\ncondition: s").prefilter().anchors());
        assertEquals(List.of(new Prefilter.Anchor("F", "ente", true)),
                Rules.detection("s:\n    F|cased: 'Ente'\ncondition: s").prefilter().anchors());
        assertEquals(List.of(new Prefilter.Anchor("F", "a.exe", true), new Prefilter.Anchor("F", "b.exe", true)),
                Rules.detection("s:\n    F:\n        - 'A.exe'\n        - 'b.exe'\ncondition: s").prefilter().anchors());
        assertEquals("any of [F = 'ente']", Rules.detection("s:\n    F: 'Ente'\ncondition: s").prefilter().toString());
        // anything else only contains its literal: a substring, a wildcard, a list mixing both, a number
        assertEquals(List.of(new Prefilter.Anchor("F", "ente")), Rules.detection("s:\n    F|contains: 'Ente'\ncondition: s").prefilter().anchors());
        assertEquals(List.of(new Prefilter.Anchor("F", "ente")), Rules.detection("s:\n    F|startswith: 'Ente'\ncondition: s").prefilter().anchors());
        assertEquals(List.of(new Prefilter.Anchor("F", "ente")), Rules.detection("s:\n    F: 'Ente*'\ncondition: s").prefilter().anchors());
        assertEquals(List.of(new Prefilter.Anchor("F", "a.exe"), new Prefilter.Anchor("F", "b.exe")),
                Rules.detection("s:\n    F:\n        - 'A.exe'\n        - '*b.exe'\ncondition: s").prefilter().anchors());
        assertFalse(Rules.detection("s:\n    F: 4738\ncondition: s").prefilter().anchors().get(0).exact());
    }

    @Test
    void theLogSourceIsExposedForIndexing() {
        CompiledRule r = Rules.compile("title: t\nlogsource:\n    category: process_creation\n    product: windows\ndetection:\n"
                + "    sel:\n        F: 1\n    condition: sel\n");
        assertEquals("process_creation", r.logSource().category());
        assertEquals("windows", r.logSource().product());
    }

    @Test
    void rulesReferredToByACorrelationDoNotAlertOnTheirOwnUnlessGenerateIsSet() {
        String base = "title: base\nname: base_rule\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: 1\n    condition: s\n---\n";
        String corr = "title: c\ncorrelation:\n    type: event_count\n    rules:\n        - base_rule\n    group-by:\n        - Host\n"
                + "    timespan: 1h\n    condition:\n        gte: 2\n";
        CompiledRuleSet quiet = Rules.set(base + corr).compile(FieldResolver.IDENTITY);
        assertFalse(quiet.alertsOnItsOwn(quiet.byReference("base_rule")));
        CompiledRuleSet loud = Rules.set(base + corr + "    generate: true\n").compile(FieldResolver.IDENTITY);
        assertTrue(loud.alertsOnItsOwn(loud.rules().get(0)));
    }

    @Test
    void aRuleSkippedForItsStatusStillFeedsACorrelationThatRefersToIt() {
        String base = "title: base\nname: base_rule\nstatus: deprecated\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: 1\n    condition: s\n---\n"
                + "title: other\nstatus: deprecated\nlogsource:\n    product: windows\ndetection:\n    s:\n        F: 1\n    condition: s\n---\n";
        String corr = "title: c\ncorrelation:\n    type: event_count\n    rules:\n        - base_rule\n    group-by:\n        - Host\n"
                + "    timespan: 1h\n    condition:\n        gte: 2\n";
        RuleSet set = Rules.set(base + corr);
        assertEquals(2, set.skipped());
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        assertEquals(List.of("base"), compiled.rules().stream().map(r -> r.rule().metadata().title()).toList());
        assertFalse(compiled.alertsOnItsOwn(compiled.rules().get(0)));
    }

    /** An event that answers without allocating, as a source should. */
    private static final class FlatEvent implements SigmaEvent {
        final Map<String, String> fields;

        FlatEvent(Map<String, String> fields) {
            this.fields = fields;
        }

        @Override
        public String field(String name) {
            return fields.get(name);
        }

        @Override
        public boolean anyValue(String name, Predicate<String> test) {
            String v = fields.get(name);
            return v != null && test.test(v);
        }

        @Override
        public void forEachField(java.util.function.BiConsumer<String, String> sink) {
            fields.forEach(sink);
        }

        @Override
        public boolean anyFieldValue(Predicate<String> test) {
            for (String v : fields.values()) {
                if (test.test(v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long timestampMillis() {
            return 0;
        }
    }

    @Test
    void matchingAllocatesNothingOutsideRegexAndNetworkTests() throws Exception {
        RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules/windows/process_creation")), LoadOptions.defaults());
        List<CompiledRule> rules = new ArrayList<>();
        for (CompiledRule r : set.compile(FieldResolver.IDENTITY).rules()) {
            String d = r.dump();
            if (!d.contains(" regex ") && !d.contains("cidr(")) {
                rules.add(r);
            }
        }
        assertTrue(rules.size() > 1000, "expected the process_creation rules, got " + rules.size());
        FlatEvent e = new FlatEvent(Map.of("Image", "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "CommandLine", "powershell.exe -NoProfile -ExecutionPolicy Bypass -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA",
                "ParentImage", "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "User", "CORP\\Ärger",
                "OriginalFileName", "PowerShell.EXE", "EventID", "1", "IntegrityLevel", "High"));
        int hits = 0;
        for (int warm = 0; warm < 20; warm++) {
            for (CompiledRule r : rules) {
                hits += r.matches(e) ? 1 : 0;
            }
        }
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(tid);
        for (int round = 0; round < 20; round++) {
            for (CompiledRule r : rules) {
                hits += r.matches(e) ? 1 : 0;
            }
        }
        long allocated = bean.getThreadAllocatedBytes(tid) - before;
        assertTrue(hits > 0, "the event should match some rule");
        assertTrue(allocated < 4096, allocated + " bytes allocated over " + 20 * rules.size() + " rule evaluations");
    }
}
