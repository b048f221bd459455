package org.gamekeeper.sigma.rule;

/** A place in a rule file; line and column are 1-based, 0 when unknown. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        if (line <= 0) {
            return file;
        }
        return file + ":" + line + (column > 0 ? ":" + column : "");
    }
}
