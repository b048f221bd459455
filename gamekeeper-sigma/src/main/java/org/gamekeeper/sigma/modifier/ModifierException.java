package org.gamekeeper.sigma.modifier;

/** A modifier cannot apply to a value (wrong type, bad argument); the message says why. */
public final class ModifierException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModifierException(String message) {
        super(message);
    }
}
