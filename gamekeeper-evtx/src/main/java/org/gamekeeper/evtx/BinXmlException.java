package org.gamekeeper.evtx;

/** Binary XML that cannot be parsed: caught per record and turned into {@link Damage}. */
final class BinXmlException extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    BinXmlException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }
}
