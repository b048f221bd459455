package org.gamekeeper.sigma.condition;

/** A condition that cannot be parsed or resolved; {@code offset} is the 0-based position in the condition text. */
public final class ConditionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int offset;
    private final String token;

    public ConditionException(String message, int offset) {
        this(message, offset, null);
    }

    /** An error about a word of the condition whose position the resolver no longer knows. */
    public ConditionException(String message, int offset, String token) {
        super(message);
        this.offset = offset;
        this.token = token;
    }

    /** The condition word the error is about, or null. */
    public String token() {
        return token;
    }

    public int offset() {
        return offset;
    }
}
