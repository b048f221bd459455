package org.gamekeeper.engine.coverage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the LOTL guidance asks to be logged: channel and event ID, the ATT&CK techniques each
 * shows, and why it matters (bundled {@code guidance.tsv}, which names its sources).
 */
public final class Guidance {

    /**
     * One source the guidance asks for.
     *
     * @param channel    the channel as Windows names it
     * @param eventId    the event ID
     * @param techniques ATT&CK technique IDs this event shows
     * @param why        why it matters, for the "missing" list
     */
    public record Expected(String channel, int eventId, List<String> techniques, String why) {
        public Expected {
            techniques = List.copyOf(techniques);
        }
    }

    private static final Guidance BUILTIN = load();

    private final List<Expected> expected;

    private Guidance(List<Expected> expected) {
        this.expected = List.copyOf(expected);
    }

    /** The bundled guidance. */
    public static Guidance builtin() {
        return BUILTIN;
    }

    /** Every expected source, in the file's order. */
    public List<Expected> expected() {
        return expected;
    }

    /** The channels the guidance names, lower case. */
    public Set<String> channels() {
        Set<String> out = new LinkedHashSet<>();
        for (Expected e : expected) {
            out.add(e.channel().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static Guidance load() {
        try (InputStream in = Guidance.class.getResourceAsStream("guidance.tsv")) {
            if (in == null) {
                throw new IllegalStateException("guidance.tsv is missing from the jar");
            }
            List<Expected> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IllegalStateException("guidance.tsv:" + n + ": four tab-separated columns expected");
                }
                out.add(new Expected(f[0], Integer.parseInt(f[1]), List.of(f[2].split(",")), f[3]));
            }
            return new Guidance(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
