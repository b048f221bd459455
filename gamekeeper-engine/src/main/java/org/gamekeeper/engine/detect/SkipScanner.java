package org.gamekeeper.engine.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.sigma.compile.CaseFold;

/**
 * Multi-pattern search that samples: when every pattern is at least {@code m} characters long,
 * any occurrence covers one of the positions {@code 0, s, 2s, …} ({@code s = m - 3}) with its
 * first {@code m} characters, so the four characters at that position are one of the four-grams
 * a pattern has at offsets {@code 0 .. s-1}. The search reads four characters every {@code s}
 * positions, tests them against a bitmap of those four-grams, and verifies only where the bitmap
 * says so. Keyword rules search every value of every event for a few long literals
 * ({@code sekurlsa::}, {@code lsadump::}): with nine-character literals this reads two thirds of
 * the characters with one predictable branch each, where the Wu–Manber search it replaced (two
 * characters per variable shift) took five times as long on the OTRF exports. Case-folded
 * ASCII patterns, as {@link AsciiAutomaton}; immutable, shared by threads.
 */
final class SkipScanner implements PatternScanner {
    /** Patterns shorter than this cannot be sampled: callers use the automaton instead. */
    static final int MIN_LENGTH = 4;
    private static final int GRAM = 4;
    /** Patterns longer than this sample no sparser (they are verified in full all the same). */
    private static final int MAX_WINDOW = 64;
    private static final int BITMAP_BITS = 1 << 16;
    /** Each byte of a four-gram with the ASCII case bit set: what the bitmap is keyed by (raw bytes need no folding). */
    private static final int CASE_BITS = 0x20202020;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final char[][] patterns;
    /** The patterns as given, for long values (asked of their index, see {@link PatternScanner#scanIndexed}). */
    private final String[] texts;
    private final int step;
    /** Four-grams of the patterns (case bits set), hashed. */
    private final long[] bitmap;
    /** Open addressing: folded four-gram, or -1 for an empty slot. */
    private final int[] keys;
    /** Per slot: pairs of (pattern, offset of the four-gram in it). */
    private final int[][] entries;
    private final int mask;

    private SkipScanner(char[][] patterns, int step, long[] bitmap, int[] keys, int[][] entries) {
        this.patterns = patterns;
        this.texts = new String[patterns.length];
        for (int p = 0; p < patterns.length; p++) {
            texts[p] = new String(patterns[p]);
        }
        this.step = step;
        this.bitmap = bitmap;
        this.keys = keys;
        this.entries = entries;
        this.mask = keys.length - 1;
    }

