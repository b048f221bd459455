package org.gamekeeper.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the CLI needs to know about the terminal, and the progress bar it draws on stderr. */
final class Terminal {
    private Terminal() {
    }

    /** True when stderr is a terminal (Linux: fd 2 links to a tty or pts device). */
    static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /**
     * True when stdout is a terminal and {@link Main#stdout} is still the process's stdout (tests
     * point it elsewhere): then human output (tables) is printed instead of JSON lines.
     */
    static boolean stdoutIsTerminal() {
        return Main.stdout instanceof java.io.FileOutputStream && isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    /** Colour unless {@code --no-color} was given or NO_COLOR is set to anything (no-color.org). */
    static boolean colour(boolean noColorOption) {
        String env = System.getenv("NO_COLOR");
        return !noColorOption && (env == null || env.isEmpty());
    }

    /** The terminal's width in columns: $COLUMNS, else what stty says of the controlling terminal, else 100. */
    static int width() {
        String env = System.getenv("COLUMNS");
        if (env != null && env.matches("[0-9]{1,4}")) {
            return Math.max(40, Integer.parseInt(env));
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
            if (p.waitFor() == 0 && out.matches("[0-9]+ [0-9]+")) {
                return Math.max(40, Integer.parseInt(out.substring(out.indexOf(' ') + 1)));
            }
        } catch (Exception e) {
            // no controlling terminal: the default width
        }
        return 100;
    }

    /** A one-line progress bar, redrawn at most a few times a second. */
    static final class Progress {
        private final PrintStream err;
        private final boolean enabled;
        private final long total;
        private long lastDraw;
        private boolean drawn;

        Progress(PrintStream err, boolean enabled, long total) {
            this.err = err;
            this.enabled = enabled;
            this.total = total;
        }

        private long done;

        long done() {
            return done;
        }

        void update(long done, String what) {
            this.done = done;
            if (!enabled) {
                return;
            }
            long now = System.nanoTime();
            if (drawn && now - lastDraw < 200_000_000L) {
                return;
            }
            lastDraw = now;
            drawn = true;
            int width = 30;
            int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
            StringBuilder sb = new StringBuilder("\r[");
            for (int i = 0; i < width; i++) {
                sb.append(i < filled ? '#' : '.');
            }
            sb.append("] ").append(total <= 0 ? 0 : done * 100 / total).append("% ").append(what).append("   ");
            err.print(sb);
            err.flush();
        }

        void finish() {
            if (enabled && drawn) {
                err.print("\r\033[K");
                err.flush();
            }
        }
    }
}
