package org.gamekeeper.sigma.condition;

/** A condition that cannot be parsed or resolved; {@code offset} is the 0-based position in the condition text. */
public final class ConditionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;

    public ConditionException(String message, int offset) {
        super(message);
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
