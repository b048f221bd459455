package org.gamekeeper.engine;

/**
 * Something wrong in the evidence, reported instead of thrown: the run goes on.
 *
 * @param file   the evidence file as given
 * @param offset byte offset of the damage, or -1
 * @param line   1-based line for text sources, or -1
 * @param what   what was wrong, in words a responder understands
 */
public record Problem(String file, long offset, long line, String what) {

    /** {@code file:offset} or {@code file:line N}, for messages. */
    public String place() {
        if (offset >= 0) {
            return file + ":" + offset;
        }
        return line >= 0 ? file + ":line " + line : file;
    }

    @Override
    public String toString() {
        return place() + ": " + what;
    }
}
