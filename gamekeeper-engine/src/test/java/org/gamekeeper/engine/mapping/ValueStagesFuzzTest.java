package org.gamekeeper.engine.mapping;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.gamekeeper.engine.baseline.CommandShape;
import org.gamekeeper.engine.baseline.Observer;

/**
 * Fuzz target for what hunting computes from one hostile value after reading it: the derived
 * fields' normalisers (command line, script block, with encoded commands decoded) and the
 * rarity stage's command shape and image name. Bytes are read as UTF-8 and as UTF-16LE (so
 * that characters beyond Latin-1, whose lower case may be longer, come easily); any text gives
 * a value, never an exception. Found by hand first: İ (U+0130) in a command line made the
 * command shape throw and ended the hunt.
 */
public class ValueStagesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void valueStages(byte[] data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        stages(new String(data, StandardCharsets.UTF_8));
        stages(new String(data, 0, data.length & ~1, StandardCharsets.UTF_16LE));
    }

    private static void stages(String s) {
        if (CommandLineNormalizer.normalize(s) == null || ScriptBlockNormalizer.normalize(s) == null) {
            throw new AssertionError("no normalised form for " + s);
        }
        if (CommandShape.of(s, null) == null || CommandShape.of(s, "cmd.exe") == null) {
            throw new AssertionError("no shape for " + s);
        }
        Observer.imageName(s);
        Observer.hostName(s);
    }
}
