package org.gamekeeper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.engine.detect.BuiltinPack;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;

/**
 * Rule sets as the command line names them (INTERFACES.md "Rule sets"): files and folders of
 * Sigma YAML, and the word {@code builtin} for the pack shipped in the jar. Without any, the
 * built-in pack.
 */
final class RuleSpecs {
    private RuleSpecs() {
    }

    /**
     * Loads the named sets as one rule set; {@code specs} null or empty means the defaults: the
     * built-in pack and the newest installed version of each set {@code rules update} installed.
     */
    static RuleSet load(List<String> specs, LoadOptions options) {
        boolean builtin = specs == null || specs.isEmpty();
        List<Path> paths = new ArrayList<>(builtin ? installed() : List.of());
        for (String s : specs == null ? List.<String>of() : specs) {
            if (s.equals(BuiltinPack.NAME)) {
                builtin = true;
                continue;
            }
            Path p = Path.of(s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s);
            if (!Files.exists(p)) {
                throw new InputException("no such file or folder of rules: " + s);
            }
            paths.add(p);
        }
        try {
            Map<String, String> pack = builtin ? BuiltinPack.texts() : Map.of();
            if (builtin && pack.isEmpty() && paths.isEmpty()) {
                throw new InputException("no rules to run: the built-in pack is empty in this build; pass --rules PATH (e.g. --rules sigma/rules/windows)");
            }
            return RuleSet.load(pack, paths, options);
        } catch (IOException e) {
            throw new InputException("cannot read rules: " + e.getMessage());
        }
    }

    /** The folders of the newest installed version of each installed set (by version text). */
    static List<Path> installed() {
        Map<String, org.gamekeeper.engine.rulesets.InstalledSet> newest = new TreeMap<>();
        try {
            for (var set : RulesUpdate.store().installed()) {
                newest.merge(set.name(), set, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
            }
        } catch (IOException e) {
            throw new InputException("cannot read the installed rule sets: " + e.getMessage());
        }
        List<Path> out = new ArrayList<>();
        newest.values().forEach(s -> out.add(s.folder()));
        return out;
    }

    /** The rule files and folders among {@code specs} (not the built-in pack), for the provenance record. */
    static List<Path> paths(List<String> specs) {
        List<Path> out = new ArrayList<>();
        for (String s : specs == null ? List.<String>of() : specs) {
            if (!s.equals(BuiltinPack.NAME)) {
                out.add(Path.of(s));
            }
        }
        return out;
    }
}
