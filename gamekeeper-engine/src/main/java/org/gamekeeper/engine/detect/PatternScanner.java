package org.gamekeeper.engine.detect;

import java.util.List;
import org.gamekeeper.engine.ValueSink;
import org.gamekeeper.sigma.compile.CaseFold;
import org.gamekeeper.sigma.compile.TrigramIndex;

/** Finds which of a fixed set of case-folded ASCII patterns a value contains. Immutable, shared by threads. */
interface PatternScanner {
    /** Per-thread buffer the String scans read from: one bulk copy, then plain array reads. */
    ThreadLocal<char[][]> BUFFER = ThreadLocal.withInitial(() -> new char[][] {new char[256]});

    /** The characters of {@code value} in this thread's buffer (valid until the next call on the thread). */
    static char[] chars(String value) {
        int n = value.length();
        char[] buf = buffer(n);
        value.getChars(0, n, buf, 0);
        return buf;
    }

    /** This thread's buffer, at least {@code n} long (a larger one is kept up to 1 Mi characters). */
    private static char[] buffer(int n) {
        char[][] holder = BUFFER.get();
        char[] buf = holder[0];
        if (buf.length < n) {
            buf = new char[Math.max(n, buf.length * 2)];
            if (buf.length <= 1 << 20) {
                holder[0] = buf;
            }
        }
        return buf;
    }

    /** Reports each pattern {@code text[0, n)} contains (possibly more than once). */
    void scanChars(char[] text, int n, AsciiAutomaton.Hits hits);

    /**
     * The patterns as text, for scanners that ask a long value's trigram index pattern by pattern
     * instead of reading it ({@link #scanIndexed}); null for those that always read.
     */
    default String[] indexedTexts() {
        return null;
    }

    /** Reports each pattern {@code value} contains (possibly more than once). */
    default void scan(String value, AsciiAutomaton.Hits hits) {
        String[] texts = indexedTexts();
        if (texts != null && TrigramIndex.indexes(value.length())) {
            scanIndexed(texts, CaseFold.foldedValue(value), hits);
        } else {
            scanChars(chars(value), value.length(), hits);
        }
    }

    /** As {@link #scan}, over {@code length} ASCII bytes at {@code off} (a character each) without building a String. */
    default void scanAscii(byte[] b, int off, int length, AsciiAutomaton.Hits hits) {
        char[] buf = buffer(length);
        for (int i = 0; i < length; i++) {
            buf[i] = (char) (b[off + i] & 0xff);
        }
        scanChars(buf, length, hits);
    }

    /** As {@link #scan}, over {@code chars} UTF-16LE code units at {@code off} without building a String. */
    default void scanUtf16(byte[] data, int off, int chars, AsciiAutomaton.Hits hits) {
        char[] buf = buffer(chars);
        for (int i = 0; i < chars; i++) {
            buf[i] = (char) (data[off + 2 * i] & 0xff | (data[off + 2 * i + 1] & 0xff) << 8);
        }
        scanChars(buf, chars, hits);
    }

    /**
     * Reports each of {@code patterns} (case-folded ASCII, or the {@link AsciiAutomaton#NON_ASCII}
     * marker) that a long value holds, given folded, by asking the value's {@link TrigramIndex}
     * pattern by pattern instead of reading the value: the index is what the rules' own searches
     * of the value use next. A folded ASCII pattern is in a value exactly when it is in the value's
     * folded form (a character folds to an ASCII one exactly when its folded form is that
     * character), and the marker when some folded character is beyond ASCII.
     */
    static void scanIndexed(String[] patterns, String folded, AsciiAutomaton.Hits hits) {
        boolean marker = false;
        for (int p = 0; p < patterns.length; p++) {
            String pattern = patterns[p];
            if (pattern.equals(AsciiAutomaton.NON_ASCII)) {
                marker = true;
            } else if (TrigramIndex.contains(folded, pattern)) {
                hits.hit(p);
            }
        }
        // last, when the searches have built the index, which knows
        if (marker && TrigramIndex.holdsBeyondAscii(folded)) {
            for (int p = 0; p < patterns.length; p++) {
                if (patterns[p].equals(AsciiAutomaton.NON_ASCII)) {
                    hits.hit(p);
                }
            }
        }
    }

    /**
     * True when every pattern holds a character that values other than strings never show
     * (see {@link ValueSink#NON_TEXT_CHARS}): such values need no search.
     */
    static boolean textOnly(List<String> patterns) {
        for (String p : patterns) {
            boolean outside = false;
            for (int i = 0; i < p.length() && !outside; i++) {
                outside = ValueSink.NON_TEXT_CHARS.indexOf(p.charAt(i)) < 0;
            }
            if (!outside) {
                return false;
            }
        }
        return true;
    }

    /** Up to this many patterns (all of four characters or more), sampling always beats the automaton. */
    int MAX_SKIP_PATTERNS = 64;

    /**
     * The scanner for a set of patterns: sampling for long ones (a few, or many when they let it
     * read at most every other position), pieces for very many, else the full automaton.
     */
    static PatternScanner of(List<String> patterns) {
        if (SkipScanner.accepts(patterns) && (patterns.size() <= MAX_SKIP_PATTERNS || SkipScanner.step(patterns) >= 2)) {
            return SkipScanner.build(patterns);
        }
        return GramScanner.suits(patterns) ? GramScanner.build(patterns) : AsciiAutomaton.build(patterns);
    }
}
