package org.gamekeeper.sigma;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;

/**
 * Fuzz target for the matchers on hostile values: SigmaHQ's process-creation and PowerShell rules
 * (from the corpus, where command lines and script blocks are matched)
 * against an event whose fields hold what the input says (any length, any characters). A
 * rule answers true or false; nothing throws, and the fuzzer's time limit per input catches a
 * matcher that slows to a crawl. The command line is also tried repeated past 16 Ki characters,
 * where values are searched through their trigram index.
 */
class MatcherFuzzTest {
    private static List<CompiledRule> rules;

    @FuzzTest(maxDuration = "10m")
    void hostileValues(byte[] data) {
        fuzzerTestOneInput(data);
    }

    private static synchronized List<CompiledRule> rules() {
        if (rules == null) {
            try {
                RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules/windows/process_creation"),
                        Corpus.dir("sigma/rules/windows/powershell")), LoadOptions.defaults());
                rules = set.compile(FieldResolver.IDENTITY).rules();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rules;
    }

    /** Input: the command line, 0xFF, the image, 0xFF, the other fields' value. */
    public static void fuzzerTestOneInput(byte[] data) {
        String[] t = FuzzInput.texts(data, 3);
        String command = t[0];
        String image = t[1];
        String other = t[2];
        TestEvent event = TestEvent.of("CommandLine", command, "ParentCommandLine", other, "Image", image,
                "ParentImage", other, "TargetFilename", image, "ScriptBlockText", command, "EventID", other,
                "Channel", "Microsoft-Windows-Sysmon/Operational", "OriginalFileName", image, "User", other,
                "TargetObject", other, "Details", command, "QueryName", image, "DestinationPort", other);
        for (CompiledRule r : rules()) {
            r.matches(event);
        }
        // The same text repeated past 16 Ki characters: long values are searched through their trigram index.
        if (!command.isEmpty()) {
            String longCommand = command.repeat(16_384 / command.length() + 1);
            TestEvent stretched = TestEvent.of("CommandLine", longCommand, "ScriptBlockText", longCommand, "Image", image,
                    "ParentCommandLine", other, "Channel", "Microsoft-Windows-Sysmon/Operational", "EventID", other);
            for (CompiledRule r : rules()) {
                r.matches(stretched);
            }
        }
    }
}