    /** True when every pattern is folded ASCII of at least {@link #MIN_LENGTH} characters. */
    static boolean accepts(List<String> patterns) {
        if (patterns.isEmpty()) {
            return false;
        }
        for (String p : patterns) {
            if (p.length() < MIN_LENGTH || !AsciiAutomaton.accepts(p) || p.indexOf('\0') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Four-grams the bitmap holds, at most (a tenth of its bits): more patterns sample more densely. */
    private static final int MAX_GRAMS = BITMAP_BITS / 10;

    /**
     * How far apart the search samples for these patterns: the shortest less three (so every
     * occurrence covers a sample with its first characters), closer when there are so many
     * patterns that their four-grams would fill more than a tenth of the bitmap.
     */
    static int step(List<String> patterns) {
        int m = MAX_WINDOW;
        for (String p : patterns) {
            m = Math.min(m, p.length());
        }
        return Math.max(1, Math.min(m - GRAM + 1, MAX_GRAMS / patterns.size()));
    }

    static SkipScanner build(List<String> patterns) {
        if (!accepts(patterns)) {
            throw new IllegalArgumentException("patterns must be folded ASCII of at least " + MIN_LENGTH + " characters");
        }
        int step = step(patterns);
        char[][] chars = new char[patterns.size()][];
        long[] bitmap = new long[BITMAP_BITS / 64];
        // Each pattern's first `step` pieces, counted per piece in an open-addressed table (boxed
        // maps made this builder a visible share of a short hunt), then laid out in the final table.
        int[] counted = new int[Integer.highestOneBit(Math.max(4, patterns.size() * step * 2)) << 1];
        int[] counts = new int[counted.length];
        Arrays.fill(counted, -1);
        int distinct = 0;
        for (int p = 0; p < patterns.size(); p++) {
            chars[p] = patterns.get(p).toCharArray();
            for (int j = 0; j < step; j++) {
                int key = key(chars[p][j], chars[p][j + 1], chars[p][j + 2], chars[p][j + 3]);
                int bit = bit(key | CASE_BITS);
                bitmap[bit >>> 6] |= 1L << bit;
                int slot = slotOf(counted, key);
                if (counted[slot] == -1) {
                    counted[slot] = key;
                    distinct++;
                }
                counts[slot]++;
            }
        }
        int slots = Integer.highestOneBit(Math.max(4, distinct * 2)) << 1;
        int[] keys = new int[slots];
        Arrays.fill(keys, -1);
        int[][] entries = new int[slots][];
        int[] filled = new int[slots];
        for (int c = 0; c < counted.length; c++) {
            if (counted[c] != -1) {
                int slot = slotOf(keys, counted[c]);
                keys[slot] = counted[c];
                entries[slot] = new int[counts[c] * 2];
            }
        }
        for (int p = 0; p < chars.length; p++) {
            for (int j = 0; j < step; j++) {
                int slot = slotOf(keys, key(chars[p][j], chars[p][j + 1], chars[p][j + 2], chars[p][j + 3]));
                entries[slot][filled[slot]++] = p;
                entries[slot][filled[slot]++] = j;
            }
        }
        return new SkipScanner(chars, step, bitmap, keys, entries);
    }

    /** The slot of {@code key} in an open-addressed table of keys (-1 for free), or the free slot where it would go. */
    private static int slotOf(int[] keys, int key) {
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != -1 && keys[slot] != key) {
            slot = slot + 1 & mask;
        }
        return slot;
    }

    /** Four folded ASCII characters as one int, the first in the low byte (as a little-endian load of ASCII bytes). */
    private static int key(int c0, int c1, int c2, int c3) {
        return c0 | c1 << 8 | c2 << 16 | c3 << 24;
    }

    private static int bit(int caseKey) {
        return (caseKey * 0x9E3779B1) >>> 16;
    }

    private static int hash(int key) {
        return (key * 0x85EBCA6B) >>> 7;
    }

    private boolean mayStart(int key) {
        int bit = bit(key | CASE_BITS);
        return (bitmap[bit >>> 6] & 1L << bit) != 0;
    }

    /** The (pattern, offset) pairs of a folded four-gram, or null. */
    private int[] entries(int key) {
        for (int slot = hash(key) & mask; keys[slot] != -1; slot = slot + 1 & mask) {
            if (keys[slot] == key) {
                return entries[slot];
            }
        }
        return null;
    }

    /** A character folded, or -1 when it folds to no ASCII character (it is in no pattern). */
    private static int fold(char c) {
        return CaseFold.toAscii(c);
    }

    @Override
    public String[] indexedTexts() {
        return texts;
    }

    @Override
    public void scanChars(char[] text, int n, AsciiAutomaton.Hits hits) {
        for (int i = 0; i + GRAM <= n; i += step) {
            char a = text[i];
            char b = text[i + 1];
            char c = text[i + 2];
            char d = text[i + 3];
            int key;
            if ((a | b | c | d) < 128) {
                // ASCII: the bitmap is keyed with the case bits set, so test before folding
                if (!mayStart(key(a, b, c, d))) {
                    continue;
                }
                key = key(FOLD[a], FOLD[b], FOLD[c], FOLD[d]);
            } else {
                key = wideKey(a, b, c, d);
                if (key < 0) {
                    continue;
                }
            }
            int[] e = entries(key);
            if (e == null) {
                continue;
            }
            for (int k = 0; k < e.length; k += 2) {
                char[] pat = patterns[e[k]];
                int start = i - e[k + 1];
                if (start < 0 || start + pat.length > n) {
                    continue;
                }
                int q = 0;
                while (q < pat.length && fold(text[start + q]) == pat[q]) {
                    q++;
                }
                if (q == pat.length) {
                    hits.hit(e[k]);
                }
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** The bits of four UTF-16LE code units that are clear exactly when all four are ASCII. */
    private static final long NOT_ASCII_UNITS = 0xFF80FF80FF80FF80L;

    /**
     * As {@link #scanChars}, over UTF-16LE code units where they lie (EVTX values; the keyword
     * rules search every value of every event): a sample is one eight-byte load, its four
     * characters tested for ASCII at once, so the value is never copied out to characters.
     */
    @Override
    public void scanUtf16(byte[] data, int off, int chars, AsciiAutomaton.Hits hits) {
        for (int i = 0; i + GRAM <= chars; i += step) {
            int at = off + 2 * i;
            long x = (long) LONGS.get(data, at);
            int key;
            if ((x & NOT_ASCII_UNITS) == 0) {
                int raw = (int) (x & 0xFF) | (int) (x >>> 8) & 0xFF00 | (int) (x >>> 16) & 0xFF0000 | (int) (x >>> 24) & 0xFF000000;
                if (!mayStart(raw)) {
                    continue;
                }
                key = key(FOLD[raw & 0x7f], FOLD[raw >>> 8 & 0x7f], FOLD[raw >>> 16 & 0x7f], FOLD[raw >>> 24 & 0x7f]);
            } else {
                key = wideKey((char) (x & 0xFFFF), (char) (x >>> 16 & 0xFFFF), (char) (x >>> 32 & 0xFFFF), (char) (x >>> 48));
                if (key < 0) {
                    continue;
                }
            }
            int[] e = entries(key);
            if (e == null) {
                continue;
            }
            for (int k = 0; k < e.length; k += 2) {
                char[] pat = patterns[e[k]];
                int start = i - e[k + 1];
                if (start < 0 || start + pat.length > chars) {
                    continue;
                }
                int q = 0;
                int b = off + 2 * start;
                while (q < pat.length && fold((char) (data[b] & 0xff | (data[b + 1] & 0xff) << 8)) == pat[q]) {
                    q++;
                    b += 2;
                }
                if (q == pat.length) {
                    hits.hit(e[k]);
                }
            }
        }
    }

    /**
     * The folded key of four characters of which one at least is beyond ASCII, or -1 when a
     * character outside every pattern is among them (no occurrence covers them) or the bitmap
     * has no such four-gram. Keys are never negative: their last character is ASCII.
     */
    private int wideKey(char a, char b, char c, char d) {
        int c0 = fold(a);
        int c1 = fold(b);
        int c2 = fold(c);
        int c3 = fold(d);
        if ((c0 | c1 | c2 | c3) < 0) {
            return -1;
        }
        int key = key(c0, c1, c2, c3);
        return mayStart(key) ? key : -1;
    }

    /** {@link #fold} of each ASCII character. */
    private static final char[] FOLD = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            FOLD[c] = (char) fold(c);
        }
    }

    /**
     * As {@link #scanChars}, over ASCII bytes where they lie (JSON values): a four-gram is one
     * little-endian load, tested with its case bits set, and folded only where the bitmap says so.
     */
    @Override
    public void scanAscii(byte[] b, int off, int length, AsciiAutomaton.Hits hits) {
        int last = off + length - GRAM;
        for (int i = off; i <= last; i += step) {
            if (!mayStart((int) INTS.get(b, i))) {
                continue;
            }
            int[] e = entries(key(FOLD[b[i] & 0x7f], FOLD[b[i + 1] & 0x7f], FOLD[b[i + 2] & 0x7f], FOLD[b[i + 3] & 0x7f]));
            if (e == null) {
                continue;
            }
            for (int k = 0; k < e.length; k += 2) {
                char[] pat = patterns[e[k]];
                int start = i - e[k + 1];
                if (start < off || start - off + pat.length > length) {
                    continue;
                }
                int q = 0;
                while (q < pat.length && FOLD[b[start + q] & 0x7f] == pat[q]) {
                    q++;
                }
                if (q == pat.length) {
                    hits.hit(e[k]);
                }
            }
        }
    }
}
