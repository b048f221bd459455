package org.gamekeeper.evtx;

/**
 * Damage found in a file: where and what. Damage is data, not an exception; the reader reports
 * it and goes on with every intact record around it.
 *
 * @param offset absolute byte offset in the file
 * @param kind   a stable identifier for tests and summaries
 * @param what   a sentence a responder can act on
 */
public record Damage(long offset, Kind kind, String what) {

    /** What kind of damage. */
    public enum Kind {
        FILE_HEADER, FILE_HEADER_CRC, CHUNK_MAGIC, CHUNK_HEADER_CRC, CHUNK_DATA_CRC, CHUNK_HEADER,
        RECORD_HEADER, RECORD_SIZE, RECORD_BINXML, TRUNCATED, GARBAGE
    }

    @Override
    public String toString() {
        return "offset " + offset + ": " + what;
    }
}
