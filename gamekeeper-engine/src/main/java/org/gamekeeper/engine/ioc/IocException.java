package org.gamekeeper.engine.ioc;

/** An indicator list cannot be used; the message names the file and place. */
public final class IocException extends Exception {
    private static final long serialVersionUID = 1L;

    public IocException(String message) {
        super(message);
    }
}
