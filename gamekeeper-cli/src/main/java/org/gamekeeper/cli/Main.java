package org.gamekeeper.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: wires the commands and maps outcomes to the exit codes of INTERFACES.md. */
@Command(name = "gamekeeper",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Finds state-backed intruders in Windows event logs, JSON exports and mail.", ""},
        footer = {"", "Example:", "  gamekeeper dump Security.evtx > security.jsonl",
                "", "Exit codes: 0 done, 1 --fail-on matched, 2 usage error, 3 input error, 4 internal error."},
        subcommands = {DemoCommand.class, DumpCommand.class, HuntCommand.class, SearchCommand.class, SummaryCommand.class, RulesCommand.class,
                MailCommand.class, ReportCommand.class, StreamCommand.class, BaselineCommand.class, CoverageCommand.class,
                FrontDoor.HelpCommand.class})
public final class Main implements Runnable {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAIL_ON = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_INPUT = 3;
    public static final int EXIT_INTERNAL = 4;

    /** Where commands write machine output (unbuffered file descriptor 1); tests point it elsewhere. */
    static java.io.OutputStream stdout = new java.io.FileOutputStream(java.io.FileDescriptor.out);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; stdout and stderr are the process's. */
    public static int execute(String... args) {
        CommandLine cli = commandLine();
        return cli.execute(args);
    }

    static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /** The exit codes and error lines of INTERFACES.md on {@code cli} (the whole tool, or one command run from another). */
    static CommandLine configure(CommandLine cli) {
        cli.setExitCodeExceptionMapper(t -> t instanceof InputException ? EXIT_INPUT : EXIT_INTERNAL);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(FrontDoor.usageLine(ex));
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (FrontDoor.closedPipe(ex)) {
                // the reader went away (| head): done, as grep and cat are
                return EXIT_OK;
            }
            if (ex instanceof InputException) {
                err.println("gamekeeper: " + ex.getMessage());
                return EXIT_INPUT;
            }
            if (ex instanceof CommandLine.ParameterException pe) {
                err.println(FrontDoor.usageLine(pe));
                return EXIT_USAGE;
            }
            err.println("gamekeeper: internal error: " + ex);
            ex.printStackTrace(err);
            err.println("This is a bug in Gamekeeper. Please report it with the lines above.");
            return EXIT_INTERNAL;
        });
        FrontDoor.install(cli);
        return cli;
    }

    /** Reads the version Maven stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"gamekeeper " + version()};
        }
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
