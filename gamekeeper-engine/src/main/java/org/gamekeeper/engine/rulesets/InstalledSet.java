package org.gamekeeper.engine.rulesets;

import java.nio.file.Path;

/**
 * A rule set installed under the data folder.
 *
 * @param name    {@code sigmahq}
 * @param version the release, as its tag names it
 * @param sha256  of the archive it was installed from
 * @param source  where the archive came from (URL or file)
 * @param files   rule files installed
 * @param folder  where the rules are
 */
public record InstalledSet(String name, String version, String sha256, String source, int files, Path folder) {

    /** How alerts name the set ({@code rule_source}): {@code sigmahq@<version>}. */
    public String id() {
        return name + "@" + version;
    }
}
