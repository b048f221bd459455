package org.gamekeeper.sigma.value;

/** {@code null}: the field is absent or empty. */
public record SigmaNull() implements SigmaValue {
    public static final SigmaNull INSTANCE = new SigmaNull();

    @Override
    public String canonical() {
        return "null";
    }

    @Override
    public String typeName() {
        return "null";
    }
}
