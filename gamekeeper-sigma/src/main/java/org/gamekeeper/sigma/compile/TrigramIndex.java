package org.gamekeeper.sigma.compile;

import java.util.Arrays;
import java.util.HashMap;

/**
 * Substring search in long values through an index of which three-character sequences occur in
 * each block of the value, so that hundreds of rules can search one hostile value of megabytes
 * without reading it all again each time. A search first asks whether every trigram of the
 * literal occurs in the value at all (most literals rules look for do not: answered at once),
 * then compares the literal only inside the blocks that hold all of its trigrams; the answers are
 * exactly {@link String#indexOf(String, int)}'s.
 *
 * <p>Per thread, for the last two long values searched: a value is indexed at its
 * {@value #INDEX_AFTER}th search (most values are searched a few times and never indexed), at the
 * cost of one pass over it; the index takes a copy of the value (two bytes a character), two
 * bits a character for the blocks' trigram sets and 264 KiB for the whole value's, and its
 * arrays are kept for the next long value. Values under {@value #FROM} characters
 * are searched directly; values over {@value #MAX_INDEXED} are not indexed (their first places
 * are remembered all the same).
 */
final class TrigramIndex {
    /** Values shorter than this are searched with {@link String#indexOf}. */
    static final int FROM = 1 << 14;
    /** A value is indexed when it is searched this many times (the searches before read it whole). */
    static final int INDEX_AFTER = 2;
    /**
     * Values longer than this (characters) are not indexed: an index costs a little over two
     * bytes a character and a thread keeps two, so this bounds them at about 19 MiB a worker.
     */
    static final int MAX_INDEXED = 1 << 22;
    /** Characters per block, and the trigrams a block holds beyond its end (a literal starting in it is checked against it alone). */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int OVERLAP = 64;
    /** Bits of a block's trigram set (words of 64), and of the whole value's. */
    private static final int BLOCK_BITS = 13;
    private static final int BLOCK_WORDS = 1 << (BLOCK_BITS - 6);
    private static final int ALL_BITS = 20;
    private static final int PAIR_BITS = 20;
    /** Remembered first places per value (literal to index), at most this many. */
    private static final int MAX_REMEMBERED = 8192;

    private static final ThreadLocal<TrigramIndex[]> SLOTS = ThreadLocal.withInitial(() -> new TrigramIndex[] {
            new TrigramIndex(), new TrigramIndex()});

    /** The value searched, by identity; null when the slot is free. */
    private String value;
    private int searches;
    private boolean indexed;
    /** The value's characters (a copy, read without bounds checks). */
    private char[] text;
    /** Per block, the hashes of the trigrams starting in it or in the {@value #OVERLAP} characters after it. */
    private long[] blocks;
    /** The hashes of every trigram, of every pair of characters, and the characters of the value, as bits. */
    private final long[] trigrams = new long[1 << (ALL_BITS - 6)];
    private final long[] pairs = new long[1 << (PAIR_BITS - 6)];
    private final long[] chars = new long[1 << 10];
    /** The first place of each literal searched from the start of the value. */
    private final HashMap<String, Integer> first = new HashMap<>();

    private TrigramIndex() {
    }

    /** {@code value.indexOf(literal, from)}, through the thread's index of {@code value} when it is long. */
    static int indexOf(String value, String literal, int from) {
        if (value.length() < FROM) {
            return value.indexOf(literal, from);
        }
        return of(value).find(literal, from);
    }

    /** {@code value.contains(literal)}. */
    static boolean contains(String value, String literal) {
        return indexOf(value, literal, 0) >= 0;
    }

    /** The slot of a long value on this thread: the value's own, else the slot searched less recently. */
    private static TrigramIndex of(String value) {
        TrigramIndex[] slots = SLOTS.get();
        TrigramIndex a = slots[0];
        if (a.value == value) {
            return a;
        }
        TrigramIndex b = slots[1];
        if (b.value != value) {
            b.reset(value);
        }
        slots[0] = b;
        slots[1] = a;
        return b;
    }

    private void reset(String v) {
        value = v;
        searches = 0;
        indexed = false;
        first.clear();
    }

    private int find(String literal, int from) {
        if (from <= 0) {
            Integer known = first.get(literal);
            if (known != null) {
                return known;
            }
        }
        if (!indexed && ++searches >= INDEX_AFTER && value.length() <= MAX_INDEXED) {
            build();
        }
        int at = indexed ? search(literal, Math.max(from, 0)) : value.indexOf(literal, from);
        if (from <= 0 && first.size() < MAX_REMEMBERED) {
            first.put(literal, at);
        }
        return at;
    }

    private static int mix(char a, char b, char c) {
        return ((a * 31 + b) * 31 + c) * 0x9E3779B1;
    }

