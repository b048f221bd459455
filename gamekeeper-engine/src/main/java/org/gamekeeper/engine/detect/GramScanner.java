package org.gamekeeper.engine.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.sigma.compile.CaseFold;

/**
 * Multi-pattern search for large sets (the thousands of command-line and hash literals of the
 * process-creation rules), where an Aho–Corasick table runs to megabytes and every character
 * read is a cache miss. Each pattern of four characters or more is represented by one of its
 * four-character pieces (a value holding the pattern holds the piece); the value is read once
 * with a rolling window of its last four folded characters, tested against a bitmap of the
 * pieces that fits the first-level cache, and only where a bit is set are the patterns of that
 * piece compared in full. Shorter patterns go to a small automaton of their own. Finds exactly
 * the patterns a value contains, as {@link AsciiAutomaton}; immutable, shared by threads.
 *
 * <p>A long String value is not read but asked of its index ({@link PatternScanner#scanIndexed}):
 * read, a hostile command line of megabytes hits the pieces of its literals at nearly every
 * word, and each hit was compared again however often it had been found.
 */
final class GramScanner implements PatternScanner {
    private static final int GRAM = 4;
    private static final int BITS = 1 << 16;
    /** Characters most common in Windows command lines, paths and registry keys, most common first. */
    private static final String COMMON = " \\e.aisotrnclmwdx:-/pgfu\"hyb0123";

    /** Two bitmaps under two hashes: a position is compared only when both have its piece (few false alarms). */
    private final long[] bitmap = new long[BITS / 64];
    private final long[] bitmap2 = new long[BITS / 64];
    /** Open addressing: piece to the patterns it stands for, with the piece's offset in each. */
    private final int[] keys;
    private final int[][] entries;
    private final int mask;
    private final char[][] patterns;
    /** The patterns as given, for long values (searched pattern by pattern through their index). */
    private final String[] texts;
    /** The patterns too short for a piece, reporting their index in the caller's list. */
    private final AsciiAutomaton shortOnes;

    private GramScanner(int[] keys, int[][] entries, char[][] patterns, String[] texts, AsciiAutomaton shortOnes) {
        this.keys = keys;
        this.entries = entries;
        this.mask = keys.length - 1;
        this.patterns = patterns;
        this.texts = texts;
        this.shortOnes = shortOnes;
    }

    /** Per ASCII character, how common it is ({@link #COMMON}: its length for the first, 0 for those not there). */
    private static final int[] COMMONNESS = new int[128];

    static {
        for (int i = 0; i < COMMON.length(); i++) {
            COMMONNESS[COMMON.charAt(i)] = COMMON.length() - i;
        }
    }

    static GramScanner build(List<String> list) {
        List<String> shorts = new ArrayList<>();
        List<Integer> shortIds = new ArrayList<>();
        Map<Integer, List<int[]>> byGram = new HashMap<>();
        // How many patterns each piece stands for so far, open addressing over the pieces' keys
        // (the scoring below asks it at every offset of every pattern; a map of boxed keys made
        // this builder a few per cent of a hunt's time).
        int[] sharedKeys = new int[Integer.highestOneBit(Math.max(16, list.size() * 4)) * 2];
        int[] sharedCounts = new int[sharedKeys.length];
        Arrays.fill(sharedKeys, -1);
        char[][] patterns = new char[list.size()][];
        for (int p = 0; p < list.size(); p++) {
            String s = list.get(p);
            patterns[p] = s.toCharArray();
            if (!piece(s)) {
                shorts.add(s); // NON_ASCII, too, is the automaton's to find
                shortIds.add(p);
                continue;
            }
            char[] c = patterns[p];
            // The piece: the least shared so far, then the one of the rarest characters.
            int best = -1;
            long bestScore = Long.MAX_VALUE;
            int commonness = COMMONNESS[c[0]] + COMMONNESS[c[1]] + COMMONNESS[c[2]];
            for (int o = 0; o + GRAM <= c.length; o++) {
                commonness += COMMONNESS[c[o + GRAM - 1]];
                int slot = slotOf(sharedKeys, key(s, o));
                long score = (sharedKeys[slot] == -1 ? 0 : sharedCounts[slot]) * 1000L + commonness;
                if (score < bestScore) {
                    bestScore = score;
                    best = o;
                }
                commonness -= COMMONNESS[c[o]];
            }
            int key = key(s, best);
            byGram.computeIfAbsent(key, k -> new ArrayList<>()).add(new int[] {p, best});
            int slot = slotOf(sharedKeys, key);
            sharedKeys[slot] = key;
            sharedCounts[slot]++;
        }
        int size = Integer.highestOneBit(Math.max(4, byGram.size() * 2)) * 2;
        int[] keys = new int[size];
        Arrays.fill(keys, -1);
        int[][] entries = new int[size][];
        GramScanner g = new GramScanner(keys, entries, patterns, list.toArray(new String[0]),
                shorts.isEmpty() ? null : AsciiAutomaton.build(shorts, shortIds.stream().mapToInt(Integer::intValue).toArray()));
        for (Map.Entry<Integer, List<int[]>> e : byGram.entrySet()) {
            int key = e.getKey();
            int slot = slotOf(keys, key);
            keys[slot] = key;
            int[] flat = new int[e.getValue().size() * 2];
            for (int i = 0; i < e.getValue().size(); i++) {
                flat[2 * i] = e.getValue().get(i)[0];
                flat[2 * i + 1] = e.getValue().get(i)[1];
            }
            entries[slot] = flat;
            int bit = bit(key);
            g.bitmap[bit >>> 6] |= 1L << bit;
            int bit2 = bit2(key);
            g.bitmap2[bit2 >>> 6] |= 1L << bit2;
        }
        return g;
    }

