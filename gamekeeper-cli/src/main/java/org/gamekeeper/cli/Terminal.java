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
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
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
