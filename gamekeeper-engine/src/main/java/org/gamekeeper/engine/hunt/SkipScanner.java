package org.gamekeeper.engine.hunt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.sigma.compile.CaseFold;

/**
 * Multi-pattern search that skips (Wu–Manber, blocks of two characters): for patterns of at
 * least {@code m} characters, a window of {@code m} characters can only start an occurrence if
 * its last two characters end some pattern's first {@code m}; every other window moves on by up
 * to {@code m - 1} characters without looking at what it skips. Keyword rules search every value
 * of every event for a few long literals ({@code sekurlsa::}, {@code lsadump::}), where this reads
 * a fraction of the characters a full automaton pass reads. Case-folded ASCII patterns, as
 * {@link AsciiAutomaton}; immutable, shared by threads.
 */
final class SkipScanner implements PatternScanner {
    /** Patterns shorter than this gain little from skipping: callers use the automaton instead. */
    static final int MIN_LENGTH = 4;
    private static final int ALPHABET = 128;
    /** Windows longer than this skip no further; longer patterns are verified in full all the same. */
    private static final int MAX_WINDOW = 64;

    private final char[][] patterns;
    private final int window;
    private final byte[] shift;
    /** Per block with shift 0: the patterns whose window ends in it. */
    private final int[][] candidates;

    private SkipScanner(char[][] patterns, int window, byte[] shift, int[][] candidates) {
        this.patterns = patterns;
        this.window = window;
        this.shift = shift;
        this.candidates = candidates;
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

    static SkipScanner build(List<String> patterns) {
        if (!accepts(patterns)) {
            throw new IllegalArgumentException("patterns must be folded ASCII of at least " + MIN_LENGTH + " characters");
        }
        int m = MAX_WINDOW;
        for (String p : patterns) {
            m = Math.min(m, p.length());
        }
        byte[] shift = new byte[ALPHABET * ALPHABET];
        Arrays.fill(shift, (byte) (m - 1));
        List<List<Integer>> cands = new ArrayList<>(ALPHABET * ALPHABET);
        for (int i = 0; i < ALPHABET * ALPHABET; i++) {
            cands.add(null);
        }
        char[][] chars = new char[patterns.size()][];
        for (int p = 0; p < patterns.size(); p++) {
            String s = patterns.get(p);
            chars[p] = s.toCharArray();
            for (int j = 1; j < m; j++) {
                int block = s.charAt(j - 1) << 7 | s.charAt(j);
                shift[block] = (byte) Math.min(shift[block], m - 1 - j);
            }
            int last = s.charAt(m - 2) << 7 | s.charAt(m - 1);
            if (cands.get(last) == null) {
                cands.set(last, new ArrayList<>(1));
            }
            cands.get(last).add(p);
        }
        int[][] candidates = new int[ALPHABET * ALPHABET][];
        for (int b = 0; b < candidates.length; b++) {
            if (cands.get(b) != null) {
                candidates[b] = cands.get(b).stream().mapToInt(Integer::intValue).toArray();
            }
        }
        return new SkipScanner(chars, m, shift, candidates);
    }

    /** A character folded, or 0 (in no pattern) when it does not fold to ASCII. */
    private static int fold(char c) {
        int f = CaseFold.toAscii(c);
        return f < 0 ? 0 : f;
    }

    private static char unit(byte[] b, int off, int i) {
        return (char) (b[off + 2 * i] & 0xff | (b[off + 2 * i + 1] & 0xff) << 8);
    }

    @Override
    public void scanChars(char[] text, int n, AsciiAutomaton.Hits hits) {
        if (n < window) {
            return;
        }
        int m = window;
        int pos = m - 1;
        while (pos < n) {
            char a = text[pos - 1];
            char b = text[pos];
            int block = fold(a) << 7 | fold(b);
            int s = shift[block];
            if (s != 0) {
                pos += s;
                continue;
            }
            int start = pos - m + 1;
            for (int p : candidates[block]) {
                char[] pat = patterns[p];
                if (start + pat.length > n) {
                    continue;
                }
                int k = 0;
                while (k < pat.length && fold(text[start + k]) == pat[k]) {
                    k++;
                }
                if (k == pat.length) {
                    hits.hit(p);
                }
            }
            pos++;
        }
    }

    /**
     * As {@link #scanChars}, over ASCII bytes where they lie: the keyword search over every value
     * of a JSON event reads an eighth of them and copies none.
     */
    @Override
    public void scanAscii(byte[] b, int off, int length, AsciiAutomaton.Hits hits) {
        int m = window;
        int pos = m - 1;
        while (pos < length) {
            int block = FOLD[b[off + pos - 1] & 0x7f] << 7 | FOLD[b[off + pos] & 0x7f];
            int s = shift[block];
            if (s != 0) {
                pos += s;
                continue;
            }
            int start = off + pos - m + 1;
            for (int p : candidates[block]) {
                char[] pat = patterns[p];
                if (start - off + pat.length > length) {
                    continue;
                }
                int k = 0;
                while (k < pat.length && FOLD[b[start + k] & 0x7f] == pat[k]) {
                    k++;
                }
                if (k == pat.length) {
                    hits.hit(p);
                }
            }
            pos++;
        }
    }

    /** {@link #fold} of each ASCII character. */
    private static final char[] FOLD = new char[128];

    static {
        for (char c = 0; c < 128; c++) {
            FOLD[c] = (char) fold(c);
        }
    }

    @Override
    public void scanUtf16(byte[] b, int off, int chars, AsciiAutomaton.Hits hits) {
        int m = window;
        int pos = m - 1;
        while (pos < chars) {
            char u = unit(b, off, pos - 1);
            char v = unit(b, off, pos);
            int block = fold(u) << 7 | fold(v);
            int s = shift[block];
            if (s != 0) {
                pos += s;
                continue;
            }
            int start = pos - m + 1;
            for (int p : candidates[block]) {
                char[] pat = patterns[p];
                if (start + pat.length > chars) {
                    continue;
                }
                int k = 0;
                while (k < pat.length && fold(unit(b, off, start + k)) == pat[k]) {
                    k++;
                }
                if (k == pat.length) {
                    hits.hit(p);
                }
            }
            pos++;
        }
    }
}
