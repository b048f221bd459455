package org.gamekeeper.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.Test;

class RuleIndexTest {

    private static RuleIndex index(String yaml) {
        CompiledRuleSet compiled = RuleSet.read(Map.of("test.yml", yaml), LoadOptions.defaults()).compile(FieldResolver.IDENTITY);
        return RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin());
    }

    /** A rule of one selection ({@code selection} indented under it), with an id made from {@code n}. */
    private static String rule(String title, int n, String logsource, String selection) {
        return "title: " + title + "\nid: 55555555-5555-5555-5555-5555555555" + String.format("%02d", n)
            + "\nstatus: test\nlevel: high\nlogsource: " + logsource + "\ndetection:\n  selection:\n    " + selection
            + "\n  condition: selection\n";
    }

    /** Events that meet the same rules share one merged bucket (so its search is built once), whatever the channel's case. */
    @Test
    void channelsThatMeetTheSameRulesShareABucket() {
        String security = "{product: windows, service: security}";
        RuleIndex index = index(String.join("---\n",
            rule("process", 1, "{product: windows, category: process_creation}", "CommandLine|contains: 'vssadmin delete'"),
            rule("logon", 2, security, "EventID: 4624\n    LogonType: 10"),
            rule("any security event", 3, security, "SubjectUserName: 'mallory'")));
        RuleIndex.Bucket upper = index.merged("Security", 4688);
        assertEquals(2, upper.entries.length); // process creation and any security event: two parts merged
        assertTrue(upper == index.merged("security", 4688), "one bucket for both cases");
        assertTrue(upper != index.merged("Security", 4624), "other rules, another bucket");
    }
    /**
     * A field's literals are searched in JSON values as their bytes: escaped ones (a backslash is
     * two in the bytes) through the escaped literals, built when first needed; a literal that only
     * the escaped form would hide, and one split by a \\u escape, are still found.
     */
    @Test
    void literalsWithBackslashesAreFoundInEscapedJsonValues() {
        RuleIndex index = index(String.join("---\n",
            rule("temp exe", 1, "{product: windows, category: process_creation}", "CommandLine|contains: '\\Temp\\a.exe'"),
            rule("quoted", 2, "{product: windows, category: process_creation}", "CommandLine|contains: '\"/c whoami'")));
        String[] values = {
            "C:\\\\Users\\\\x\\\\AppData\\\\Local\\\\Temp\\\\a.exe -q",   // escaped backslashes
            "C:\\u005cTemp\\u005ca.exe",                                        // \\u escapes: decoded first
            "cmd.exe \\\"/c whoami\\\"",                                          // escaped quotes
            "C:\\\\Temp\\\\b.exe"};                                            // neither
        java.util.List<java.util.List<String>> matched = new java.util.ArrayList<>();
        for (String v : values) {
            String json = "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"CommandLine\":\"" + v + "\"}\n";
            java.util.List<org.gamekeeper.engine.Event> events = new java.util.ArrayList<>();
            new org.gamekeeper.engine.source.JsonSource().read("e.json",
                new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), events::add,
                p -> { throw new AssertionError(p.toString()); });
            java.util.List<String> titles = new java.util.ArrayList<>();
            index.evaluator().evaluate(events.get(0), en -> titles.add(en.rule().rule().metadata().title()));
            matched.add(titles);
        }
        assertEquals(java.util.List.of(java.util.List.of("temp exe"), java.util.List.of("temp exe"), java.util.List.of("quoted"),
            java.util.List.of()), matched);
    }
}
