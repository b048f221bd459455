package org.gamekeeper.mail.message;

/**
 * A text part of the message, decoded to characters.
 *
 * @param html      true for text/html, false for text/plain
 * @param text      decoded content, cut at the part limit
 * @param truncated true when the part was longer than the limit
 */
public record Body(boolean html, String text, boolean truncated) {
}
