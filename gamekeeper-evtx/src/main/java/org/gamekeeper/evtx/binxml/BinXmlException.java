package org.gamekeeper.evtx.binxml;

/**
 * Binary XML that cannot be parsed: the reader catches it per record and reports it as damage.
 * Public for the reader: internal to the library.
 */
public final class BinXmlException extends Exception {
    private static final long serialVersionUID = 1L;
    final int offset;

    BinXmlException(int offset, String message) {
        super(message, null, false, false);
        this.offset = offset;
    }

    /** Where in the chunk the Binary XML could not be parsed. */
    public int offset() {
        return offset;
    }
}
