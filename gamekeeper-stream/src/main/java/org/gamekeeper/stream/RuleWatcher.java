package org.gamekeeper.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Rule reload without a restart, from a watched folder: the rule files are looked at every
 * interval (names, sizes, modification times); when they changed, the set is loaded and compiled
 * off the stream threads and swapped in whole, so an event meets either the old set or the new
 * one. A set that fails to load (or loads no rule) is reported and the running set stays.
 *
 * <p>Why a folder and not a rules topic: rule sets already live as files (git, configuration
 * management, {@code gamekeeper rules update}), the same files {@code hunt} reads; a folder needs
 * no publishing tool or serialised rule format. Each instance watches its own copy, so instances
 * can run different versions for up to one interval plus the deployment's lag; a rules topic would
 * give one ordered version to all, at the price of that tool.
 */
public final class RuleWatcher implements Supplier<StreamDetector>, AutoCloseable {

    /** Loads a detector from the watched paths; throws when the set does not load. */
    public interface Loader {
        StreamDetector load() throws IOException;
    }

    private final List<Path> paths;
    private final Loader loader;
    private final Consumer<String> report;
    private final AtomicReference<StreamDetector> current;
    private final ScheduledExecutorService timer;
    private String seen;

    /** Loads the set once now (failing if it does not load) and then every {@code interval} when it changed. */
    public RuleWatcher(List<Path> paths, Loader loader, long intervalMillis, Consumer<String> report) throws IOException {
        this.paths = List.copyOf(paths);
        this.loader = loader;
        this.report = report;
        this.seen = fingerprint();
        this.current = new AtomicReference<>(loader.load());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gamekeeper-rule-watcher");
            t.setDaemon(true);
            return t;
        });
        if (intervalMillis > 0) {
            timer.scheduleWithFixedDelay(this::check, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public StreamDetector get() {
        return current.get();
    }

    /** Looks at the files now and reloads when they changed; returns whether a new set is in use. */
    public synchronized boolean check() {
        String now;
        try {
            now = fingerprint();
        } catch (IOException | UncheckedIOException e) {
            report.accept("rules not reloaded: cannot list " + paths + ": " + e.getMessage());
            return false;
        }
        if (now.equals(seen)) {
            return false;
        }
        seen = now;
        try {
            StreamDetector next = loader.load();
            current.set(next);
            report.accept("rules reloaded: " + next.origin());
            return true;
        } catch (IOException | RuntimeException e) {
            report.accept("rules not reloaded, the running set stays: " + e.getMessage());
            return false;
        }
    }

    private String fingerprint() throws IOException {
        List<String> parts = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                parts.add(p + " missing");
                continue;
            }
            try (Stream<Path> all = Files.walk(p)) {
                all.forEach(f -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            parts.add(f + " " + a.size() + " " + a.lastModifiedTime().toMillis());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        Collections.sort(parts);
        return String.join("\n", parts);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
