package org.gamekeeper.engine.baseline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The binaries and scripts whose use matters for living off the land: the LOLBAS project's file
 * names and the admin tools advisories name ({@code lotl-tools.txt}, which says where each part
 * comes from).
 */
public final class LotlTools {
    private static final LotlTools BUILTIN = load();

    private final Set<String> names;

    private LotlTools(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /** The bundled list. */
    public static LotlTools builtin() {
        return BUILTIN;
    }

    /** Whether {@code image} (a file name, lower case, as {@link Observer#imageName} gives it) is listed. */
    public boolean contains(String image) {
        return image != null && names.contains(image);
    }

    /** How many names the list holds. */
    public int size() {
        return names.size();
    }

    private static LotlTools load() {
        try (InputStream in = LotlTools.class.getResourceAsStream("lotl-tools.txt")) {
            if (in == null) {
                throw new IllegalStateException("lotl-tools.txt is missing from the jar");
            }
            Set<String> names = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("[")) {
                    names.add(l.toLowerCase(Locale.ROOT));
                }
            }
            return new LotlTools(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