    private static int pairHash(char a, char b) {
        return ((a << 16 | b) * 0x9E3779B1) >>> (32 - PAIR_BITS);
    }

    private void build() {
        String v = value;
        int n = v.length();
        if (text == null || text.length < n) {
            text = new char[Math.max(n, FROM)];
        }
        int blockCount = (n + BLOCK - 1) >>> BLOCK_SHIFT;
        if (blocks == null || blocks.length < blockCount * BLOCK_WORDS) {
            blocks = new long[blockCount * BLOCK_WORDS];
        } else {
            Arrays.fill(blocks, 0, blockCount * BLOCK_WORDS, 0);
        }
        Arrays.fill(trigrams, 0);
        Arrays.fill(pairs, 0);
        Arrays.fill(chars, 0);
        char[] t = text;
        v.getChars(0, n, t, 0);
        long[] bl = blocks;
        long[] all = trigrams;
        long[] seenPairs = pairs;
        long[] seen = chars;
        seen[t[0] >>> 6] |= 1L << t[0];
        seen[t[1] >>> 6] |= 1L << t[1];
        int first = pairHash(t[0], t[1]);
        seenPairs[first >>> 6] |= 1L << first;
        for (int p = 0; p + 3 <= n; p++) {
            char c = t[p + 2];
            seen[c >>> 6] |= 1L << c;
            int ph = pairHash(t[p + 1], c);
            seenPairs[ph >>> 6] |= 1L << ph;
            int h = mix(t[p], t[p + 1], c);
            int g = h >>> (32 - ALL_BITS);
            all[g >>> 6] |= 1L << g;
            int k = h >>> (32 - BLOCK_BITS);
            int block = p >>> BLOCK_SHIFT;
            bl[block * BLOCK_WORDS + (k >>> 6)] |= 1L << k;
            if ((p & (BLOCK - 1)) < OVERLAP && block > 0) {
                bl[(block - 1) * BLOCK_WORDS + (k >>> 6)] |= 1L << k; // the end of the block before
            }
        }
        indexed = true;
    }

    /** The first place at or after {@code from} where {@code literal} is, from the index. */
    private int search(String literal, int from) {
        int m = literal.length();
        String v = value;
        int n = v.length();
        if (m < 3) {
            // One or two characters: absent ones answer at once, present ones are searched.
            if (m == 0) {
                return v.indexOf(literal, from);
            }
            char a = literal.charAt(0);
            if ((chars[a >>> 6] & 1L << a) == 0) {
                return -1;
            }
            if (m == 2) {
                int ph = pairHash(a, literal.charAt(1));
                if ((pairs[ph >>> 6] & 1L << ph) == 0) {
                    return -1;
                }
            }
            return v.indexOf(literal, from);
        }
        if (from > n - m) {
            return -1;
        }
        // The literal's trigrams (those a block's set holds for a literal starting in it), each in the value at all?
        int k = Math.min(m - 3, OVERLAP) + 1;
        int[] bits = new int[k];
        for (int j = 0; j < k; j++) {
            int h = mix(literal.charAt(j), literal.charAt(j + 1), literal.charAt(j + 2));
            int g = h >>> (32 - ALL_BITS);
            if ((trigrams[g >>> 6] & 1L << g) == 0) {
                return -1;
            }
            bits[j] = h >>> (32 - BLOCK_BITS);
        }
        for (int j = m - 3; j > k - 1; j--) {
            // the literal's later trigrams, beyond what a block's set holds for it, must still be in the value
            int g = mix(literal.charAt(j), literal.charAt(j + 1), literal.charAt(j + 2)) >>> (32 - ALL_BITS);
            if ((trigrams[g >>> 6] & 1L << g) == 0) {
                return -1;
            }
        }
        long[] bl = blocks;
        char[] t = text;
        char[] lit = literal.toCharArray();
        char c0 = lit[0];
        int last = n - m; // the last place the literal can start
        blocks:
        for (int block = from >>> BLOCK_SHIFT, end = last >>> BLOCK_SHIFT; block <= end; block++) {
            int base = block * BLOCK_WORDS;
            for (int b : bits) {
                if ((bl[base + (b >>> 6)] & 1L << b) == 0) {
                    continue blocks;
                }
            }
            int stop = Math.min(last, (block << BLOCK_SHIFT) + BLOCK - 1);
            candidates:
            for (int i = Math.max(from, block << BLOCK_SHIFT); i <= stop; i++) {
                if (t[i] != c0) {
                    continue;
                }
                for (int j = 1; j < m; j++) {
                    if (t[i + j] != lit[j]) {
                        continue candidates;
                    }
                }
                return i;
            }
        }
        return -1;
    }
}
