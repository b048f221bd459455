package org.gamekeeper.engine.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in rule pack: Sigma rules written by us, shipped in the jar under
 * {@code org/gamekeeper/engine/detect/pack/}, each file named on a line of {@code index.txt}
 * there (a jar's folders cannot be listed). Rules read from it carry locations starting with
 * {@link #LOCATION_PREFIX}, which their alerts show as {@code rule_source: builtin}.
 */
public final class BuiltinPack {
    /** What the locations of the pack's rules start with. */
    public static final String LOCATION_PREFIX = "builtin:";
    /** What {@code --rules} calls the pack. */
    public static final String NAME = "builtin";
    private static final String FOLDER = "pack/";

    private BuiltinPack() {
    }

    /** The pack's rule texts by location ({@code builtin:name.yml}), in index order; empty when the pack is. */
    public static Map<String, String> texts() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream index = BuiltinPack.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (index == null) {
                return out;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream rule = BuiltinPack.class.getResourceAsStream(FOLDER + name)) {
                    if (rule == null) {
                        throw new IOException("the built-in pack's index names " + name + ", which the jar does not hold");
                    }
                    out.put(LOCATION_PREFIX + name, new String(rule.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /** Whether a rule was read from the pack (its location is {@code builtin:name.yml}). */
    public static boolean isPack(String location) {
        return location != null && location.startsWith(LOCATION_PREFIX);
    }
}
