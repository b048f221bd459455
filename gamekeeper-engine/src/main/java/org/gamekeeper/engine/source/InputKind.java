package org.gamekeeper.engine.source;

/**
 * What a piece of evidence is, recognised from its first bytes (INTERFACES.md "Inputs").
 * Compression is not a kind: a {@code .gz} or {@code .zip} member has the kind of what is inside.
 */
public enum InputKind {
    /** Windows XML Event Log, {@code ElfFile\0} magic. */
    EVTX,
    /** JSON events: the first non-blank byte is an opening brace or bracket. */
    JSON,
    /** IIS W3C, Apache/nginx combined, Exchange HttpProxy CSV. Recognised here, read elsewhere. */
    WEB_LOG,
    /** RFC 5322 message, mbox, Outlook {@code .msg}. Recognised here, read by gamekeeper-mail. */
    MAIL
}
