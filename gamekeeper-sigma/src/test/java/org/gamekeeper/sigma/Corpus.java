package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared corpus beside the repository; tests that need it fail loudly when it is missing. */
final class Corpus {
    private Corpus() {
    }

    static Path dir(String relative) {
        Path root = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus"));
        Path p = root.resolve(relative);
        if (!Files.isDirectory(p)) {
            fail("corpus folder " + p.toAbsolutePath() + " is missing: set -Dgamekeeper.corpus to the shared corpus (default ../shared/corpus)");
        }
        return p;
    }
}
