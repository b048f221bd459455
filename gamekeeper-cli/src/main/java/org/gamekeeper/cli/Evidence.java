package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.InputKind;
import org.gamekeeper.engine.source.Inputs;

/**
 * The evidence a command was given, sorted by kind: files and folders expanded (and '-' read
 * from stdin), problems reported on stderr, kinds the command does not read named and skipped.
 *
 * @param events   EVTX and JSON inputs
 * @param mail     mail inputs, when the command reads mail
 * @param problems how many problems were reported
 * @param bytes    total size of the event inputs, for the progress bar
 */
record Evidence(List<InputFile> events, List<InputFile> mail, long problems, long bytes) {

    /**
     * @param readsMail whether mail inputs are wanted
     * @param verb      what the command does with events, for the skip message ("dump", "hunt")
     */
    static Evidence of(List<String> paths, PrintStream err, boolean readsMail, String verb) throws IOException {
        long[] problems = {0};
        List<InputFile> inputs = new ArrayList<>();
        Inputs.expand(paths, System.in, inputs::add, p -> {
            err.println("gamekeeper: " + p);
            problems[0]++;
        });
        List<InputFile> events = new ArrayList<>();
        List<InputFile> mail = new ArrayList<>();
        for (InputFile in : inputs) {
            if (in.kind() == InputKind.EVTX || in.kind() == InputKind.JSON) {
                events.add(in);
            } else if (readsMail && in.kind() == InputKind.MAIL) {
                mail.add(in);
            } else {
                err.println("gamekeeper: " + in.name() + ": " + in.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " input is not something " + verb + " reads; skipped");
            }
        }
        if (events.isEmpty() && mail.isEmpty()) {
            throw new InputException("no readable event input among " + String.join(", ", paths));
        }
        long bytes = 0;
        for (InputFile in : events) {
            bytes += Files.size(in.path());
        }
        return new Evidence(List.copyOf(events), List.copyOf(mail), problems[0], bytes);
    }
}
