package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.TestEvents;
import org.junit.jupiter.api.Test;

/**
 * The measurement switch {@code -Dgamekeeper.normalise=false} (what {@code pack-speed-bench.sh}'s
 * "raw" row runs with) makes each derived field its raw source field; without it the field is the
 * de-obfuscated form. The switch is read once per JVM, so the raw side runs in a JVM of its own.
 */
class NormaliseSwitchTest {

    static final String EVENT = "{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Hostname\":\"WS01\","
            + "\"CommandLine\":\"C^md.exe /C \\\"Who\\\"ami\",\"ParentCommandLine\":\"Explorer.EXE\",\"ScriptBlockText\":\"I`E`X 'a'+'b'\"}";

    /** Prints the three derived fields of {@link #EVENT}, one a line, as this JVM computes them. */
    public static void main(String[] args) {
        Event e = TestEvents.one(EVENT);
        for (String name : List.of(DerivedFields.COMMAND_LINE, DerivedFields.PARENT_COMMAND_LINE, DerivedFields.SCRIPT_BLOCK_TEXT)) {
            System.out.println(DerivedFields.compute(name, e));
        }
    }

    @Test
    void withTheSwitchDerivedFieldsAreTheirRawSources() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Dgamekeeper.normalise=false", "-cp", System.getProperty("java.class.path"),
                NormaliseSwitchTest.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        Event e = TestEvents.one(EVENT);
        assertEquals(List.of(e.field("CommandLine"), e.field("ParentCommandLine"), e.field("ScriptBlockText")), out.lines().toList());
    }

    @Test
    void withoutItTheyAreNormalised() {
        Event e = TestEvents.one(EVENT);
        assertEquals(CommandLineNormalizer.normalize(e.field("CommandLine")), DerivedFields.compute(DerivedFields.COMMAND_LINE, e));
        assertEquals("cmd.exe -c whoami", DerivedFields.compute(DerivedFields.COMMAND_LINE, e));
        assertEquals("explorer.exe", DerivedFields.compute(DerivedFields.PARENT_COMMAND_LINE, e));
    }
}
