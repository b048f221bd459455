package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.Test;

/** Sigma filters: separate documents whose condition is added to the rules they name. */
class FilterTest {

    private static final String RULE = """
            title: Data compressed with rar
            id: 6f3e2987-db24-4c78-a860-b4f4095a7095
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\\rar.exe'
                condition: selection
            """;

    private static List<CompiledRule> compile(String... docs) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < docs.length; i++) {
            files.put("f" + i + ".yml", docs[i]);
        }
        RuleSet set = RuleSet.read(files, LoadOptions.defaults());
        assertEquals(List.of(), set.problems());
        return set.compile(FieldResolver.IDENTITY).rules();
    }

    private static String filter(String rules, String product) {
        return "title: Filter administrator accounts\nlogsource:\n    category: process_creation\n    product: " + product + "\n"
                + "filter:\n    rules:" + rules + "\n    selection:\n        User|startswith: 'adm_'\n    condition: not selection\n";
    }

    @Test
    void aFilterSuppressesMatchesOfTheRuleItNames() {
        CompiledRule r = compile(RULE, filter("\n        - 6f3e2987-db24-4c78-a860-b4f4095a7095", "windows")).get(0);
        assertTrue(r.matches(TestEvent.of("Image", "c:\\rar.exe", "User", "alice")));
        assertFalse(r.matches(TestEvent.of("Image", "c:\\rar.exe", "User", "adm_alice")));
    }

    @Test
    void aFilterLeavesRulesItDoesNotNameAlone() {
        CompiledRule r = compile(RULE, filter("\n        - 00000000-0000-0000-0000-000000000000", "windows")).get(0);
        assertTrue(r.matches(TestEvent.of("Image", "c:\\rar.exe", "User", "adm_alice")));
    }

    @Test
    void aFilterAppliesOnlyWhenItsLogSourceCoversTheRules() {
        CompiledRule r = compile(RULE, filter("\n        - 6f3e2987-db24-4c78-a860-b4f4095a7095", "linux")).get(0);
        assertTrue(r.matches(TestEvent.of("Image", "c:\\rar.exe", "User", "adm_alice")));
    }

    @Test
    void aFilterForAnyRuleAppliesToEveryRuleOfItsLogSource() {
        CompiledRule r = compile(RULE, filter(" any", "windows")).get(0);
        assertFalse(r.matches(TestEvent.of("Image", "c:\\rar.exe", "User", "adm_alice")));
    }

    @Test
    void aFilterWithoutRulesIsALoadError() {
        RuleSet set = RuleSet.read(Map.of("f.yml", "title: x\nlogsource:\n    product: windows\nfilter:\n    selection:\n        A: 1\n    condition: selection\n"),
                LoadOptions.defaults());
        assertEquals(1, set.failed());
        assertTrue(set.problems().get(0).message().contains("rules"));
    }
}
