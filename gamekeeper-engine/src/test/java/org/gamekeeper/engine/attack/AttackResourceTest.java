package org.gamekeeper.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AttackResourceTest {

    static Path attackCorpus() {
        Path p = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize().resolve("attack");
        if (!Files.isRegularFile(p.resolve("enterprise-attack.min.json"))) {
            fail("the shared corpus's ATT&CK bundle is missing at " + p + " (set -Dgamekeeper.corpus=...)");
        }
        return p;
    }

    @Test
    void committedResourceIsWhatTheGeneratorBuildsFromTheCorpus() throws IOException {
        String expected = AttackResourceGenerator.generate(attackCorpus());
        String committed;
        try (InputStream in = AttackCatalog.class.getResourceAsStream("enterprise-attack.tsv")) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, committed, "enterprise-attack.tsv is stale: rerun AttackResourceGenerator (see its javadoc)");
    }

    @Test
    void licenceShippedBesideTheResourceIsMitres() throws IOException {
        try (InputStream in = AttackCatalog.class.getResourceAsStream("LICENSE-ATTACK.txt")) {
            assertEquals(Files.readString(attackCorpus().resolve("LICENSE-ATTACK.txt")), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
