package org.gamekeeper.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "dump", description = "Print events as JSON lines or XML.")
final class DumpCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return Main.EXIT_OK;
    }
}
