package org.gamekeeper.cli;

/** The evidence or rules given cannot be used (exit code 3). The message names the file and place. */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }
}
