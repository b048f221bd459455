package org.gamekeeper.engine.baseline;

import java.util.Locale;

/** One kind of behaviour a baseline counts. Stored by {@link #code()}; never rename a code. */
public enum Facet {
    /** Parent image name → child image name. */
    PROCESS_PAIR("process_pair", "Rare parent and child process"),
    /** A LOLBin or admin tool run by an account. */
    TOOL_USE("tool_use", "Rare LOLBin or admin-tool use by an account"),
    /** An image with its command line abstracted (paths, numbers, GUIDs, hosts, addresses). */
    COMMAND_SHAPE("command_shape", "Rare command-line shape"),
    /** An account's logon type and source. */
    LOGON("logon", "Rare logon type or source for an account"),
    /** A service installed (its name and abstracted image path). */
    SERVICE("service", "Rare service installation"),
    /** A scheduled task created (its name and abstracted action). */
    TASK("task", "Rare scheduled task");

    private final String code;
    private final String title;

    Facet(String code, String title) {
        this.code = code;
        this.title = title;
    }

    /** The name stored in the baseline file. */
    public String code() {
        return code;
    }

    /** The alert title for rarity findings of this facet. */
    public String title() {
        return title;
    }

    /** The facet stored as {@code code}. */
    public static Facet of(String code) {
        for (Facet f : values()) {
            if (f.code.equals(code)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown facet '" + code + "'");
    }

    @Override
    public String toString() {
        return code.toLowerCase(Locale.ROOT);
    }
}
