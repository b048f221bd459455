package org.gamekeeper.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What every command shares before and after its own work: {@code --help}, {@code -h} and
 * {@code --version} on every command and subcommand, case-insensitive enum values, one-line
 * usage errors with a near-miss suggestion, output folders and a {@code -} on stdin checked
 * before the work starts, and a closed pipe ending the command quietly with status 0.
 */
final class FrontDoor {

    /** Options naming a file the command writes: their folder must exist before the work starts. */
    static final Set<String> OUTPUT_OPTIONS = Set.of("--timeline", "--alerts", "--manifest", "-o", "--output",
            "--incidents", "--report", "--navigator", "--db", "--out");

    /** How many bytes of stdin are looked at to tell a list of paths from binary data. */
    static final int STDIN_PEEK = 4096;

    private FrontDoor() {
    }

    /** Applies the shared behaviour to {@code cli} and every subcommand below it. */
    static void install(CommandLine cli) {
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(FrontDoor::execute);
        everywhere(cli);
    }

    private static void everywhere(CommandLine cmd) {
        CommandSpec spec = cmd.getCommandSpec();
        if (spec.optionsMap().get("--help") == null && !(cmd.getCommand() instanceof HelpCommand)) {
            spec.mixinStandardHelpOptions(true);
        }
        spec.versionProvider(new Main.Version());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            everywhere(sub);
        }
    }

    /** Checks what can be checked before the work, then runs the last subcommand as picocli would. */
    private static int execute(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return Main.EXIT_OK;
        }
        checkOutputs(last);
        checkStdin(last);
        return new CommandLine.RunLast().execute(parsed);
    }

    /** A file option whose folder does not exist is a usage error now, not after all the work. */
    private static void checkOutputs(ParseResult parsed) {
        for (OptionSpec o : parsed.matchedOptions()) {
            if (!OUTPUT_OPTIONS.contains(o.longestName()) && !OUTPUT_OPTIONS.contains(o.shortestName())) {
                continue;
            }
            Object value = o.getValue();
            if (value == null) {
                continue;
            }
            String text = value.toString();
            if (text.equals("-")) {
                continue;
            }
            Path parent = Path.of(text).toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        o.longestName() + " " + text + ": the folder " + parent + " does not exist; create it first");
            }
            if (Files.isDirectory(Path.of(text))) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                        o.longestName() + " " + text + " is a folder; name a file inside it");
            }
        }
    }

    /**
     * {@code -} among the paths reads a list of paths from stdin. Binary data there (an EVTX file
     * piped in) is a mistake to name in one line, before any of it reaches a path parser or the
     * terminal.
     */
    private static void checkStdin(ParseResult parsed) {
        boolean dash = false;
        for (ArgSpec a : parsed.matchedPositionals()) {
            Object v = a.getValue();
            if (v instanceof List<?> list) {
                for (Object o : list) {
                    dash |= "-".equals(String.valueOf(o));
                }
            } else {
                dash |= "-".equals(String.valueOf(v));
            }
        }
        if (!dash) {
            return;
        }
        InputStream in = System.in.markSupported() ? System.in : new BufferedInputStream(System.in, STDIN_PEEK * 2);
        byte[] head;
        try {
            in.mark(STDIN_PEEK + 1);
            head = in.readNBytes(STDIN_PEEK);
            in.reset();
        } catch (IOException e) {
            throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(),
                    new InputException("cannot read the list of paths on stdin: " + e.getMessage()));
        }
        System.setIn(in);
        if (looksBinary(head)) {
            throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(),
                    "'-' reads a list of paths (one per line) from stdin, but stdin holds binary data; "
                            + "give the file's path instead (gamekeeper " + parsed.commandSpec().name() + " FILE)");
        }
    }

    /** NUL or other control bytes than tab, CR and LF: not a list of paths. */
    static boolean looksBinary(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                return true;
            }
        }
        return false;
    }

    /** True when {@code t} or one of its causes is a write to a closed pipe. */
    static boolean closedPipe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && c.getMessage() != null
                    && c.getMessage().contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    /** The one line for a usage error, with a suggestion for a near-miss command or option. */
    static String usageLine(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> unmatched = u.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            List<String> known = new ArrayList<>();
            if (first.startsWith("-")) {
                known.addAll(cmd.getCommandSpec().optionsMap().keySet());
                String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
                message = "unknown option '" + name + "'" + org.gamekeeper.sigma.NearMiss.hint(name, known);
            } else if (!cmd.getSubcommands().isEmpty()) {
                known.addAll(cmd.getSubcommands().keySet());
                known.remove("help");
                String hint = org.gamekeeper.sigma.NearMiss.hint(first, known);
                message = "unknown command '" + first + "'" + (hint.isEmpty() ? " (one of: " + String.join(", ", known) + ")" : hint);
            }
        }
        return "gamekeeper: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
    }

    /** {@code help [COMMAND [SUBCOMMAND…]]}: the help of the command the path names. */
    @CommandLine.Command(name = "help", helpCommand = true,
            description = "Show the help of a command or subcommand.",
            footer = {"", "Examples:", "  gamekeeper help hunt", "  gamekeeper help rules check"})
    static final class HelpCommand implements Runnable {
        @CommandLine.Spec
        CommandSpec spec;

        @CommandLine.Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to explain.")
        List<String> names = new ArrayList<>();

        @Override
        public void run() {
            CommandLine cmd = spec.commandLine().getParent();
            for (String n : names) {
                CommandLine sub = cmd.getSubcommands().get(n);
                if (sub == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "unknown command '" + n + "'"
                            + org.gamekeeper.sigma.NearMiss.hint(n, cmd.getSubcommands().keySet()));
                }
                cmd = sub;
            }
            PrintWriter out = spec.commandLine().getOut();
            cmd.usage(out, spec.commandLine().getColorScheme());
            out.flush();
        }
    }
}
