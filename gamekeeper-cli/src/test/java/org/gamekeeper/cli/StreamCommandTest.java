package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StreamCommandTest {

    private static final Pattern KEY = Pattern.compile(
        "\"rule_id\":\"([^\"]*)\".*\"level\":\"([^\"]*)\".*\"event_refs\":\\[\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** rule id, first event reference, level of each alert line, counted. */
    private static Map<String, Integer> keys(String jsonLines) {
        Map<String, Integer> out = new HashMap<>();
        for (String line : jsonLines.lines().toList()) {
            Matcher m = KEY.matcher(line);
            assertTrue(m.find(), line);
            out.merge(m.group(1) + " " + m.group(3) + " " + m.group(2), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void tryPrintsTheAlertsOfHuntOnTheSameFilesAndRules() {
        Path corpus = DumpCommandTest.corpus();
        String rules = corpus.resolve("sigma/rules/windows/builtin").toString();
        String evtx = corpus.resolve("evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx").toString();
        String json = corpus.resolve("json-logs/otrf/defense_evasion/host/cmd_bitsadmin_download_psh_script.zip").toString();
        // the stream has no rarity stage yet (issue 24): compare with the rule and correlation alerts of hunt
        CliRun hunt = CliRun.run("hunt", "--no-progress", "--no-rarity", "--rules", rules, evtx, json);
        assertEquals(0, hunt.exit(), hunt.err());
        CliRun stream = CliRun.run("stream", "try", "--rules", rules, "--instances", "2", "--partitions", "3", evtx, json);
        assertEquals(0, stream.exit(), stream.err());
        Map<String, Integer> expected = keys(hunt.out());
        assertTrue(expected.size() >= 2, hunt.out());
        assertEquals(expected, keys(stream.out()));
        assertTrue(stream.err().contains("through 2 instance(s) on 3 partitions: " + hunt.out().lines().count() + " alerts, 0 dead letters"),
            stream.err());
    }

    @Test
    void runWithoutABrokerIsAUsageErrorAndMissingRulesAnInputError() {
        CliRun r = CliRun.run("stream", "run", "--input", "t", "--alerts", "a", "--rules", ".");
        assertEquals(Main.EXIT_USAGE, r.exit());
        assertTrue(r.err().contains("--bootstrap"), r.err());
        CliRun t = CliRun.run("stream", "try", "--rules", "/no/such/rules", ".");
        assertEquals(Main.EXIT_INPUT, t.exit(), t.err());
        assertTrue(t.err().contains("no such file or folder of rules"), t.err());
    }
}
