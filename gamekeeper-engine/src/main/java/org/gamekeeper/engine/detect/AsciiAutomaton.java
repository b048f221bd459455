package org.gamekeeper.engine.detect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.sigma.compile.CaseFold;

/**
 * Aho–Corasick over case-folded ASCII: one pass over a value finds every pattern it contains.
 * Patterns must be folded, ASCII-only and non-empty. A value's characters are folded on the fly;
 * a character that does not fold to ASCII cannot be part of any pattern and resets the scan. The
 * automaton is a dense DFA (states × 128), immutable once built, shared by threads.
 */
final class AsciiAutomaton implements PatternScanner {
    private static final int ALPHABET = 128;
    /** The pattern that matches any value holding a character outside ASCII (after folding). */
    static final String NON_ASCII = "\u0000non-ascii";
    private final int[] nonAscii;
    /** Folded ASCII character to its class: 0 for characters in no pattern, else 1.. */
    private final int[] classes;
    /**
     * Transitions, rows of {@code width} classes; each entry is the target state's row offset,
     * negated when patterns end in that state (so the scan tests a sign, not a table).
     */
    private final int[] next;
    private final int width;
    /** Patterns ending at each state (including by failure links), or null. */
    private final int[][] output;

    private AsciiAutomaton(int[] classes, int width, int[] next, int[][] output, int[] nonAscii) {
        this.classes = classes;
        this.width = width;
        this.next = next;
        this.output = output;
        this.nonAscii = nonAscii;
    }

    /** True when every character of the folded pattern is ASCII. */
    static boolean accepts(String folded) {
        if (folded.isEmpty()) {
            return false;
        }
        for (int i = 0; i < folded.length(); i++) {
            if (folded.charAt(i) >= ALPHABET) {
                return false;
            }
        }
        return true;
    }

    static AsciiAutomaton build(List<String> patterns) {
        int[] ids = new int[patterns.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return build(patterns, ids);
    }

    /** As {@link #build(List)}, reporting pattern {@code i} as {@code ids[i]}. */
    static AsciiAutomaton build(List<String> patterns, int[] ids) {
        // Alphabet compression: characters in no pattern share class 0, so rows are narrow.
        int[] classes = new int[ALPHABET];
        int width = 1;
        for (String s : patterns) {
            if (s.equals(NON_ASCII)) {
                continue;
            }
            for (int i = 0; i < s.length(); i++) {
                int c = s.charAt(i);
                if (classes[c] == 0) {
                    classes[c] = width++;
                }
            }
        }
        List<int[]> gotoRows = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        List<Integer> nonAscii = new ArrayList<>();
        gotoRows.add(newRow(width));
        out.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            String s = patterns.get(p);
            if (s.equals(NON_ASCII)) {
                nonAscii.add(ids[p]);
                continue;
            }
            int state = 0;
            for (int i = 0; i < s.length(); i++) {
                int c = classes[s.charAt(i)];
                int[] row = gotoRows.get(state);
                if (row[c] < 0) {
                    row[c] = gotoRows.size();
                    gotoRows.add(newRow(width));
                    out.add(new ArrayList<>());
                }
                state = row[c];
            }
            out.get(state).add(ids[p]);
        }
        int n = gotoRows.size();
        if ((long) n * width > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many patterns for one automaton: " + patterns.size());
        }
        int[] fail = new int[n];
        int[] next = new int[n * width];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < width; c++) {
            int s = gotoRows.get(0)[c];
            if (s < 0) {
                next[c] = 0;
            } else {
                next[c] = s;
                fail[s] = 0;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int r = queue.poll();
            out.get(r).addAll(out.get(fail[r]));
            int[] row = gotoRows.get(r);
            for (int c = 0; c < width; c++) {
                int s = row[c];
                if (s < 0) {
                    next[r * width + c] = next[fail[r] * width + c];
                } else {
                    next[r * width + c] = s;
                    fail[s] = next[fail[r] * width + c];
                    queue.add(s);
                }
            }
        }
        int[][] output = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            if (!o.isEmpty()) {
                output[s] = o.stream().distinct().mapToInt(Integer::intValue).toArray();
            }
        }
        // Row offsets instead of state numbers, negative where output waits (state 0 has none).
        for (int i = 0; i < next.length; i++) {
            int t = next[i];
            next[i] = output[t] != null ? -(t * width) : t * width;
        }
        return new AsciiAutomaton(classes, width, next, output, nonAscii.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] newRow(int width) {
        int[] r = new int[width];
        Arrays.fill(r, -1);
        return r;
    }

    /** Receives the index of each pattern found (possibly more than once). */
    interface Hits {
        void hit(int pattern);
    }

    @Override
    public void scanChars(char[] text, int n, Hits hits) {
        int at = 0;
        int[] nx = next;
        int[] cls = classes;
        boolean nonAsciiSeen = false;
        for (int i = 0; i < n; i++) {
            int c = CaseFold.toAscii(text[i]);
            if (c < 0) {
                if (!nonAsciiSeen) {
                    nonAsciiSeen = true;
                    for (int p : nonAscii) {
                        hits.hit(p);
                    }
                }
                at = 0;
                continue;
            }
            at = nx[at + cls[c]];
            if (at < 0) {
                at = -at;
                for (int p : output[at / width]) {
                    hits.hit(p);
                }
            }
        }
    }
}
