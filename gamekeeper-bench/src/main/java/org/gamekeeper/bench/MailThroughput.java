package org.gamekeeper.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.source.MailSource;

/**
 * End-to-end mail throughput on one thread: parse and analyse every message of the mail corpus
 * (held in memory, so disk speed does not count), several rounds after a warm-up. Prints
 * messages/s and MB/s; asserts nothing.
 *
 * <pre>
 * ./mvnw -q -B -ntp -pl gamekeeper-bench -am package -DskipTests
 * java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.MailThroughput ../shared/corpus/email
 * </pre>
 */
public final class MailThroughput {

    private MailThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : "../shared/corpus/email");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<byte[]> messages = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                byte[] b = Files.readAllBytes(p);
                messages.add(b);
                bytes += b.length;
            }
        }
        if (messages.isEmpty()) {
            System.err.println("no .eml files under " + root.toAbsolutePath());
            return;
        }
        MailAnalyser analyser = new MailAnalyser(ConfigLoader.defaults());
        long[] count = new long[1];
        double[] sink = new double[1];
        MailSource source = new MailSource(Limits.DEFAULT, m -> {
            sink[0] += analyser.analyse(m).score();
            count[0]++;
        }, p -> { });
        System.out.printf(Locale.ROOT, "mail corpus: %d messages, %.1f MB, %d rounds after 2 warm-up rounds%n",
                messages.size(), bytes / 1e6, rounds);
        for (int round = -2; round < rounds; round++) {
            count[0] = 0;
            long t0 = System.nanoTime();
            for (byte[] m : messages) {
                source.read(new ByteArrayInputStream(m), "bench.eml", true);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (round >= 0) {
                System.out.printf(Locale.ROOT, "round %d: %.0f messages/s, %.1f MB/s%n", round + 1, count[0] / s,
                        bytes / 1e6 / s);
            }
        }
        System.out.printf(Locale.ROOT, "(checksum %.1f)%n", sink[0]);
    }
}
