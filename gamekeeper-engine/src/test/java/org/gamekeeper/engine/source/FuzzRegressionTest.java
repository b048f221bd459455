package org.gamekeeper.engine.source;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every committed fuzz regression input (`src/test/resources/fuzz/<Target>/`: findings,
 * minimised, and hand-made inputs) through its target, as the fuzzer would call it.
 */
class FuzzRegressionTest {
    private static final Map<String, Consumer<byte[]>> TARGETS = Map.of(
            "JsonEventFuzzTest", JsonEventFuzzTest::fuzzerTestOneInput,
            "ValueStagesFuzzTest", org.gamekeeper.engine.mapping.ValueStagesFuzzTest::fuzzerTestOneInput
    );

    static Stream<Arguments> inputs() throws IOException, URISyntaxException {
        List<Arguments> out = new ArrayList<>();
        for (String target : new java.util.TreeSet<>(TARGETS.keySet())) {
            java.net.URL url = FuzzRegressionTest.class.getResource("/fuzz/" + target);
            assertNotNull(url, "no regression inputs for " + target + " (src/test/resources/fuzz/" + target + "/)");
            try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
                assertFalse(sorted.isEmpty(), "no regression inputs for " + target);
                for (Path p : sorted) {
                    out.add(Arguments.of(target, p.getFileName().toString(), p));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("inputs")
    void replays(String target, String name, Path input) throws IOException {
        TARGETS.get(target).accept(Files.readAllBytes(input));
    }
}
