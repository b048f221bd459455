package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MailCommandTest {

    static final String PHISH = """
            From: "PayPal Service" <service@paypa1-secure.top>
            To: victim@example.org
            Subject: Your account has been limited
            Date: Tue, 12 Jan 2021 09:14:02 +0000
            Message-ID: <1@paypa1-secure.top>
            Content-Type: text/html; charset=utf-8

            <html><body><p>Dear customer, verify your account within 24 hours or it will be suspended.</p>
            <a href="http://192.0.2.10/webscr/login">https://www.paypal.com/signin</a></body></html>
            """;

    static final String PLAIN = """
            From: Ann Smith <ann.smith@example.org>
            To: bob@example.org
            Subject: lunch
            Date: Tue, 12 Jan 2021 09:14:02 +0000

            Lunch at noon?
            """;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void writesOneJsonObjectPerMessageAndAlerts(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.eml"), PHISH);
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Path alerts = dir.resolve("alerts.jsonl");
        Run r = run("mail", dir.toString(), "--alerts", alerts.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).contains("\"verdict\":\"malicious\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"id\":\"link.ip_host\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"verdict\":\"clean\""), lines.get(1));
        List<String> a = Files.readAllLines(alerts);
        assertEquals(1, a.size());
        assertTrue(a.get(0).contains("\"kind\":\"mail\"") && a.get(0).contains("T1566.002"), a.get(0));
        assertTrue(r.err().contains("2 messages in 2 files: 1 clean, 0 suspicious, 1 malicious"), r.err());
        // analysed on several threads, written in the order read
        for (int i = 0; i < 12; i++) {
            Files.writeString(dir.resolve("m" + i + ".eml"), i % 3 == 0 ? PHISH : PLAIN.replace("lunch", "lunch " + i));
        }
        Run one = run("mail", dir.toString(), "-t", "1");
        Run three = run("mail", dir.toString(), "--threads", "3");
        assertEquals(0, three.code(), three.err());
        assertEquals(14, one.out().lines().count(), one.out());
        assertEquals(one.out(), three.out());
    }

    @Test
    void filtersByVerdictAndFailsOnRequest(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.eml"), PHISH);
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Run r = run("mail", dir.toString(), "--min-verdict", "suspicious", "--format", "csv", "--fail-on", "malicious");
        assertEquals(Main.EXIT_FAIL_ON, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), "header and one message: " + r.out());
        assertTrue(lines.get(0).startsWith("file,place,verdict,score"));
    }

    @Test
    void theSharedVocabularyMinLevelAndOutputAndTheOldSpellingStillWorks(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.eml"), PHISH);
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Path out = dir.resolve("verdicts.csv");
        Run r = run("mail", dir.toString(), "--min-level", "high", "--format", "csv", "-o", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out(), "the verdicts go to the file");
        assertEquals("", r.err(), "--quiet: no summary");
        List<String> lines = Files.readAllLines(out);
        assertEquals(2, lines.size(), "header and the malicious message (high): " + lines);
        assertTrue(lines.get(1).contains("malicious"), lines.get(1));
        // a verdict works as a level, and the old spelling still does, with a deprecation note
        Run old = run("mail", dir.toString(), "--min-verdict", "malicious");
        assertEquals(0, old.code(), old.err());
        assertEquals(1, old.out().lines().count(), old.out());
        assertTrue(old.err().contains("--min-verdict is deprecated"), old.err());
        assertEquals(Main.EXIT_USAGE, run("mail", dir.toString(), "--min-verdict", "malicious", "--min-level", "high").code());
        assertEquals(Main.EXIT_USAGE, run("mail", dir.toString(), "--min-level", "severe").code());
        assertEquals(Main.EXIT_USAGE, CliRun.run("mail", dir.toString(), "-o", dir.resolve("nodir/x.jsonl").toString()).exit());
    }

    @Test
    void iocSweepsFindSendersLinksAndAttachmentHashesInMailAndInAHunt(@TempDir Path dir) throws Exception {
        String attachment = "MZ fake payload";
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(attachment.getBytes(StandardCharsets.US_ASCII)));
        Files.writeString(dir.resolve("a.eml"), PHISH);
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Files.writeString(dir.resolve("c.eml"), """
                From: Clerk <clerk@example.org>
                To: bob@example.org
                Subject: minutes
                Date: Wed, 13 Jan 2021 10:00:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b1"

                --b1
                Content-Type: text/plain

                See attached.
                --b1
                Content-Type: application/octet-stream; name="minutes.exe"
                Content-Disposition: attachment; filename="minutes.exe"
                Content-Transfer-Encoding: base64

                """ + java.util.Base64.getEncoder().encodeToString(attachment.getBytes(StandardCharsets.US_ASCII)) + "\n--b1--\n");
        Path iocs = dir.resolve("iocs.csv");
        // a parent domain of the sender's, the link's address defanged, the attachment's hash
        Files.writeString(iocs, "type,value,description\ndomain,paypa1-secure[.]top,lure domain\nip,192.0.2[.]10,phishing host\n"
                + "sha256," + sha256 + ",dropper\n");
        Path alerts = dir.resolve("alerts.jsonl");
        Run r = run("mail", dir.resolve("a.eml").toString(), dir.resolve("b.eml").toString(), dir.resolve("c.eml").toString(),
                "--ioc", iocs.toString(), "--alerts", alerts.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).contains("\"ioc\":[{\"indicator\":\"paypa1-secure[.]top\"") && lines.get(0).contains("\"field\":\"From\"")
                && lines.get(0).contains("\"indicator\":\"192.0.2[.]10\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"ioc\":[]"), "the plain message names no indicator: " + lines.get(1));
        assertTrue(lines.get(2).contains("\"field\":\"attachment_sha256\"") && lines.get(2).contains("\"verdict\":"), lines.get(2));
        assertTrue(r.err().contains("3 indicator hit(s)"), r.err());
        long iocAlerts = Files.readAllLines(alerts).stream().filter(l -> l.contains("\"kind\":\"ioc\"")).count();
        assertEquals(3, iocAlerts, Files.readString(alerts));
        // the same sweep when mail is hunted beside logs
        CliRun hunt = CliRun.run("hunt", "--no-progress", "--no-rarity", "--ioc", iocs.toString(), dir.resolve("c.eml").toString());
        assertEquals(0, hunt.exit(), hunt.err());
        assertTrue(hunt.out().contains("\"kind\":\"ioc\"") && hunt.out().contains(sha256), hunt.out());
    }

    @Test
    void inputAndUsageErrorsHaveTheirExitCodes(@TempDir Path dir) throws IOException {
        assertEquals(Main.EXIT_INPUT, run("mail", dir.resolve("missing.eml").toString()).code());
        assertEquals(Main.EXIT_USAGE, run("mail", dir.toString(), "--min-verdict", "bad").code());
        Path cfg = dir.resolve("g.yml");
        Files.writeString(cfg, "mail:\n  trusted_domain: [x.org]\n");
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Run r = run("mail", dir.resolve("b.eml").toString(), "--config", cfg.toString());
        assertEquals(Main.EXIT_USAGE, r.code());
        assertTrue(r.err().contains("mail.trusted_domain"), r.err());
    }

    @Test
    void tableFormatHasAHeaderAndOneRowPerMessage(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.eml"), PLAIN);
        Run r = run("mail", dir.resolve("b.eml").toString(), "--format", "table");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().startsWith("VERDICT"));
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("FILE"), r.out());
        assertTrue(r.out().contains("b.eml"), "the file column names the message's file: " + r.out());
        int width = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100").matches("[0-9]{1,4}")
                ? System.getenv().getOrDefault("COLUMNS", "100") : "100");
        assertTrue(r.out().lines().allMatch(l -> l.length() <= Math.max(60, Math.max(40, width))), "fits the terminal: " + r.out());
    }
}
