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
}
