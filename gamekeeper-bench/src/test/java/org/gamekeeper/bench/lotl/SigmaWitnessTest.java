package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SigmaWitness} makes events that satisfy a rule, checked by the rule itself through the engine. */
class SigmaWitnessTest {

    @TempDir
    Path dir;

    @Test
    void regexExamplesAreTextsTheExpressionFinds() {
        for (String re : List.of("^a\\d{2}(?:x|y)+$", "(?i)\\\\temp\\\\[^\\\\]+\\.exe$", "-(?:enc|e)\\s+[A-Za-z0-9+/]{8,}",
                "[^a-z0-9]pass(word)?[:=]", "\\x41\\s*B{3}", "(?P<n>ab)c?d")) {
            String text = RegexExample.of(re);
            assertNotNull(text, re);
            assertTrue(Pattern.compile(re.replace("(?P<", "(?<")).matcher(text).find(), re + " should find " + text);
        }
        assertNull(RegexExample.of("(a)\\1"), "a back-reference is beyond the generator");
        assertNull(RegexExample.of("a(?=b)"), "so is a look-ahead");
        assertNull(RegexExample.of("a(b"), "an unclosed group is no expression");
    }

    private static final String SIGMA = """
            title: Reg save of the SAM hive
            id: 11111111-1111-4111-8111-111111111111
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
              reg:
                Image|endswith: '\\reg.exe'
              save:
                CommandLine|contains|all: ['save', 'hklm\\sam']
              admin:
                User|contains: 'backupadmin'
              condition: reg and save and not admin
            ---
            title: Anything from a mock folder
            id: 22222222-2222-4222-8222-222222222222
            level: medium
            logsource: {product: windows, category: process_creation}
            detection:
              mock:
                Image|re: '^C:\\\\Windows \\\\'
              condition: mock
            ---
            title: A rule no event can satisfy
            id: 33333333-3333-4333-8333-333333333333
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
              a:
                Image|endswith: '\\x.exe'
              condition: a and not a
            ---
            title: Low, never attempted
            id: 44444444-4444-4444-8444-444444444444
            level: low
            logsource: {product: windows, category: process_creation}
            detection:
              a:
                Image|endswith: '\\y.exe'
              condition: a
            """;

    private static final String PACK = """
            title: Pack rule for hive saves
            id: 55555555-5555-4555-8555-555555555555
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
              save:
                CommandLine|contains: 'hklm\\sam'
              condition: save
            """;

    @Test
    void eachRuleGetsWitnessesItsOwnRuleAcceptsAndThePackIsScoredOnThem() throws Exception {
        RuleSet sigma = RuleSet.read(Map.of("sigma.yml", SIGMA), LoadOptions.defaults());
        RuleSet pack = RuleSet.read(Map.of("pack.yml", PACK), LoadOptions.defaults());
        List<SigmaWitness.Outcome> outcomes = SigmaWitness.score(sigma, pack, dir);
        Map<String, SigmaWitness.Outcome> byTitle = new java.util.HashMap<>();
        outcomes.forEach(o -> byTitle.put(o.rule().metadata().title(), o));
        assertEquals(3, outcomes.size(), "the low rule is not attempted: " + byTitle.keySet());

        SigmaWitness.Outcome reg = byTitle.get("Reg save of the SAM hive");
        assertEquals(1, reg.made(), "one choice everywhere: the variants give the same event");
        assertEquals(1, reg.valid());
        assertEquals(1, reg.flagged(), "the pack's rule sees the hive path");

        SigmaWitness.Outcome mock = byTitle.get("Anything from a mock folder");
        assertEquals(1, mock.valid(), "a regular expression's example satisfies it");
        assertEquals(0, mock.flagged());
        assertNotNull(mock.example());
        assertTrue(mock.example().get("Image").startsWith("C:\\Windows \\"), mock.example().toString());

        SigmaWitness.Outcome never = byTitle.get("A rule no event can satisfy");
        assertTrue(never.made() > 0);
        assertEquals(0, never.valid(), "its own rule rejects every witness, so none is scored");
    }
}
