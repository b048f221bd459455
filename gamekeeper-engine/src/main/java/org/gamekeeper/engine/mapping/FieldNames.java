package org.gamekeeper.engine.mapping;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.gamekeeper.evtx.binxml.NameFolding;

/**
 * Field names as detection rules write them. Sigma matches field names without regard to case,
 * and Windows names some fields with spaces ({@code Threat Name}) where rules write
 * {@code ThreatName}: a rule's name finds the event's field when their {@link #loose} forms are
 * equal and the event has no field of exactly the rule's name. Sources apply this when a lookup
 * by the exact name finds nothing.
 */
public final class FieldNames {
    private FieldNames() {
    }

    /** Loose forms already made: the rules' names and the events' names, few, but bounded all the same. */
    private static final int MAX_REMEMBERED = 100_000;
    private static final ConcurrentHashMap<String, String> LOOSE = new ConcurrentHashMap<>();

    /** A field name without spaces, in lower case. */
    public static String loose(String name) {
        String l = LOOSE.get(name);
        if (l == null) {
            l = name.replace(" ", "").toLowerCase(Locale.ROOT);
            if (LOOSE.size() < MAX_REMEMBERED) {
                LOOSE.put(name, l);
            }
        }
        return l;
    }

    /** {@link #loose} as the EVTX library's folding (one instance: templates remember what it made). */
    public static final NameFolding LOOSE_FOLDING = FieldNames::loose;
}
