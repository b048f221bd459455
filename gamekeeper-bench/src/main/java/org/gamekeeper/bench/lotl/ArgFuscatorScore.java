package org.gamekeeper.bench.lotl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gamekeeper.bench.lotl.ArgFuscatorVariants.Profile;

/**
 * Command-line disguises the pack has never seen: ArgFuscator's Windows models (see
 * {@link ArgFuscatorVariants}), each model's example command plain and in {@code VARIANTS}
 * disguises, hunted as Sysmon 1 and as Security 4688 events with the built-in pack and with
 * SigmaHQ's Windows rules. Printed: the shares with an alert at medium or above, and the figure
 * that says what a disguise costs, the share of disguised variants still caught among the
 * models whose plain command the rule set catches.
 *
 * <pre>java -cp gamekeeper-bench.jar org.gamekeeper.bench.lotl.ArgFuscatorScore ARGFUSCATOR_DIR [CORPUS] [--misses FILE]</pre>
 */
public final class ArgFuscatorScore {

    /** Disguises per model profile. */
    static final int VARIANTS = 20;

    /** The seed of the committed figures. */
    static final long SEED = 2024;

    private ArgFuscatorScore() {
    }

    public static void main(String[] args) throws Exception {
        AtomicScore.Args a = AtomicScore.Args.of(args, "ArgFuscatorScore ARGFUSCATOR_DIR [CORPUS] [--misses FILE]");
        List<Profile> profiles = ArgFuscatorVariants.read(a.dir());
        boolean cmdVariables = java.util.Arrays.asList(args).contains("--cmd-variables");
        List<LotlScore.Command> commands = new ArrayList<>();
        for (Profile p : profiles) {
            String image = LotlScore.imageOf(p.plain());
            commands.add(new LotlScore.Command(p.key() + "#0", "plain", image, p.plain()));
            List<String> vs = cmdVariables ? cmdVariableVariants(p.plain(), VARIANTS, SEED + p.key().hashCode())
                    : ArgFuscatorVariants.variants(p, VARIANTS, SEED);
            String variantImage = cmdVariables ? "C:\\Windows\\System32\\cmd.exe" : image;
            for (int i = 0; i < vs.size(); i++) {
                commands.add(new LotlScore.Command(p.key() + "#" + (i + 1), "disguised", variantImage, vs.get(i)));
            }
        }
        Path work = Files.createTempDirectory("argfuscator-score");
        LotlScore.Detected pack = LotlScore.detect(LotlScore.pack(), commands, work.resolve("pack"));
        LotlScore.Detected sigma = LotlScore.detect(LotlScore.sigmaHq(a.corpus()), commands, work.resolve("sigma"));
        System.out.println("ArgFuscator models under " + a.dir() + ": " + profiles.size() + " Windows profiles, each plain and in "
                + VARIANTS + (cmdVariables ? " cmd-variable disguises (set and call, Invoke-DOSfuscation's concatenation and substitution)"
                        : " disguises") + " (seed " + SEED + "); share with an alert at medium or above");
        LotlScore.printTable(commands, pack, sigma);
        System.out.println();
        System.out.println("Disguised variants still caught, among the profiles whose plain command the set catches (Sysmon 1 / 4688):");
        System.out.println("| rule set | profiles caught plain | their disguises caught |");
        System.out.println("|---|---:|---:|");
        for (int set = 0; set < 2; set++) {
            LotlScore.Detected d = set == 0 ? pack : sigma;
            StringBuilder row = new StringBuilder("| " + (set == 0 ? "built-in pack" : "SigmaHQ windows") + " | ");
            StringBuilder kept = new StringBuilder();
            for (int kind = 0; kind < 2; kind++) {
                Set<String> found = kind == 0 ? d.sysmon() : d.security();
                int caughtPlain = 0;
                int variants = 0;
                int caught = 0;
                for (Profile p : profiles) {
                    if (!found.contains("plain:" + p.key() + "#0")) {
                        continue;
                    }
                    caughtPlain++;
                    for (int i = 1; i <= VARIANTS; i++) {
                        variants++;
                        caught += found.contains("disguised:" + p.key() + "#" + i) ? 1 : 0;
                    }
                }
                row.append(kind == 0 ? "" : " / ").append(caughtPlain);
                kept.append(kind == 0 ? "" : " / ").append(pct(variants == 0 ? 0 : 100.0 * caught / variants));
            }
            System.out.println(row + " | " + kept + " |");
        }
        List<String> lines = new ArrayList<>();
        System.out.println();
        System.out.println("| profile | plain: pack / SigmaHQ | disguises caught by the pack | by SigmaHQ | plain command |");
        System.out.println("|---|---|---:|---:|---|");
        for (Profile p : profiles) {
            boolean pp = pack.sysmon().contains("plain:" + p.key() + "#0");
            boolean sp = sigma.sysmon().contains("plain:" + p.key() + "#0");
            int pc = 0;
            int sc = 0;
            for (int i = 1; i <= VARIANTS; i++) {
                String k = "disguised:" + p.key() + "#" + i;
                pc += pack.sysmon().contains(k) ? 1 : 0;
                sc += sigma.sysmon().contains(k) ? 1 : 0;
            }
            System.out.println("| " + p.key() + " | " + (pp ? "yes" : "no") + " / " + (sp ? "yes" : "no") + " | " + pc + " | " + sc
                    + " | `" + p.plain().replace("|", "\\|") + "` |");
        }
        for (LotlScore.Command c : commands) {
            String k = c.group() + ":" + c.key();
            if (!pack.sysmon().contains(k)) {
                String profile = c.key().substring(0, c.key().indexOf('#'));
                boolean plainCaught = pack.sysmon().contains("plain:" + profile + "#0");
                lines.add(c.key() + "\t" + (plainCaught ? "plain-caught" : "plain-missed") + "\t" + (sigma.sysmon().contains(k) ? "sigmahq" : "-")
                        + "\t" + c.commandLine());
            }
        }
        if (a.misses() != null) {
            Files.write(a.misses(), lines, StandardCharsets.UTF_8);
            System.out.println("\n" + lines.size() + " commands the pack misses as Sysmon 1 written to " + a.misses()
                    + " (key, whether the plain command is caught, SigmaHQ, command line)");
        }
    }

