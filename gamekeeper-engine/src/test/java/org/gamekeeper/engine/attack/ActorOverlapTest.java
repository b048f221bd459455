package org.gamekeeper.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorOverlapTest {
    private final AttackCatalog attack = AttackCatalog.enterprise();
    private final ActorOverlap overlap = new ActorOverlap(attack);

    @Test
    void rareTechniquesWeighMoreThanUbiquitousOnes() {
        // PowerShell is documented for far more groups than NTDS theft
        assertTrue(overlap.weight("T1003.003") > overlap.weight("T1059.001"));
    }

    @Test
    void aGroupsOwnTechniqueSetRanksItFirstWithEveryTechniqueShared() {
        Group apt31 = attack.group("APT31").orElseThrow();
        List<ActorOverlap.Match> ranked = overlap.rank(apt31.techniques(), 5, 2);
        assertEquals("G0128", ranked.get(0).group().id());
        assertEquals(1.0, ranked.get(0).score(), 1e-9);
        assertEquals(new ArrayList<>(new java.util.TreeSet<>(apt31.techniques())), ranked.get(0).shared());
    }

    @Test
    void rankingIsOrderedAndTiesAreBrokenByGroupId() {
        List<ActorOverlap.Match> ranked = overlap.rank(List.of("T1059.001", "T1003.001", "T1021.002", "T1560.001"), 20, 1);
        for (int i = 1; i < ranked.size(); i++) {
            ActorOverlap.Match a = ranked.get(i - 1);
            ActorOverlap.Match b = ranked.get(i);
            assertTrue(a.score() > b.score() || (a.score() == b.score() && a.group().id().compareTo(b.group().id()) < 0));
        }
    }

    @Test
    void parentOnlyMatchesCountHalf() {
        // a made-up sub-technique sibling: seen T1003.003, a group documenting only T1003.001 counts half
        Group g = attack.groups().stream().filter(x -> x.techniques().contains("T1003.001") && !x.techniques().contains("T1003.003")
                && !x.techniques().contains("T1003")).findFirst().orElseThrow();
        ActorOverlap.Match m = overlap.rank(List.of("T1003.003"), 500, 1).stream().filter(x -> x.group().equals(g)).findFirst().orElseThrow();
        assertEquals(0.5, m.score(), 1e-9);
    }

    @Test
    void nothingSeenRanksNobody() {
        assertTrue(overlap.rank(List.of("T9999"), 5, 1).isEmpty());
        assertTrue(ActorOverlap.CAVEAT.contains("not attribution"));
    }
}
