package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.Test;

class CorpusLoadTest {

    /**
     * The documents that do not load, each with the reason. Both use {@code expand} with a
     * placeholder that has no standard value; the spec says a tool that cannot fill a
     * placeholder must reject the rule, so they load only with a configuration (see the
     * placeholder test below).
     */
    private static final Map<String, String> EXPECTED_FAILURES = Map.of(
            "sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cdc_chase_request.yml#0",
            "placeholder %known_cdcs% has no values; give them under 'placeholders' in the configuration",
            "sigma/rules-emerging-threats/2026/Exploits/CVE-2026-54121/win_security_adcs_certighost_cert_issued_via_chase.yml#0",
            "placeholder %known_cdcs% has no values; give them under 'placeholders' in the configuration");

    @Test
    void atLeast995PercentOfWindowsThreatHuntingAndEmergingThreatRulesLoadAndEveryFailureIsExplained() throws IOException {
        RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules/windows"), Corpus.dir("sigma/rules-threat-hunting/windows"),
                Corpus.dir("sigma/rules-emerging-threats")), LoadOptions.defaults());
        Map<String, String> failures = new TreeMap<>();
        for (RuleSet.Entry e : set.entries()) {
            if (e.failed()) {
                failures.put(e.file().replace('\\', '/').replaceAll(".*/corpus/", "") + "#" + e.index(), e.problems().get(0).message());
            }
        }
        int total = set.entries().size();
        assertTrue(total > 2900, "expected about 3000 rule documents, found " + total);
        assertEquals(new TreeMap<>(EXPECTED_FAILURES), failures, "rules that failed to load");
        assertTrue(set.failed() * 1000 <= total * 5, "more than 0.5 % failed");
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        assertEquals(set.rules().size(), compiled.rules().size());
        for (CompiledRule r : compiled.rules()) {
            assertTrue(!r.neverMatches(), r.rule().metadata().reference() + " compiled to a matcher that never matches");
        }
    }

    @Test
    void placeholderRulesLoadWhenTheConfigurationGivesTheirValues() throws IOException {
        // a configuration that fills every placeholder the folder uses, found by name
        Map<String, List<String>> values = new TreeMap<>();
        try (var files = java.nio.file.Files.walk(Corpus.dir("sigma/rules-placeholder"))) {
            for (var f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                var m = java.util.regex.Pattern.compile("%([\\w-]+)%").matcher(java.nio.file.Files.readString(f));
                while (m.find()) {
                    values.put(m.group(1), List.of("value-of-" + m.group(1), "*wild-" + m.group(1)));
                }
            }
        }
        assertTrue(values.containsKey("Workstations"), "expected %Workstations% among " + values.keySet());
        RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules-placeholder")), LoadOptions.defaults().withPlaceholders(values));
        assertTrue(set.entries().size() > 5, "expected the placeholder rules, found " + set.entries().size());
        assertEquals(List.of(), set.problems());
    }

    @Test
    void placeholderRulesFailWithoutValuesNamingThePlaceholder() throws IOException {
        RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules-placeholder")), LoadOptions.defaults());
        assertTrue(set.failed() > 0);
        assertTrue(set.problems().stream().allMatch(p -> p.message().startsWith("placeholder %")), set.problems().toString());
    }
}
