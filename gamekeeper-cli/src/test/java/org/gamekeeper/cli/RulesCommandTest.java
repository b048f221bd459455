package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) { }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path rules() throws IOException {
        Files.writeString(dir.resolve("good.yml"), "title: Good rule\nid: g1\nstatus: test\nlevel: high\nlogsource:\n    product: windows\n"
                + "detection:\n    sel:\n        F: 1\n    condition: sel\n");
        Files.writeString(dir.resolve("old.yml"), "title: Old rule\nid: o1\nstatus: deprecated\nlogsource:\n    product: windows\n"
                + "detection:\n    sel:\n        F: 1\n    condition: sel\n");
        Files.writeString(dir.resolve("bad.yml"), "title: Bad rule\nlogsource:\n    product: windows\n"
                + "detection:\n    sel:\n        F|contians: 1\n    condition: sel\n");
        return dir;
    }

    @Test
    void checkPrintsExactlyTheInterfaceObjectAsJson() throws IOException {
        Run r = run("rules", "check", rules().toString(), "--format", "json");
        assertEquals(0, r.code());
        String file = dir.resolve("bad.yml").toString();
        assertEquals("{\"loaded\":1,\"failed\":1,\"skipped\":1,\"errors\":[{\"file\":" + JsonText.quote(file)
                + ",\"line\":6,\"message\":\"unknown modifier 'contians' — did you mean 'contains'?\"}],"
                + "\"skipped_reasons\":{\"status deprecated\":1}}", r.out().trim());
        assertTrue(r.err().contains("1 loaded, 1 failed, 1 skipped"), r.err());
    }

    @Test
    void checkTextPrintsFileLineAndReason() throws IOException {
        Run r = run("rules", "check", rules().toString());
        assertTrue(r.out().startsWith(dir.resolve("bad.yml") + ":6:9: unknown modifier 'contians'"), r.out());
    }

    @Test
    void checkExitsThreeWhenNoRuleLoadsEvenWithoutStrict() throws IOException {
        rules();
        Files.delete(dir.resolve("good.yml"));
        Run r = run("rules", "check", dir.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("no rule loaded"), r.err());
        assertTrue(r.out().contains("unknown modifier 'contians'"), "the failures are still reported: " + r.out());
    }

    @Test
    void strictMakesAFailureExitWithCode3() throws IOException {
        assertEquals(3, run("rules", "check", "--strict", rules().toString()).code());
        Files.delete(dir.resolve("bad.yml"));
        assertEquals(0, run("rules", "check", "--strict", dir.toString()).code());
    }

    @Test
    void statusChoosesWhichRulesAreUsedAndABadStatusIsAUsageError() throws IOException {
        Run r = run("rules", "check", rules().toString(), "--status", "deprecated", "--format", "json");
        assertTrue(r.out().startsWith("{\"loaded\":1,\"failed\":1,\"skipped\":1,"), r.out());
        assertTrue(r.out().contains("\"skipped_reasons\":{\"status test\":1}"), r.out());
        assertEquals(2, run("rules", "check", dir.toString(), "--status", "stabel").code());
    }

    @Test
    void aMissingPathIsAnInputError() {
        Run r = run("rules", "check", dir.resolve("nope").toString());
        assertEquals(3, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void configSuppliesPlaceholdersAndUnknownKeysAreErrors() throws IOException {
        Files.writeString(dir.resolve("p.yml"), "title: P\nlogsource:\n    product: windows\ndetection:\n    sel:\n"
                + "        Computer|expand: '%Servers%'\n    condition: sel\n");
        assertEquals(3, run("rules", "check", "--strict", dir.resolve("p.yml").toString()).code());
        Path cfg = dir.resolve("gamekeeper.yml");
        Files.writeString(cfg, "placeholders:\n    Servers:\n        - SRV1\n        - SRV2\n");
        assertEquals(0, run("rules", "check", "--strict", "--config", cfg.toString(), dir.resolve("p.yml").toString()).code());
        Files.writeString(cfg, "placeholder:\n    Servers: SRV1\n");
        Run bad = run("rules", "check", "--config", cfg.toString(), dir.resolve("p.yml").toString());
        assertEquals(3, bad.code());
        assertTrue(bad.err().contains("unknown configuration key 'placeholder'") && bad.err().contains("placeholders"), bad.err());
    }

    @Test
    void listPrintsIdLevelStatusAndTitle() throws IOException {
        Run r = run("rules", "list", rules().toString());
        assertEquals("g1\thigh\ttest\tGood rule", r.out().trim());
        Run json = run("rules", "list", dir.toString(), "--format", "json");
        assertTrue(json.out().trim().startsWith("{\"id\":\"g1\",\"level\":\"high\",\"status\":\"test\",\"title\":\"Good rule\""), json.out());
    }

    @Test
    void checkOnTheSigmaHqWindowsRulesReportsTheCorpusFigures() {
        Path sigma = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).resolve("sigma");
        if (!Files.isDirectory(sigma)) {
            org.junit.jupiter.api.Assertions.fail("corpus missing at " + sigma.toAbsolutePath() + " (set -Dgamekeeper.corpus)");
        }
        Run r = run("rules", "check", "--format", "json", sigma.resolve("rules/windows").toString(),
                sigma.resolve("rules-threat-hunting/windows").toString(), sigma.resolve("rules-emerging-threats").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("{\"loaded\":3006,\"failed\":2,\"skipped\":0,\"errors\":[{"), r.out());
        assertEquals(2, r.out().split("placeholder %known_cdcs% has no values", -1).length - 1, r.out());
    }

    @Test
    void everyRulesCommandHasHelpWithAnExample() {
        for (String sub : new String[] {"check", "list"}) {
            Run r = run("rules", sub, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Example"), r.out());
        }
    }
}
