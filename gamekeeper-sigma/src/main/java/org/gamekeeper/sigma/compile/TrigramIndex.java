package org.gamekeeper.sigma.compile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Substring search in long values through an index of which three-character sequences occur in
 * each block of the value, so that hundreds of rules can search one hostile value of megabytes
 * without reading it all again each time. A search first asks whether every trigram of the
 * literal occurs in the value at all (most literals rules look for do not: answered at once),
 * then compares the literal only inside the blocks that hold all of its trigrams (the AND of a
 * few words per trigram), eight places at a time; the answers are exactly
 * {@link String#indexOf(String, int)}'s.
 *
 * <p>Per thread, for the last two long values searched: a value is indexed at its
 * {@value #INDEX_AFTER}th search (most values are searched a few times and never indexed), at the
 * cost of one pass over it; the index takes a copy of the value as bytes (compared when every
 * character is Latin-1), four bits a character for the blocks of each trigram hash, and 10 KiB
 * for the hashes present and the pairs of characters; its arrays are kept for the next long
 * value. Values under {@value #FROM} characters are searched directly; values over
 * {@value #MAX_INDEXED} are not indexed. Each literal's last answer is remembered with the place
 * searched from, so the same search again, or one from a place between the two, is answered at
 * once (rules share literals; a wildcard's pieces are searched from later places), and the
 * trigrams of the literal searched last are kept for its next search.
 */
public final class TrigramIndex {
    /** Values shorter than this are searched with {@link String#indexOf}. */
    public static final int FROM = 1 << 14;
    /** A value is indexed when it is searched this many times (the searches before read it whole). */
    static final int INDEX_AFTER = 2;
    /**
     * Values longer than this (characters) are not indexed: an index costs a byte and a half a
     * character and a thread keeps two, so this bounds them at about 12 MiB a worker.
     */
    static final int MAX_INDEXED = 1 << 22;
    /** Characters per block, and the trigrams a block holds beyond its end (a literal starting in it is checked against it alone). */
    private static final int BLOCK_SHIFT = 12;
    private static final int BLOCK = 1 << BLOCK_SHIFT;
    private static final int OVERLAP = 64;
    /**
     * Trigram hashes have this many bits; per hash, a bitmap of the blocks holding a trigram of
     * it (rows of {@link #words} longs), so that a literal's candidate blocks are the AND of its
     * trigrams' rows, a few words whatever the value's length.
     */
    private static final int HASH_BITS = 14;
    private static final int ROWS = 1 << HASH_BITS;
    /** Remembered answers per value (literal to the last search), at most this many. */
    private static final int MAX_REMEMBERED = 8192;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final ThreadLocal<TrigramIndex[]> SLOTS = ThreadLocal.withInitial(() -> new TrigramIndex[] {
            new TrigramIndex(), new TrigramIndex()});

    /** The value searched, by identity; null when the slot is free. */
    private String value;
    private int searches;
    private boolean indexed;
    /** Every character of the value ORed: below 256 when all are, below 128 when all are ASCII. */
    private int wide;
    /** Every character of the value is below 256: {@link #bytes} holds it. */
    private boolean latin1;
    /** The value's characters as bytes (when {@link #latin1}), compared eight at a time. */
    private byte[] bytes;
    /**
     * Per trigram hash, the blocks where a trigram of that hash starts or starts in the
     * {@value #OVERLAP} characters after the block (bit b of row h at {@code h * words + b / 64}).
     */
    private long[] rows;
    private int words;
    /** The hashes whose rows are not empty: a literal with a trigram of another is not in the value. */
    private final long[] present = new long[ROWS >>> 6];
    /** The value's pairs of characters (exact for Latin-1), as bits. */
    private final long[] pairs = new long[1 << (16 - 6)];
    /** The characters of one block and its overlap, read in turn when the index is built. */
    private final char[] chunk = new char[BLOCK + OVERLAP + 2];
    /** Per literal, the place its last search started from and what it found ({@code from << 32 | at}). */
    private final HashMap<String, long[]> answers = new HashMap<>();
    /** The literal searched last (by identity) and its block-set bits, kept for the next search of it. */
    private String prepared;
    private boolean preparedAbsent;
    private int preparedCount;
    private final int[] preparedRows = new int[OVERLAP + 1];

    private TrigramIndex() {
    }

    /** {@code value.indexOf(literal, from)}, through the thread's index of {@code value} when it is long. */
    public static int indexOf(String value, String literal, int from) {
        if (value.length() < FROM) {
            return value.indexOf(literal, from);
        }
        return of(value).find(literal, from);
    }

    /** {@code value.contains(literal)}. */
    public static boolean contains(String value, String literal) {
        return indexOf(value, literal, 0) >= 0;
    }

    /** Whether a value of this length is searched through an index (long, but not beyond what is indexed). */
    public static boolean indexes(int length) {
        return length >= FROM && length <= MAX_INDEXED;
    }

    /** Whether some character of {@code value} is beyond ASCII (from its index when it has one). */
    public static boolean holdsBeyondAscii(String value) {
        if (indexes(value.length())) {
            TrigramIndex x = of(value);
            if (x.indexed) {
                return x.wide >= 128;
            }
        }
        for (int i = 0, n = value.length(); i < n; i++) {
            if (value.charAt(i) >= 128) {
                return true;
            }
        }
        return false;
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
        prepared = null;
        answers.clear();
    }

    private int find(String literal, int from) {
        int start = Math.max(from, 0);
        long[] known = answers.get(literal);
        if (known != null) {
            // No place between the last search's start and what it found holds the literal.
            int knownFrom = (int) (known[0] >> 32);
            int knownAt = (int) known[0];
            if (start >= knownFrom && (knownAt < 0 || start <= knownAt)) {
                return knownAt;
            }
        }
        if (!indexed && ++searches >= INDEX_AFTER && value.length() <= MAX_INDEXED) {
            build();
        }
        int at = indexed ? search(literal, start) : value.indexOf(literal, start);
        if (known != null) {
            known[0] = (long) start << 32 | (at & 0xFFFFFFFFL);
        } else if (answers.size() < MAX_REMEMBERED) {
            answers.put(literal, new long[] {(long) start << 32 | (at & 0xFFFFFFFFL)});
        }
        return at;
    }

    /** A character as the keys read it: itself below 256, else folded into a byte (a few false alarms, never a miss). */
    private static int key(char c) {
        return c < 256 ? c : (c ^ c >>> 8) & 0xFF;
    }

    private void build() {
        String v = value;
        int n = v.length();
        if (bytes == null || bytes.length < n) {
            bytes = new byte[Math.max(n, FROM)];
        }
        int blockCount = (n + BLOCK - 1) >>> BLOCK_SHIFT;
        int w = (blockCount + 63) >>> 6;
        words = w;
        if (rows == null || rows.length < ROWS * w) {
            rows = new long[ROWS * w];
        } else {
            Arrays.fill(rows, 0, ROWS * w, 0);
        }
        Arrays.fill(pairs, 0);
        byte[] out = bytes;
        long[] r = rows;
        long[] seenPairs = pairs;
        char[] t = chunk;
        int wide = 0;
        for (int block = 0; block < blockCount; block++) {
            int start = block << BLOCK_SHIFT;
            int stop = Math.min(start + BLOCK, n - 2); // the trigrams starting in the block
            int end = Math.min(start + BLOCK + OVERLAP, n - 2); // and those the block holds beyond it
            int chars = Math.max(end, stop) + 2 - start;
            v.getChars(start, start + chars, t, 0);
            int column = block >>> 6;
            long bit = 1L << block;
            int key = key(t[0]) << 8 | key(t[1]);
            int p = start;
            for (int i = 0; p < stop; p++, i++) {
                char c = t[i];
                wide |= c;
                out[p] = (byte) c;
                seenPairs[(key & 0xFFFF) >>> 6] |= 1L << key; // the pair starting at p
                key = (key << 8 | key(t[i + 2])) & 0xFFFFFF;
                r[row(key) * w + column] |= bit;
            }
            for (int i = p - start; p < end; p++, i++) {
                key = (key << 8 | key(t[i + 2])) & 0xFFFFFF;
                r[row(key) * w + column] |= bit;
            }
        }
        // the last two characters start no trigram; the last pair
        for (int p = n - 2; p < n; p++) {
            char c = v.charAt(p);
            wide |= c;
            out[p] = (byte) c;
        }
        int last = key(v.charAt(n - 2)) << 8 | key(v.charAt(n - 1));
        seenPairs[last >>> 6] |= 1L << last;
        Arrays.fill(present, 0);
        for (int h = 0; h < ROWS; h++) {
            long any = 0;
            for (int j = h * w, e = j + w; j < e; j++) {
                any |= r[j];
            }
            if (any != 0) {
                present[h >>> 6] |= 1L << h;
            }
        }
        this.wide = wide;
        latin1 = wide < 256;
        indexed = true;
    }

    /** The row of a trigram's key. */
    private static int row(int key) {
        return (key * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    /** The first place at or after {@code from} where {@code literal} is, from the index. */
    private int search(String literal, int from) {
        int m = literal.length();
        String v = value;
        int n = v.length();
        if (m < 3) {
            // One or two characters: a pair (or a character starting one, or the last) absent answers at once.
            if (m == 0) {
                return v.indexOf(literal, from);
            }
            if (latin1 && (literal.charAt(0) >= 256 || literal.charAt(m - 1) >= 256)) {
                return -1; // a value of Latin-1 characters holds no other (rules list look-alike dashes and slashes)
            }
            int a = key(literal.charAt(0));
            if (m == 2) {
                int pair = a << 8 | key(literal.charAt(1));
                if ((pairs[pair >>> 6] & 1L << pair) == 0) {
                    return -1;
                }
            } else if ((pairs[a << 2] | pairs[(a << 2) + 1] | pairs[(a << 2) + 2] | pairs[(a << 2) + 3]) == 0
                    && key(v.charAt(n - 1)) != a) {
                return -1;
            }
            return v.indexOf(literal, from);
        }
        if (from > n - m) {
            return -1;
        }
        if (literal != prepared) {
            prepare(literal);
        }
        if (preparedAbsent) {
            return -1;
        }
        long[] r = rows;
        int w = words;
        int[] lit = preparedRows;
        int k = preparedCount;
        int last = n - m; // the last place the literal can start
        int firstBlock = from >>> BLOCK_SHIFT;
        int lastBlock = last >>> BLOCK_SHIFT;
        for (int column = firstBlock >>> 6; column <= lastBlock >>> 6; column++) {
            // the blocks holding every trigram a literal starting in them has within the block's reach
            long candidates = -1L;
            for (int j = 0; j < k && candidates != 0; j++) {
                candidates &= r[lit[j] * w + column];
            }
            if (column == firstBlock >>> 6) {
                candidates &= -1L << firstBlock; // blocks before the first are not searched
            }
            while (candidates != 0) {
                int block = column << 6 | Long.numberOfTrailingZeros(candidates);
                if (block > lastBlock) {
                    return -1;
                }
                candidates &= candidates - 1;
                int lo = Math.max(from, block << BLOCK_SHIFT);
                int hi = Math.min(last, (block << BLOCK_SHIFT) + BLOCK - 1);
                int at = latin1 ? inBytes(literal, lo, hi) : inChars(literal, lo, hi);
                if (at >= 0) {
                    return at;
                }
            }
        }
        return -1;
    }

    /** The literal's trigrams: absent from the value, or the bits of those a block's set holds for it. */
    private void prepare(String literal) {
        int m = literal.length();
        prepared = literal;
        preparedAbsent = false;
        if (latin1) {
            for (int j = 0; j < m; j++) {
                if (literal.charAt(j) >= 256) {
                    preparedAbsent = true; // a value of Latin-1 characters holds no other
                    return;
                }
            }
        }
        int k = Math.min(m - 3, OVERLAP) + 1;
        preparedCount = k;
        int key = key(literal.charAt(0)) << 8 | key(literal.charAt(1));
        for (int j = 0; j + 3 <= m; j++) {
            key = (key << 8 | key(literal.charAt(j + 2))) & 0xFFFFFF;
            int h = row(key);
            if ((present[h >>> 6] & 1L << h) == 0) {
                preparedAbsent = true;
                return;
            }
            if (j < k) {
                preparedRows[j] = h;
            }
        }
    }

    /** The first place in [lo, hi] where the literal is, comparing the value's bytes eight places at a time. */
    private int inBytes(String literal, int lo, int hi) {
        byte[] b = bytes;
        int m = literal.length();
        int n = value.length();
        byte first = (byte) literal.charAt(0);
        byte lastChar = (byte) literal.charAt(m - 1);
        long firsts = (first & 0xFFL) * ONES;
        long lasts = (lastChar & 0xFFL) * ONES;
        int i = lo;
        // eight places at once, where the eight bytes at the literal's last character are in the value
        for (; i + 7 <= hi && i + m + 7 <= n; i += 8) {
            long z = ((long) LONGS.get(b, i) ^ firsts) | ((long) LONGS.get(b, i + m - 1) ^ lasts);
            long found = (z - ONES) & ~z & HIGHS; // a byte of z is zero where both the first and the last character match
            while (found != 0) {
                int at = i + (Long.numberOfTrailingZeros(found) >>> 3);
                if (bytesEqual(b, at, literal)) {
                    return at;
                }
                found &= found - 1;
            }
        }
        for (; i <= hi; i++) {
            if (b[i] == first && b[i + m - 1] == lastChar && bytesEqual(b, i, literal)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean bytesEqual(byte[] b, int at, String literal) {
        for (int j = 0, m = literal.length(); j < m; j++) {
            if (b[at + j] != (byte) literal.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** The first place in [lo, hi] where the literal is, in a value with characters beyond Latin-1. */
    private int inChars(String literal, int lo, int hi) {
        String v = value;
        char first = literal.charAt(0);
        for (int i = v.indexOf(first, lo); i >= 0 && i <= hi; i = v.indexOf(first, i + 1)) {
            if (v.startsWith(literal, i)) {
                return i;
            }
        }
        return -1;
    }
}
