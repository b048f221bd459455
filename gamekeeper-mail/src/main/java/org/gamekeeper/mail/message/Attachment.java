package org.gamekeeper.mail.message;

/**
 * A non-text part or a named part.
 *
 * @param name      file name from Content-Disposition or Content-Type, or "" if none
 * @param mimeType  declared type, lower case
 * @param content   the first bytes of the decoded content, at most the attachment limit
 * @param size      decoded size in bytes (counted even beyond the limit)
 * @param truncated true when {@code content} holds only the beginning
 */
public record Attachment(String name, String mimeType, byte[] content, long size, boolean truncated) {
}
