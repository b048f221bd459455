package org.gamekeeper.sigma.rule;

/** Why a rule document cannot be used, and where. */
public record RuleProblem(Location location, String message) {
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
