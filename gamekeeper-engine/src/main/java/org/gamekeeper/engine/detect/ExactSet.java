package org.gamekeeper.engine.detect;

import java.util.Arrays;
import java.util.List;
import org.gamekeeper.sigma.compile.CaseFold;

/**
 * Whole values looked up, not searched: the literals of equality tests ({@code CallTrace: 'Ente'},
 * {@code EventType: 'SetValue'}), folded ASCII. A value is looked up only when it is as long as
 * one of them, so a field's long values cost a length test, and a short literal no longer makes
 * the search of the field's other literals read every character (see {@link SkipScanner}).
 * Immutable, shared by threads.
 */
final class ExactSet {
    /** Lengths of the literals below 64, as bits. */
    private final long shortLengths;
    /** The longest literal's length. */
    private final int longest;
    /** Open addressing: the literal, or null for an empty slot. */
    private final char[][] keys;
    /** Per slot: the literal's index in the list it was built from. */
    private final int[] ids;
    private final int mask;

    private ExactSet(long shortLengths, int longest, char[][] keys, int[] ids) {
        this.shortLengths = shortLengths;
        this.longest = longest;
        this.keys = keys;
        this.ids = ids;
        this.mask = keys.length - 1;
    }

    /** True when a literal can be looked up here: folded ASCII, not empty. */
    static boolean accepts(String folded) {
        return AsciiAutomaton.accepts(folded) && !folded.equals(AsciiAutomaton.NON_ASCII);
    }

    /** The set of these distinct literals (each {@link #accepts accepted}); a found value reports its literal's index. */
    static ExactSet of(List<String> literals) {
        int slots = Integer.highestOneBit(Math.max(2, literals.size()) * 2) << 1;
        char[][] keys = new char[slots][];
        int[] ids = new int[slots];
        long lengths = 0;
        int longest = 0;
        for (int id = 0; id < literals.size(); id++) {
            String l = literals.get(id);
            if (!accepts(l)) {
                throw new IllegalArgumentException("not a folded ASCII literal: " + l);
            }
            char[] k = l.toCharArray();
            int slot = hash(k, k.length) & slots - 1;
            while (keys[slot] != null) {
                if (Arrays.equals(keys[slot], k)) {
                    throw new IllegalArgumentException("literal twice: " + l);
                }
                slot = slot + 1 & slots - 1;
            }
            keys[slot] = k;
            ids[slot] = id;
            if (k.length < 64) {
                lengths |= 1L << k.length;
            }
            longest = Math.max(longest, k.length);
        }
        return new ExactSet(lengths, longest, keys, ids);
    }

    /** True when some literal is {@code n} characters long. */
    boolean mayHold(int n) {
        return n < 64 ? (shortLengths >>> n & 1) != 0 : n <= longest;
    }

    /** The index of the literal {@code value} folds to, or -1. */
    int find(String value) {
        int n = value.length();
        if (!mayHold(n)) {
            return -1;
        }
        int h = n;
        for (int i = 0; i < n; i++) {
            int c = CaseFold.toAscii(value.charAt(i));
            if (c < 0) {
                return -1; // folds to no ASCII character: equals no literal
            }
            h = 31 * h + c;
        }
        for (int slot = (h ^ h >>> 16) & mask; keys[slot] != null; slot = slot + 1 & mask) {
            char[] k = keys[slot];
            if (k.length == n && same(k, value)) {
                return ids[slot];
            }
        }
        return -1;
    }

    private static boolean same(char[] k, String value) {
        for (int i = 0; i < k.length; i++) {
            if (CaseFold.toAscii(value.charAt(i)) != k[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(char[] k, int n) {
        int h = n;
        for (int i = 0; i < n; i++) {
            h = 31 * h + k[i];
        }
        return h ^ h >>> 16;
    }
}
