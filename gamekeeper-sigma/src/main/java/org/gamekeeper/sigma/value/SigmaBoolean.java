package org.gamekeeper.sigma.value;

/** A YAML boolean; compared as the text {@code true}/{@code false}, or the argument of {@code exists}. */
public record SigmaBoolean(boolean value) implements SigmaValue {
    @Override
    public String canonical() {
        return Boolean.toString(value);
    }

    @Override
    public String typeName() {
        return "boolean";
    }
}
