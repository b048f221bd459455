package org.gamekeeper.engine.attack;

import java.util.List;
import java.util.Set;

/**
 * A known group (ATT&CK intrusion set).
 *
 * @param id         {@code G0128}
 * @param name       MITRE's name ({@code ZIRCONIUM})
 * @param aliases    MITRE's aliases and ours ({@code APT31}, {@code Violet Typhoon}, {@code Judgment Panda})
 * @param techniques technique ids documented for it and for campaigns attributed to it
 */
public record Group(String id, String name, List<String> aliases, Set<String> techniques) {
    public Group {
        aliases = List.copyOf(aliases);
        techniques = Set.copyOf(techniques);
    }
}
