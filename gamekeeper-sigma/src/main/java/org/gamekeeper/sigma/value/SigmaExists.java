package org.gamekeeper.sigma.value;

/** The field must ({@code true}) or must not ({@code false}) be present. */
public record SigmaExists(boolean exists) implements SigmaValue {
    @Override
    public String canonical() {
        return exists ? "exists" : "absent";
    }

    @Override
    public String typeName() {
        return "exists";
    }
}
