package org.gamekeeper.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttackCatalogTest {
    private final AttackCatalog attack = AttackCatalog.enterprise();

    @Test
    void tacticsComeInMatrixOrder() {
        assertEquals(14, attack.tactics().size());
        assertEquals("reconnaissance", attack.tactics().get(0).shortName());
        assertEquals("impact", attack.tactics().get(13).shortName());
        assertEquals("v18.1 (Enterprise)", attack.version());
    }

    @Test
    void subTechniqueTagResolvesToItsFullNameAndTactic() {
        AttackCatalog.TagMeaning m = attack.resolveTag("attack.t1003.003");
        assertEquals("T1003.003", m.technique().id());
        assertEquals("OS Credential Dumping: NTDS", m.technique().name());
        assertEquals(List.of("credential-access"), m.technique().tactics().stream().map(Tactic::shortName).toList());
    }

    @Test
    void tacticTagsResolveInEitherSpelling() {
        assertEquals("TA0006", attack.resolveTag("attack.credential-access").tactic().id());
        assertEquals("TA0006", attack.resolveTag("attack.credential_access").tactic().id());
        assertEquals("TA0005", attack.resolveTag("attack.defense-evasion").tactic().id());
    }

    @Test
    void theTacticsAtt_ck19SplitFromDefenseEvasionAreDefenseEvasionInTheShippedMatrix() {
        assertEquals("TA0005", attack.resolveTag("attack.stealth").tactic().id());
        assertEquals("TA0005", attack.resolveTag("attack.defense-impairment").tactic().id());
        assertEquals(14, attack.tactics().size(), "no column is added to the matrix");
    }

    @Test
    void groupSoftwareAndForeignTagsMeanNothing() {
        assertTrue(attack.resolveTag("attack.g0128").isNone());
        assertTrue(attack.resolveTag("attack.s0002").isNone());
        assertTrue(attack.resolveTag("cve.2021-26855").isNone());
        assertTrue(attack.resolveTag("attack.t9999").isNone());
    }

    @Test
    void revokedTechniqueResolvesToItsReplacement() {
        // T1574.002 (DLL Side-Loading) was revoked by T1574.001 in v18
        assertEquals("T1574.001", attack.technique("T1574.002").orElseThrow().id());
        // T1002 Data Compressed was revoked by T1560 Archive Collected Data
        assertEquals("T1560", attack.technique("t1002").orElseThrow().id());
    }

    @Test
    void apt31IsOneGroupUnderAllItsNames() {
        Group g = attack.group("APT31").orElseThrow();
        assertEquals("G0128", g.id());
        for (String name : List.of("ZIRCONIUM", "Violet Typhoon", "Judgment Panda", "judgment-panda", "BRONZE VINEWOOD", "g0128")) {
            assertEquals(g, attack.group(name).orElseThrow(), name);
        }
        assertFalse(attack.group("Not A Group").isPresent());
    }
}
