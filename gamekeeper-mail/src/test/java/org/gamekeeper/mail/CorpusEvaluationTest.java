package org.gamekeeper.mail;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.gamekeeper.mail.analysis.Finding;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.analysis.Verdict;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.source.MailSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation of issue 13 on the shared corpus (phishing/, ham/, hard_ham/), twice: on the
 * messages as they are, and on copies stripped of the receiving service's headers and of the
 * corpus's format giveaways (SOURCES.md), so that only what a sender controls is judged. The
 * confusion matrix per folder is in the assertion messages and in
 * target/mail-evaluation.txt, with every miss and false alarm and its reasons.
 */
class CorpusEvaluationTest {

    /** Headers the issue removes, plus the list and DKIM giveaways SOURCES.md names. */
    static final List<String> STRIPPED_PREFIXES = List.of("authentication-results", "arc-", "received", "return-path",
            "to", "delivered-to", "date", "message-id", "x-ms-", "x-microsoft-", "x-forefront-", "x-eop", "x-incoming",
            "dkim-signature", "list-", "sender", "errors-to", "precedence", "x-beenthere", "x-mailman-", "mailing-list");

    static Path corpus;

    @BeforeAll
    static void locate() {
        String p = System.getProperty("gamekeeper.corpus", "../shared/corpus");
        corpus = Paths.get(p).resolve("email");
        if (!Files.isDirectory(corpus.resolve("phishing")) || !Files.isDirectory(corpus.resolve("ham"))
                || !Files.isDirectory(corpus.resolve("hard_ham"))) {
            fail("the mail corpus is missing: expected phishing/, ham/ and hard_ham/ under " + corpus.toAbsolutePath()
                    + " (set -Dgamekeeper.corpus=…)");
        }
    }

    /**
     * Issue 13's target. Reached with no margin (380 of 400); three of those are flagged only
     * because the collector's redaction left them with the sender "phishing@pot", a domain no one
     * can own (header.invalid_sender_domain) — see the closing note.
     */
    static final double PHISHING_AS_RECEIVED_FLOOR = 0.95;

    @Test
    void flagsPhishingAndSparesLegitimateMail() throws IOException {
        Matrix phishing = run("phishing", false);
        Matrix ham = run("ham", false);
        Matrix hard = run("hard_ham", false);
        String table = report("as received", phishing, ham, hard);
        assertTrue(phishing.flaggedRate() >= PHISHING_AS_RECEIVED_FLOOR, "phishing flagged below 95 %\n" + table);
        assertTrue(ham.flaggedRate() <= 0.02, "ham flagged above 2 %\n" + table);
        assertTrue(hard.flaggedRate() <= 0.05, "hard_ham flagged above 5 %\n" + table);
    }

    @Test
    void stillFlagsPhishingWithoutReceivingHeaders() throws IOException {
        Matrix phishing = run("phishing", true);
        Matrix ham = run("ham", true);
        Matrix hard = run("hard_ham", true);
        String table = report("stripped of receiving-service headers", phishing, ham, hard);
        Matrix legit = ham.plus(hard);
        assertTrue(phishing.flaggedRate() >= 0.90, "stripped phishing flagged below 90 %\n" + table);
        assertTrue(legit.flaggedRate() <= 0.02, "stripped legitimate mail flagged above 2 %\n" + table);
    }

    /** Counts per verdict for one folder, and the reports of the misclassified. */
    static final class Matrix {
        final String folder;
        final int[] counts = new int[3];
        final List<MessageReport> flagged = new ArrayList<>();
        final List<MessageReport> clean = new ArrayList<>();
        final Map<String, Integer> reasonCounts = new TreeMap<>();
        /** Messages per score band of 0.5 (last band: 6 and above). */
        final int[] histogram = new int[13];
        /** Scores of all messages, for the flagged share at other thresholds. */
        final List<Double> scores = new ArrayList<>();
        /** Sets of finding ids with their message counts, to see which combinations carry the scores. */
        final Map<String, Integer> combinations = new TreeMap<>();
        int problems;
        final List<String> problemTexts = new ArrayList<>();

        Matrix(String folder) {
            this.folder = folder;
        }

        int total() {
            return counts[0] + counts[1] + counts[2];
        }

        double flaggedRate() {
            return total() == 0 ? 0 : (counts[1] + counts[2]) / (double) total();
        }

        Matrix plus(Matrix o) {
            Matrix m = new Matrix(folder + "+" + o.folder);
            for (int i = 0; i < 3; i++) {
                m.counts[i] = counts[i] + o.counts[i];
            }
            return m;
        }

        String row() {
            return String.format(Locale.ROOT, "%-10s %6d %7d %11d %10d   flagged %5.1f %%", folder, total(), counts[0],
                    counts[1], counts[2], 100 * flaggedRate());
        }
    }

