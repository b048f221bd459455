package org.gamekeeper.evtx.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.gamekeeper.evtx.binxml.Bytes;

/**
 * One random damage to a copy of an EVTX file, and which chunk slots it touched: the mutation
 * property test and the recovery report both use it, so their figures describe the same damage.
 *
 * @param kind    what was done (for messages and per-kind figures)
 * @param bytes   the damaged copy
 * @param touched chunk slots whose bytes changed (or that the cut removed)
 */
record Mutation(Kind kind, byte[] bytes, BitSet touched) {
    static final int HEADER = 4096;
    static final int CHUNK = 65536;

    enum Kind { FILE_HEADER_FLIP, CHUNK_HEADER_FLIP, RECORD_HEADER_FLIP, BINXML_NOISE, TRUNCATION, ZEROED_REGION, CHUNK_SWAP }

    static int chunks(byte[] file) {
        return (int) Math.max(0, (file.length - HEADER + CHUNK - 1L) / CHUNK);
    }

    /** A random mutation of {@code file}; {@code other} gives the chunk for a swap between files. */
    static Mutation random(Random rnd, byte[] file, byte[] other) {
        Kind kind = Kind.values()[rnd.nextInt(Kind.values().length)];
        byte[] b = file.clone();
        BitSet touched = new BitSet();
        int chunks = chunks(file);
        int c = rnd.nextInt(Math.max(1, chunks));
        int chunkAt = HEADER + c * CHUNK;
        switch (kind) {
            case FILE_HEADER_FLIP -> flip(rnd, b, 0, 128, 1 + rnd.nextInt(4));
            case CHUNK_HEADER_FLIP -> {
                flip(rnd, b, chunkAt, chunkAt + 512, 1 + rnd.nextInt(4));
                touched.set(c);
            }
            case RECORD_HEADER_FLIP, BINXML_NOISE -> {
                List<Integer> records = records(b, chunkAt);
                if (records.isEmpty()) {
                    flip(rnd, b, chunkAt, Math.min(b.length, chunkAt + CHUNK), 1);
                } else {
                    int r = records.get(rnd.nextInt(records.size()));
                    int size = (int) Bytes.u32(b, r + 4);
                    if (kind == Kind.RECORD_HEADER_FLIP) {
                        flip(rnd, b, r, r + 24, 1 + rnd.nextInt(3));
                    } else {
                        int n = 1 + rnd.nextInt(16);
                        for (int i = 0; i < n; i++) {
                            b[r + 24 + rnd.nextInt(Math.max(1, size - 28))] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                touched.set(c);
            }
            case TRUNCATION -> {
                int cut = HEADER + rnd.nextInt(Math.max(1, b.length - HEADER));
                b = Arrays.copyOf(b, cut);
                touched.set((cut - HEADER) / CHUNK, Math.max(chunks, (cut - HEADER) / CHUNK + 1));
            }
            case ZEROED_REGION -> {
                int from = rnd.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + rnd.nextInt(8192));
                Arrays.fill(b, from, to, (byte) 0);
                for (int at = Math.max(from, HEADER); at < to; at += 1) {
                    touched.set((at - HEADER) / CHUNK);
                    at = HEADER + ((at - HEADER) / CHUNK + 1) * CHUNK - 1;
                }
            }
            case CHUNK_SWAP -> {
                int otherChunks = chunks(other);
                if (otherChunks > 0 && chunks > 0) {
                    int k = rnd.nextInt(otherChunks);
                    int from = HEADER + k * CHUNK;
                    int n = Math.min(CHUNK, Math.min(other.length - from, b.length - chunkAt));
                    System.arraycopy(other, from, b, chunkAt, n);
                    touched.set(c);
                }
            }
            default -> throw new AssertionError(kind);
        }
        return new Mutation(kind, b, touched);
    }

    private static void flip(Random rnd, byte[] b, int from, int to, int n) {
        to = Math.min(to, b.length);
        if (to <= from) {
            return;
        }
        for (int i = 0; i < n; i++) {
            b[from + rnd.nextInt(to - from)] ^= (byte) (1 << rnd.nextInt(8));
        }
    }

    /** Offsets of a chunk's records, walked by their sizes up to the free-space offset (original bytes). */
    static List<Integer> records(byte[] b, int chunkAt) {
        List<Integer> out = new ArrayList<>();
        if (chunkAt + 512 > b.length) {
            return out;
        }
        long free = Bytes.u32(b, chunkAt + 48);
        int at = chunkAt + 512;
        while (at + 28 <= Math.min(b.length, chunkAt + free) && Bytes.u32(b, at) == 0x2a2a) {
            long size = Bytes.u32(b, at + 4);
            if (size < 28 || at + size > b.length) {
                break;
            }
            out.add(at);
            at += (int) size;
        }
        return out;
    }
}
