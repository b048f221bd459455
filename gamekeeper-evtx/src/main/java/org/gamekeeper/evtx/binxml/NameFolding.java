package org.gamekeeper.evtx.binxml;

/**
 * A caller's rule for field names that stand for the same field though spelled differently
 * (detection rules write {@code ThreatName} where Windows writes {@code Threat Name}). The
 * library itself knows only the names an event has; a lookup given a folding also finds the
 * event's field whose folded name equals the folded name asked for, when the exact name is
 * absent. Templates remember what a folding made of their names, so pass one stable instance.
 */
@FunctionalInterface
public interface NameFolding {
    /** The form of {@code name} that equal names share. */
    String fold(String name);
}
