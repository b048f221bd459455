package org.gamekeeper.engine.source;

/**
 * An event read from JSON whose string values can be searched as the bytes they were read from,
 * without decoding each into a String: what a search over every value of an event (a Sigma
 * keyword) reads.
 */
public interface JsonValues {

    /** Calls {@code sink} once per value of the event, in some order. */
    void forEachValue(Sink sink);

    /** Receives the values, each in one of three forms. */
    interface Sink {
        /** A value as text. */
        void text(String value);

        /** A value whose characters are exactly these ASCII bytes. */
        void ascii(byte[] bytes, int offset, int length);

        /**
         * A value as JSON writes it: ASCII bytes in which a character may be one of the escapes
         * {@code \" \\ \b \f \n \r \t} (and no other). Such bytes hold the escaped form of every
         * text the value holds, so a search for literals escaped the same way misses nothing
         * (it may find some the value does not hold, which the caller checks on the text).
         */
        void escapedAscii(byte[] bytes, int offset, int length);
    }
}
