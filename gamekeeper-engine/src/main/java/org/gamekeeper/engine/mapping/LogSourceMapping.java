package org.gamekeeper.engine.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.sigma.rule.LogSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Where a Sigma log source's events are: for each {@code product: windows} category or service,
 * one or more {@link Target}s (channels, EventIDs, field renames). Data, read from the bundled
 * {@code windows.yml} and optional user files; later files replace earlier entries.
 */
public final class LogSourceMapping {

    /**
     * One place a log source's events are found, and how Sigma names its fields there.
     *
     * @param channels channel names (compared ignoring case); empty means any channel
     * @param eventIds EventIDs; empty means any
     * @param renames  Sigma field name to event field name, for fields named differently here
     * @param builtinOnly only the built-in pack's rules run on this target ({@code builtin_only: true}):
     *                 where our own rules read the events in a way other rule sets were not written
     *                 for (the pack's script-block rules on module logging's reconstructed commands
     *                 and on the classic log's engine start)
     */
    public record Target(Set<String> channels, Set<Integer> eventIds, Map<String, String> renames, String note, boolean builtinOnly) {
        public Target {
            channels = Set.copyOf(channels);
            eventIds = Set.copyOf(eventIds);
            renames = Map.copyOf(renames);
        }

        public Target(Set<String> channels, Set<Integer> eventIds, Map<String, String> renames, String note) {
            this(channels, eventIds, renames, note, false);
        }
    }

    private final Map<String, List<Target>> byKey;

    private LogSourceMapping(Map<String, List<Target>> byKey) {
        this.byKey = byKey;
    }

    /** The bundled Windows mapping. */
    public static LogSourceMapping builtin() {
        try (InputStream in = LogSourceMapping.class.getResourceAsStream("windows.yml")) {
            if (in == null) {
                throw new IllegalStateException("windows.yml is missing from the jar");
            }
            Map<String, List<Target>> m = new LinkedHashMap<>();
            read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "windows.yml", m);
            return new LogSourceMapping(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This mapping with a user's mapping file read over it (its entries replace ours). */
    public LogSourceMapping with(Path file) throws IOException {
        Map<String, List<Target>> m = new LinkedHashMap<>(byKey);
        read(Files.readString(file), file.toString(), m);
        return new LogSourceMapping(m);
    }

    /**
     * Where a rule's events are; empty when the log source is not a Windows one we know (the
     * rule is then skipped for Windows evidence).
     */
    public List<Target> targets(LogSource ls) {
        return targets(ls, false);
    }

    /**
     * Where the events of a rule are, for a rule of the built-in pack ({@code builtin}) or of
     * another set: a pack rule also runs on the targets marked {@code builtin_only}.
     */
    public List<Target> targets(LogSource ls, boolean builtin) {
        List<Target> all = allTargets(ls);
        if (builtin || all.stream().noneMatch(Target::builtinOnly)) {
            return all;
        }
        return all.stream().filter(t -> !t.builtinOnly()).toList();
    }

    private List<Target> allTargets(LogSource ls) {
        if (ls == null) {
            return List.of();
        }
        String product = lower(ls.product());
        if (product != null && !product.equals("windows")) {
            return List.of();
        }
        if (ls.category() != null) {
            List<Target> t = byKey.get("category:" + lower(ls.category()));
            return t == null ? List.of() : t;
        }
        if (ls.service() != null) {
            List<Target> t = byKey.get("service:" + lower(ls.service()));
            return t == null ? List.of() : t;
        }
        // product: windows alone: every Windows event.
        return "windows".equals(product) ? List.of(new Target(Set.of(), Set.of(), Map.of(), "any Windows event")) : List.of();
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings("unchecked")
    private static void read(String text, String name, Map<String, List<Target>> into) {
        LoadSettings settings = LoadSettings.builder().setLabel(name).setAllowDuplicateKeys(false)
                .setMaxAliasesForCollections(10).setCodePointLimit(4 << 20).build();
        Object doc = new Load(settings).loadFromString(text);
        if (!(doc instanceof Map<?, ?> root) || !(root.get("logsources") instanceof List<?> list)) {
            throw new IllegalArgumentException(name + ": a mapping file holds a 'logsources' list");
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> e)) {
                throw new IllegalArgumentException(name + ": each log source is a map");
            }
            String key;
            if (e.get("category") != null) {
                key = "category:" + lower(String.valueOf(e.get("category")));
            } else if (e.get("service") != null) {
                key = "service:" + lower(String.valueOf(e.get("service")));
            } else {
                throw new IllegalArgumentException(name + ": a log source needs 'category' or 'service': " + e);
            }
            for (Object k : e.keySet()) {
                if (!Set.of("category", "service", "targets").contains(String.valueOf(k))) {
                    throw new IllegalArgumentException(name + ": unknown key '" + k + "' in log source " + key);
                }
            }
            List<Target> targets = new ArrayList<>();
            Object ts = e.get("targets");
            if (ts instanceof List<?> tl) {
                for (Object t : tl) {
                    Map<String, Object> tm = (Map<String, Object>) t;
                    for (String k : tm.keySet()) {
                        if (!Set.of("channels", "event_ids", "renames", "note", "builtin_only").contains(k)) {
                            throw new IllegalArgumentException(name + ": unknown key '" + k + "' in a target of " + key);
                        }
                    }
                    Set<String> channels = new LinkedHashSet<>();
                    if (tm.get("channels") instanceof List<?> cl) {
                        cl.forEach(c -> channels.add(String.valueOf(c)));
                    }
                    Set<Integer> ids = new LinkedHashSet<>();
                    if (tm.get("event_ids") instanceof List<?> il) {
                        il.forEach(i -> ids.add(Integer.parseInt(String.valueOf(i))));
                    }
                    Map<String, String> renames = new LinkedHashMap<>();
                    if (tm.get("renames") instanceof Map<?, ?> rm) {
                        rm.forEach((k, v) -> renames.put(String.valueOf(k), String.valueOf(v)));
                    }
                    Object note = tm.get("note");
                    boolean builtinOnly = Boolean.TRUE.equals(tm.get("builtin_only"));
                    targets.add(new Target(channels, ids, renames, note == null ? null : String.valueOf(note), builtinOnly));
                }
            }
            into.put(key, List.copyOf(targets));
        }
    }
}
