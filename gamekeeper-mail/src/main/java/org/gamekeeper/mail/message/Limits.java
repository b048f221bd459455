package org.gamekeeper.mail.message;

/**
 * Bounds that keep memory and time per message finite whatever the input.
 *
 * @param maxMessageBytes  a message longer than this is cut (and the cut reported)
 * @param maxPartChars     characters kept of one text part
 * @param maxAttachmentBytes bytes kept of one attachment for content inspection
 * @param maxDepth         MIME nesting depth followed
 * @param maxParts         parts followed per message
 * @param maxHeaders       header fields kept per entity
 */
public record Limits(int maxMessageBytes, int maxPartChars, int maxAttachmentBytes, int maxDepth,
                     int maxParts, int maxHeaders) {

    /** Generous for real mail, small enough that a hostile message cannot exhaust memory. */
    public static final Limits DEFAULT = new Limits(64 << 20, 2 << 20, 8 << 20, 20, 500, 1000);
}
