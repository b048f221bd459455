package org.gamekeeper.evtx.read;

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

    /**
     * A record that parsed but then failed to decode or render: a reader bug on hostile bytes.
     * It costs that record, is reported with its place, and the run goes on.
     */
    public static Damage readerBug(EventRecord r, Throwable bug) {
        return new Damage(r.offset(), Kind.RECORD_BINXML, "chunk " + r.chunkIndex() + ": record " + r.recordNumber()
                + " at file offset " + r.offset() + " could not be read (reader error: " + bug + "); please report this file");
    }

    @Override
    public String toString() {
        return "offset " + offset + ": " + what;
    }
}