    /** The slot of {@code key} in an open-addressed table of piece keys (-1 for free), or the free slot where it would go. */
    private static int slotOf(int[] keys, int key) {
        int mask = keys.length - 1;
        int slot = hash(key) & mask;
        while (keys[slot] != -1 && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** True when the set is large enough for pieces to pay: many patterns of four characters or more. */
    static boolean suits(List<String> patterns) {
        int longOnes = 0;
        for (String p : patterns) {
            if (piece(p)) {
                longOnes++;
            }
        }
        return longOnes >= 128;
    }

    /** A pattern that a piece can stand for: folded ASCII (not the NON_ASCII marker), four characters or more. */
    private static boolean piece(String p) {
        return p.length() >= GRAM && p.indexOf('\0') < 0 && AsciiAutomaton.accepts(p);
    }

    private static int key(String s, int o) {
        return s.charAt(o) << 21 | s.charAt(o + 1) << 14 | s.charAt(o + 2) << 7 | s.charAt(o + 3);
    }

    private static int hash(int key) {
        return (key * 0x9E3779B1) >>> 7;
    }

    private static int bit(int key) {
        return (key * 0x9E3779B1) >>> 16;
    }

    private static int bit2(int key) {
        return (key * 0x85EBCA6B + 0x27D4EB2F) >>> 16;
    }

    /** A folded ASCII character, or -1 for one that does not fold to ASCII (it breaks every pattern). */
    private static int fold(char c) {
        return CaseFold.toAscii(c);
    }

    @Override
    public String[] indexedTexts() {
        return texts;
    }

    @Override
    public void scanChars(char[] text, int n, AsciiAutomaton.Hits hits) {
        if (shortOnes != null) {
            shortOnes.scanChars(text, n, hits);
        }
        int window = 0;
        int filled = 0;
        long[] bm = bitmap;
        for (int i = 0; i < n; i++) {
            int c = fold(text[i]);
            if (c < 0) {
                filled = 0;
                continue;
            }
            window = window << 7 | c;
            if (++filled < GRAM) {
                continue;
            }
            int key = window & 0x0FFFFFFF;
            int bit = bit(key);
            if ((bm[bit >>> 6] & 1L << bit) != 0) {
                int bit2 = bit2(key);
                if ((bitmap2[bit2 >>> 6] & 1L << bit2) != 0) {
                    verify(text, n, i - GRAM + 1, key, hits);
                }
            }
        }
    }

    private void verify(char[] value, int n, int pieceAt, int key, AsciiAutomaton.Hits hits) {
        int slot = hash(key) & mask;
        while (keys[slot] != -1) {
            if (keys[slot] == key) {
                int[] e = entries[slot];
                for (int k = 0; k < e.length; k += 2) {
                    char[] pat = patterns[e[k]];
                    int start = pieceAt - e[k + 1];
                    if (start < 0 || start + pat.length > n) {
                        continue;
                    }
                    int j = 0;
                    while (j < pat.length && fold(value[start + j]) == pat[j]) {
                        j++;
                    }
                    if (j == pat.length) {
                        hits.hit(e[k]);
                    }
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
    }
}
