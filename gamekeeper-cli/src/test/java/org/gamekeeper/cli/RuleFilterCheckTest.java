package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gamekeeper.sigma.rule.RuleMetadata;
import org.junit.jupiter.api.Test;

class RuleFilterCheckTest {

    private static RuleMetadata rule(String id, String name, String title, String... tags) {
        return new RuleMetadata(title, id, name, List.of(), null, null, null, List.of(), null, null, null, List.of(tags), List.of(), List.of(),
                null, List.of(), null);
    }

    private static final List<RuleMetadata> RULES = List.of(
            rule("d99b79d2-0a6f-4f46-ad8b-260b6e17f982", null, "Security Eventlog Cleared", "attack.defense-evasion", "attack.t1070.001"),
            rule("0e7163d4-9e19-4fa7-9be6-000c61aad77a", "lsass_dump", "LSASS Memory Dump", "attack.credential-access"));

    @Test
    void filtersThatSelectSomethingSayNothing() {
        assertEquals(List.of(), RuleFilterCheck.warnings(RULES, List.of("ATTACK.Credential-Access"), List.of("attack.t1070.001"),
                List.of("lsass_dump", "d99b79d2-0a6f-4f46-ad8b-260b6e17f982")));
    }

    @Test
    void aTacticWithoutItsPrefixATitleAndANearMissEachGetTheirFix() {
        assertEquals(List.of(
                "--include-tag Credential Access matches no rule: tags carry the 'attack.' prefix; use --include-tag attack.credential-access",
                "--exclude-tag attack.defense-evasoin matches no rule — did you mean 'attack.defense-evasion'?",
                "--exclude-rule takes a rule id or name: 'Security Eventlog Cleared' is the title of d99b79d2-0a6f-4f46-ad8b-260b6e17f982; "
                        + "use --exclude-rule d99b79d2-0a6f-4f46-ad8b-260b6e17f982",
                "--exclude-rule lsass_dmp matches no rule — did you mean 'lsass_dump'?"),
                RuleFilterCheck.warnings(RULES, List.of("Credential Access"), List.of("attack.defense-evasoin"),
                        List.of("Security Eventlog Cleared", "lsass_dmp")));
    }
}
