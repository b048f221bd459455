package org.gamekeeper.engine.attack;

import java.util.List;

/**
 * An ATT&CK technique or sub-technique.
 *
 * @param id         {@code T1003.003}
 * @param name       full name, {@code OS Credential Dumping: NTDS} for a sub-technique
 * @param tactics    its tactics in matrix order
 * @param deprecated MITRE deprecated it without a replacement
 */
public record Technique(String id, String name, List<Tactic> tactics, boolean deprecated) {
    public Technique {
        tactics = List.copyOf(tactics);
    }

    /** {@code T1003} for {@code T1003.003}, the id itself for a technique. */
    public String parentId() {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }
}