    /**
     * {@code n} disguises of a command in the manner of Invoke-DOSfuscation's concatenation and
     * substitution encodings: the command cut into two to four pieces, each set into a cmd variable
     * and the whole run with {@code call %a%%b%} (or {@code !a!!b!} under {@code /V:ON}); or set
     * into one variable with a junk character scattered through it and run with
     * {@code call %x:@=%}. The program the event names is cmd.exe, as it would be.
     */
    static List<String> cmdVariableVariants(String command, int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        List<String> out = new ArrayList<>();
        String names = "abcdefghijklmnopqrstuvwxyz";
        for (int v = 0; v < n; v++) {
            // cmd's own special characters in the command would need escaping inside a set; keep quotes out of values
            String c = command.replace("\"", "");
            StringBuilder line = new StringBuilder();
            boolean delayed = r.nextBoolean();
            line.append(delayed ? "cmd /V:ON /C \"" : "cmd /C \"");
            if (r.nextInt(3) > 0) {
                int pieces = 2 + r.nextInt(3);
                List<Integer> cuts = new ArrayList<>();
                for (int k = 1; k < pieces; k++) {
                    cuts.add(1 + r.nextInt(Math.max(1, c.length() - 1)));
                }
                java.util.Collections.sort(cuts);
                StringBuilder use = new StringBuilder();
                int from = 0;
                for (int k = 0; k < pieces; k++) {
                    int to = k < cuts.size() ? Math.max(from, cuts.get(k)) : c.length();
                    String name = String.valueOf(names.charAt(r.nextInt(names.length()))) + k;
                    line.append("set ").append(name).append('=').append(c, from, to).append("&&");
                    use.append(delayed ? "!" + name + "!" : "%" + name + "%");
                    from = to;
                }
                line.append("call ").append(use);
            } else {
                // not ~ or * (cmd reads %x:~...% and %x:*a=b% otherwise), nor a character the command has
                String junks = "@#$".chars().filter(ch -> c.indexOf(ch) < 0).collect(StringBuilder::new,
                        StringBuilder::appendCodePoint, StringBuilder::append).toString();
                char junk = junks.isEmpty() ? '@' : junks.charAt(r.nextInt(junks.length()));
                StringBuilder value = new StringBuilder();
                for (int k = 0; k < c.length(); k++) {
                    value.append(c.charAt(k));
                    if (r.nextInt(3) == 0) {
                        value.append(junk);
                    }
                }
                String name = String.valueOf(names.charAt(r.nextInt(names.length())));
                line.append("set ").append(name).append('=').append(value).append("&&call %").append(name).append(':').append(junk).append("=%");
            }
            out.add(line.append('"').toString());
        }
        return out;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }
}
