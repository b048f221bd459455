package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gamekeeper.engine.rulesets.InstalledSet;
import org.gamekeeper.engine.rulesets.RuleSetStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code gamekeeper rules update}: install the pinned SigmaHQ release (or an archive given) under the user's data folder. */
@Command(name = "update",
        description = {"Download the SigmaHQ release pinned in this build, verify its SHA-256 and install its rules under",
                "$XDG_DATA_HOME/gamekeeper/rules (else ~/.local/share/gamekeeper/rules). Installed sets join the built-in pack",
                "whenever --rules is not given. --from FILE.zip installs an archive copied by hand (machines without internet)."},
        footer = {"", "Examples:", "  gamekeeper rules update",
                "  gamekeeper rules update --from sigma_all_rules.zip --release r2024-12-19 --sha256 <hex from the release page>",
                "  gamekeeper rules list",
                "", "Exit codes: 0 installed, 2 usage error, 3 download failed, hash differs or archive refused."})
final class RulesUpdate implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE.zip", description = "Install this archive instead of downloading.")
    Path from;

    @Option(names = "--release", paramLabel = "TAG", description = "The release the archive is (default: the one pinned in this build).")
    String release;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The archive's SHA-256 (default: the pinned one).")
    String sha256;

    @Option(names = "--url", paramLabel = "URL", description = "Download from here instead of the pinned URL (a mirror); needs --release and --sha256.")
    URI url;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Network timeout (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        PrintWriter err = cmd.getErr();
        RuleSetStore.Pin pin = RuleSetStore.pinned();
        RuleSetStore store = store();
        if (url != null && (release == null || sha256 == null)) {
            throw new CommandLine.ParameterException(cmd, "--url needs --release TAG and --sha256 HEX: a mirror is trusted only for a known archive");
        }
        if (sha256 != null && !sha256.strip().matches("[0-9a-fA-F]{64}")) {
            throw new CommandLine.ParameterException(cmd, "--sha256 takes 64 hex digits: " + sha256);
        }
        String version = release != null ? release : pin.version();
        String expected = sha256 != null ? sha256 : release == null || release.equals(pin.version()) ? pin.sha256() : null;
        if (from != null) {
            if (!Files.isRegularFile(from)) {
                throw new InputException("no such archive: " + from);
            }
            InstalledSet set = install(store, from, version, expected, from.toAbsolutePath().toString());
            report(err, set, expected);
            return Main.EXIT_OK;
        }
        if (expected == null || expected.isBlank()) {
            throw new InputException("no SHA-256 is pinned for sigmahq " + version + " in this build; pass --sha256 HEX (from the release page)"
                    + " or install a checked archive with --from FILE.zip");
        }
        URI source = url != null ? url : pin.url();
        err.println("rules: downloading " + source);
        err.flush();
        Path tmp;
        try {
            tmp = RuleSetStore.download(source, Duration.ofSeconds(Math.max(1, timeout)));
        } catch (IOException e) {
            throw new InputException("download failed: " + e.getMessage());
        }
        try {
            report(err, install(store, tmp, version, expected, source.toString()), expected);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return Main.EXIT_OK;
    }

    /**
     * This user's store; the system property {@code gamekeeper.data} (a data folder, as
     * $XDG_DATA_HOME would be) points it elsewhere, for tests and portable installs.
     */
    static RuleSetStore store() {
        String data = System.getProperty("gamekeeper.data");
        return data != null ? RuleSetStore.forUser(Map.of("XDG_DATA_HOME", Path.of(data).toAbsolutePath().toString()), System.getProperty("user.home"))
                : RuleSetStore.forUser(System.getenv(), System.getProperty("user.home"));
    }

    private static InstalledSet install(RuleSetStore store, Path archive, String version, String expected, String source) {
        try {
            return store.install(archive, "sigmahq", version, expected, source);
        } catch (IOException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static void report(PrintWriter err, InstalledSet set, String expected) {
        err.println("rules: installed " + set.id() + " (" + set.files() + " rule files, SHA-256 " + set.sha256()
                + (expected == null || expected.isBlank() ? ", not checked against a pinned hash" : ", verified") + ") in " + set.folder());
        err.flush();
    }

    /** {@code rules list} without paths: the installed sets, one per line (or JSON lines). */
    static int listInstalled(PrintWriter out, PrintWriter err, boolean json) throws IOException {
        RuleSetStore store = store();
        List<InstalledSet> sets = store.installed();
        for (InstalledSet s : sets) {
            if (json) {
                out.println("{\"set\":" + JsonText.quote(s.id()) + ",\"version\":" + JsonText.quote(s.version()) + ",\"sha256\":" + JsonText.quote(s.sha256())
                        + ",\"files\":" + s.files() + ",\"folder\":" + JsonText.quote(s.folder().toString()) + ",\"source\":" + JsonText.quote(s.source()) + "}");
            } else {
                out.println(s.id() + '\t' + s.sha256() + '\t' + s.files() + '\t' + s.folder());
            }
        }
        out.flush();
        err.println("rules: " + sets.size() + " installed set(s) in " + store.root() + (sets.isEmpty() ? " (gamekeeper rules update installs SigmaHQ's)" : ""));
        err.flush();
        return Main.EXIT_OK;
    }
}
