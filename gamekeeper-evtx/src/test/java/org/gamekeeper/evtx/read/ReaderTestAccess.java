package org.gamekeeper.evtx.read;

import org.gamekeeper.evtx.binxml.Fragment;

/**
 * For the tests of other packages (test code only): what the reader keeps package-private, so
 * the library's public API need not grow for them.
 */
public final class ReaderTestAccess {
    private ReaderTestAccess() {
    }

    /** Parses a chunk's bytes as {@link EvtxFile} does after reading them. */
    public static Chunk parseChunk(String file, int index, long offset, byte[] data, boolean carve) {
        return Chunk.parse(file, index, offset, data, carve);
    }

    /** The record's parsed Binary XML. */
    public static Fragment fragment(EventRecord r) {
        return r.fragment();
    }
}
