package org.gamekeeper.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.sigma.LoadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aChangedFolderIsLoadedAndSwappedAndABrokenOneKeepsTheRunningSet() throws Exception {
        Files.writeString(dir.resolve("a.yml"), DetectionTopologyTest.WHOAMI);
        List<String> said = new ArrayList<>();
        try (RuleWatcher w = new RuleWatcher(List.of(dir), () -> StreamDetector.load(List.of(dir), LoadOptions.defaults(), List.of()),
                0, said::add)) {
            StreamDetector first = w.get();
            assertEquals(1, first.rules());
            assertFalse(w.check(), "nothing changed");
            assertSame(first, w.get());

            Files.writeString(dir.resolve("b.yml"), DetectionTopologyTest.CLEARED);
            assertTrue(w.check());
            assertEquals(2, w.get().rules());
            StreamDetector second = w.get();

            Files.delete(dir.resolve("a.yml"));
            Files.delete(dir.resolve("b.yml"));
            Files.writeString(dir.resolve("c.yml"), "title: [broken");
            assertFalse(w.check());
            assertSame(second, w.get());
            assertEquals(2, said.size());
            assertTrue(said.get(1).startsWith("rules not reloaded, the running set stays"), said.get(1));
        }
    }
}
