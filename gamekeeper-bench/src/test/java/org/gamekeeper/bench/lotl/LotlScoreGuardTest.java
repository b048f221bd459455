package org.gamekeeper.bench.lotl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The floor under the figures {@link LotlScore} prints (issue 20's targets): the built-in pack
 * alerts at medium or above on at least 90 % of the LOLBAS command templates as plain Sysmon 1
 * events and 98 % disguised, and on at least 97 % of the obfuscation set's disguised variants (as
 * Sysmon 1 and as 4688; 97.5 % since the rules on obfuscated raw command lines).
 * Reads the LOLBAS catalogue from the corpus; fails loudly without it.
 */
class LotlScoreGuardTest {

    @TempDir
    Path work;

    @Test
    void thePackKeepsItsLolbasAndObfuscationScores() throws Exception {
        Path corpus = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        assertTrue(Files.isDirectory(corpus.resolve("lolbas/yml")), "the LOLBAS catalogue is missing under " + corpus);
        List<LotlScore.Command> lol = LolbasEvents.commands(corpus.resolve("lolbas/yml"));
        assertTrue(lol.size() > 800, lol.size() + " commands");
        org.gamekeeper.sigma.RuleSet pack = LotlScore.pack();
        assertTrue(pack.loaded() > 60, "pack rules loaded: " + pack.loaded() + " " + pack.problems());
        LotlScore.Detected d = LotlScore.detect(pack, lol, work.resolve("lol"));
        double plain = LotlScore.share(lol, "plain", d.sysmon());
        double disguised = LotlScore.share(lol, "disguised", d.sysmon());
        double plain4688 = LotlScore.share(lol, "plain", d.security());
        assertTrue(plain >= 90.0, "LOLBAS plain " + plain);
        assertTrue(disguised >= 98.0, "LOLBAS disguised " + disguised);
        assertTrue(plain4688 >= 90.0, "LOLBAS plain as 4688 " + plain4688);

        List<LotlScore.Command> obf = LotlScore.obfuscationCommands();
        LotlScore.Detected o = LotlScore.detect(pack, obf, work.resolve("obf"));
        double obfuscated = LotlScore.share(obf, "disguised", o.sysmon());
        double obfuscated4688 = LotlScore.share(obf, "disguised", o.security());
        assertTrue(obfuscated >= 97.0, "obfuscation set, disguised " + obfuscated);
        assertTrue(obfuscated4688 >= 97.0, "obfuscation set, disguised as 4688 " + obfuscated4688);
    }
}
