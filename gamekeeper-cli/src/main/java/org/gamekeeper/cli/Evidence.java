package org.gamekeeper.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.gamekeeper.engine.Problem;
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
        return of(paths, err, readsMail, verb, null);
    }

    /**
     * @param verbose list every skipped input (files that are not evidence, kinds the command does
     *                not read) instead of one count line; null when the command has no --verbose
     */
    static Evidence of(List<String> paths, PrintStream err, boolean readsMail, String verb, Boolean verbose) throws IOException {
        long[] problems = {0};
        List<InputFile> inputs = new ArrayList<>();
        Skipped skipped = new Skipped(verbose == null || verbose, verbose != null);
        Inputs.expand(paths, System.in, inputs::add, p -> {
            if (Inputs.notEvidence(p)) {
                skipped.add("not evidence", "gamekeeper: " + p, err::println);
            } else {
                err.println("gamekeeper: " + p);
            }
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
                String kind = in.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
                skipped.add(kind, "gamekeeper: " + in.name() + ": " + kind + " input is not something " + verb + " reads; skipped", err::println);
            }
        }
        skipped.summary(err::println);
        if (events.isEmpty() && mail.isEmpty()) {
            throw new InputException("no readable event input among " + String.join(", ", paths));
        }
        long bytes = 0;
        for (InputFile in : events) {
            bytes += Files.size(in.path());
        }
        return new Evidence(List.copyOf(events), List.copyOf(mail), problems[0], bytes);
    }

    /**
     * Event inputs found on a thread of their own while the caller works through them, so the
     * work starts with the first file instead of after the last folder has been walked. Problems
     * and skipped kinds are handed to the caller in their place among the inputs, so it can
     * report them in the same order on every run.
     */
    static final class Streamed {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4096);
        private final List<String> paths;
        private final String verb;
        private long problems;
        private long events;
        private boolean ended;
        // dump has no --verbose: it names each skipped input in its place, as its tests and --strict expect
        private final Skipped skipped = new Skipped(true, false);

        Streamed(List<String> paths, String verb) {
            this.paths = paths;
            this.verb = verb;
            Thread t = new Thread(this::expand, "gamekeeper-inputs");
            t.setDaemon(true);
            t.start();
        }

        private void expand() {
            try {
                Inputs.expand(paths, System.in, this::put, this::put);
                put(END);
            } catch (RuntimeException | Error e) {
                put(e);
            }
        }

        private void put(Object o) {
            try {
                queue.put(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("input listing interrupted", e);
            }
        }

        /**
         * The next EVTX or JSON input, or null when there are no more.
         *
         * @param report receives each problem and skipped input met before it, as a line for stderr
         * @throws InputException at the end when there was no event input at all
         */
        InputFile next(Consumer<String> report) throws InterruptedException {
            while (!ended) {
                Object o = queue.take();
                if (o == END) {
                    ended = true;
                    skipped.summary(report);
                    break;
                }
                if (o instanceof RuntimeException e) {
                    throw e;
                }
                if (o instanceof Error e) {
                    throw e;
                }
                if (o instanceof Problem p) {
                    if (Inputs.notEvidence(p)) {
                        skipped.add("not evidence", "gamekeeper: " + p, report);
                    } else {
                        report.accept("gamekeeper: " + p);
                    }
                    problems++;
                    continue;
                }
                InputFile in = (InputFile) o;
                if (in.kind() == InputKind.EVTX || in.kind() == InputKind.JSON) {
                    events++;
                    return in;
                }
                String kind = in.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
                skipped.add(kind, "gamekeeper: " + in.name() + ": " + kind + " input is not something " + verb + " reads; skipped", report);
            }
            if (events == 0) {
                throw new InputException("no readable event input among " + String.join(", ", paths));
            }
            return null;
        }

        /** How many problems were reported so far. */
        long problems() {
            return problems;
        }
    }

    /**
     * Inputs skipped because they are not evidence or not read by the command: one line each with
     * {@code --verbose}, otherwise counted by reason and reported in one line at the end.
     */
    static final class Skipped {
        private final boolean verbose;
        private final boolean hint;
        private final Map<String, Long> counts = new TreeMap<>();

        /** @param hint whether the command has a --verbose option to name in the count line */
        Skipped(boolean verbose, boolean hint) {
            this.verbose = verbose;
            this.hint = hint;
        }

        void add(String reason, String line, Consumer<String> out) {
            if (verbose) {
                out.accept(line);
            }
            counts.merge(reason, 1L, Long::sum);
        }

        void summary(Consumer<String> out) {
            if (verbose || counts.isEmpty()) {
                return;
            }
            long total = 0;
            List<String> parts = new ArrayList<>();
            for (var e : counts.entrySet()) {
                total += e.getValue();
                parts.add(e.getValue() + " " + e.getKey());
            }
            out.accept("gamekeeper: " + total + " input(s) skipped (" + String.join(", ", parts) + ")" + (hint ? "; --verbose lists them" : ""));
        }
    }
}