    static Matrix run(String folder, boolean strip) throws IOException {
        Matrix m = new Matrix(folder);
        MailAnalyser analyser = new MailAnalyser(ConfigLoader.defaults());
        MailSource source = new MailSource(Limits.DEFAULT, msg -> {
            MessageReport r = analyser.analyse(msg);
            m.counts[r.verdict().ordinal()]++;
            m.histogram[Math.min(12, (int) (r.score() * 2))]++;
            m.scores.add(r.score());
            StringBuilder combo = new StringBuilder();
            r.reasons().stream().map(Finding::id).sorted().forEach(id -> combo.append(id).append(' '));
            m.combinations.merge(combo.toString().strip(), 1, Integer::sum);
            (r.verdict() == Verdict.CLEAN ? m.clean : m.flagged).add(r);
            for (Finding f : r.reasons()) {
                m.reasonCounts.merge(f.id(), 1, Integer::sum);
            }
        }, p -> {
            m.problems++;
            if (m.problemTexts.size() < 10) {
                m.problemTexts.add(p.toString());
            }
        });
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus.resolve(folder))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            if (strip) {
                byte[] bytes = strip(Files.readAllBytes(f));
                source.read(new ByteArrayInputStream(bytes), f.toString(), true);
            } else {
                source.read(f);
            }
        }
        return m;
    }

    /** CRLF to LF, no mbox line, and none of the stripped header fields in the top header block. */
    static byte[] strip(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
        if (s.startsWith("From ")) {
            int nl = s.indexOf('\n');
            s = nl < 0 ? "" : s.substring(nl + 1);
        }
        int end = s.indexOf("\n\n");
        String head = end < 0 ? s : s.substring(0, end + 1);
        String body = end < 0 ? "" : s.substring(end + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        StringBuilder kept = new StringBuilder();
        boolean dropping = false;
        for (String line : head.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (!dropping) {
                    kept.append(line).append('\n');
                }
                continue;
            }
            int colon = line.indexOf(':');
            String name = (colon < 0 ? line : line.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
            dropping = false;
            for (String p : STRIPPED_PREFIXES) {
                if (p.endsWith("-") || p.equals("received") || p.equals("x-eop") || p.equals("x-incoming")
                        ? name.startsWith(p) : name.equals(p)) {
                    dropping = true;
                    break;
                }
            }
            if (!dropping) {
                kept.append(line).append('\n');
            }
        }
        out.writeBytes(kept.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    static String report(String title, Matrix... ms) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("Mail evaluation, ").append(title).append('\n');
        sb.append("folder     total   clean  suspicious  malicious\n");
        for (Matrix m : ms) {
            sb.append(m.row()).append('\n');
        }
        sb.append("issue 13 targets: as received ≥95 % phishing, ≤2 % ham, ≤5 % hard_ham; stripped ≥90 % phishing, ≤2 % legitimate\n");
        String table = sb.toString();
        StringBuilder detail = new StringBuilder(table);
        for (Matrix m : ms) {
            detail.append("\n== ").append(m.folder).append(": messages per score band of 0.5 from 0: ")
                    .append(java.util.Arrays.toString(m.histogram));
            detail.append("\n== ").append(m.folder).append(": flagged at threshold");
            for (double t = 2.0; t <= 4.01; t += 0.25) {
                final double th = t;
                long n = m.scores.stream().filter(x -> x >= th).count();
                detail.append(String.format(Locale.ROOT, "  %.2f→%.1f%%", t, 100.0 * n / Math.max(1, m.total())));
            }
            detail.append("\n== ").append(m.folder).append(": finding counts ").append(m.reasonCounts)
                    .append(", parse problems ").append(m.problems).append(' ').append(m.problemTexts).append('\n');
            boolean legit = !m.folder.equals("phishing");
            m.combinations.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                    .forEach(e -> detail.append("  combination ").append(e.getValue()).append(" × ").append(e.getKey()).append('\n'));
            for (MessageReport r : legit ? m.flagged : m.clean) {
                detail.append(legit ? "FALSE ALARM " : "MISSED ").append(Paths.get(r.file()).getFileName())
                        .append(" score ").append(r.score()).append(" from ").append(r.sender()).append(" | ")
                        .append(r.subject()).append('\n');
                for (Finding f : r.reasons()) {
                    detail.append("    ").append(f.id()).append(' ').append(f.weight()).append(": ").append(f.evidence()).append('\n');
                }
            }
        }
        Path out = Paths.get("target", "mail-evaluation-" + (title.startsWith("as") ? "received" : "stripped") + ".txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, detail.toString(), StandardCharsets.UTF_8);
        return table;
    }
}
