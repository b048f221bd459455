package org.gamekeeper.sigma.compile;

import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A fast necessary condition for a regular expression: a DFA that accepts every value the
 * expression can find a match in, and perhaps more. RE2/J simulates an NFA, some tens of
 * nanoseconds per character; rules run their expressions on most command lines, and most
 * command lines do not match. This DFA reads a value once, a table lookup per character, and
 * only values it accepts go on to RE2/J, which decides.
 *
 * <p>Over-approximation keeps it small and safe: values are case-folded and the expression is
 * read as if case-insensitive; assertions ({@code ^ $ \b \B \A \z}) match anywhere; the dot
 * matches any character. A construct it does not read (Unicode classes, quoting, back
 * references, large repeats) means no DFA, and the expression runs as before. Built in full
 * once, with a bound on its states; immutable and shared by threads.
 */
public final class RegexDfa {
    /** Bounds: NFA states, DFA states, and DFA table size; beyond them there is no DFA. */
    private static final int MAX_NFA = 20_000;
    private static final int MAX_DFA = 2_000;
    private static final int MAX_TABLE = 400_000;
    private static final int MAX_REPEAT = 1000;

    /** Characters that case folding changes, for the folded image of a class. */
    private static final char[] FOLDING;

    static {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 65536; c++) {
            if (CaseFold.fold((char) c) != c) {
                sb.append((char) c);
            }
        }
        FOLDING = sb.toString().toCharArray();
        boolean onlyLetters = true;
        for (char c : FOLDING) {
            char f = CaseFold.fold(c);
            if (c >= 128 && f < 128 && !Character.isLetter(f)) {
                onlyLetters = false;
            }
        }
        EXACT_FOLDING = onlyLetters;
    }

    /** Folding leaves every character that is not a letter alone (so, without letters, folding changes nothing). */
    private static final boolean EXACT_FOLDING;

    /** Some character between 128 and 255 folds to an ASCII letter (none does today): case-closed sets are then not exact. */
    private static final boolean LATIN1_FOLDS_TO_LETTERS;

    static {
        boolean any = false;
        for (char c = 128; c < 256; c++) {
            char f = CaseFold.fold(c);
            any |= f < 128 && Character.isLetter(f);
        }
        LATIN1_FOLDS_TO_LETTERS = any;
    }

    /** Class of each Latin-1 character as read (folded here, once). */
    private final int[] asciiClass;
    /** Sorted starts of the equivalence classes of characters (index = class). */
    private final char[] starts;
    private final int width;
    private final int[] next;
    private final boolean[] accepting;

    /**
     * The DFA decides alone (see {@link #decide}); {@code dot}: the expression has a dot;
     * {@code letters}: it has ASCII letters; {@code ignoresCase}: it opens with (?i).
     */
    private final boolean exact;
    private final boolean dot;
    private final boolean letters;
    /** ASCII letters only in sets closed under case ({@link Parser#closedLetters}). */
    private final boolean closedLetters;
    private final boolean ignoresCase;
    /** It opens with (?s): its dots take line breaks whatever the caller's flags. */
    private final boolean dotAll;

    /** Texts a value must hold for the DFA to accept it (read from the same tree): asked of long values first. */
    private final RegexRequirement requirement;

    /**
     * The expression reads the beginning or end of the value ({@link Anchor}): the DFA is given
     * {@link #START} before the value and {@link #END} after it, read as these classes.
     */
    private final boolean anchored;
    private final int startClass;
    private final int endClass;
    /** Sentinels given at each end: one per anchor of that end the expression has (they are zero-width: ^^ matches). */
    private final int startAnchors;
    private final int endAnchors;

    private RegexDfa(int[] asciiClass, char[] starts, int width, int[] next, boolean[] accepting, boolean exact, boolean dot,
                     boolean letters, boolean closedLetters, boolean ignoresCase, boolean dotAll, RegexRequirement requirement,
                     boolean anchored, int startClass, int endClass, int startAnchors, int endAnchors) {
        this.anchored = anchored;
        this.startAnchors = startAnchors;
        this.endAnchors = endAnchors;
        this.startClass = startClass;
        this.endClass = endClass;
        this.requirement = requirement;
        this.dotAll = dotAll;
        this.exact = exact;
        this.dot = dot;
        this.letters = letters;
        this.closedLetters = closedLetters;
        this.ignoresCase = ignoresCase;
        this.asciiClass = asciiClass;
        this.starts = starts;
        this.width = width;
        this.next = next;
        this.accepting = accepting;
    }

    /** The DFA for an RE2 expression, or null when it reads something it does not handle or grows too large. */
    public static RegexDfa of(String regex) {
        try {
            Parser p = new Parser(regex);
            Node n = p.parse();
            return build(n, p);
        } catch (Unsupported e) {
            return null;
        }
    }

    /**
     * The texts a value must hold for {@code regex} to find a match in it ({@link RegexRequirement}),
     * read from its syntax tree without building the DFA; nothing for an expression the parser does
     * not read.
     */
    public static RegexRequirement requirementOf(String regex) {
        try {
            return RegexRequirement.of(new Parser(regex).parse());
        } catch (Unsupported e) {
            return RegexRequirement.NONE;
        }
    }

    /** {@link #decide}: RE2/J would find no match. */
    public static final int NO = 0;
    /** {@link #decide}: RE2/J would find a match. */
    public static final int YES = 1;
    /** {@link #decide}: perhaps; ask RE2/J. */
    public static final int MAYBE = 2;

    /**
     * NO when the expression certainly finds no match in {@code value}; YES when it certainly
     * does; else MAYBE (ask RE2/J). The DFA knows for expressions without negations, assertions
     * or flags other than a leading (?i), whose letters (if any) are all read without regard to
     * case ({@code ignoreCase} or the leading (?i)), on values where it reads as RE2/J reads: only
     * Latin-1 characters when the expression has a dot or letters (surrogate pairs, and foldings
     * such as dotless i, differ), and no line break under a dot unless {@code dotAll}.
     */
    public int decide(String value, boolean dotAll, boolean ignoreCase) {
        if (value.length() >= JUMP_FROM && !anchored) {
            Jumps jumps = jumps();
            if (jumps != null) {
                return decideByJumps(value, dotAll, ignoreCase, jumps);
            }
        }
        return decideReading(value, dotAll, ignoreCase);
    }

    /** As {@link #decide}, reading every character. */
    int decideReading(String value, boolean dotAll, boolean ignoreCase) {
        int[] nx = next;
        int at = 0;
        int n = value.length();
        if (anchored) {
            if (n == 0) {
                return MAYBE; // both ends at one place, read in any order: RE2/J
            }
            for (int k = 0; k < startAnchors; k++) {
                at = nx[at + startClass];
            }
        }
        int[] ascii = asciiClass;
        boolean wide = false;
        // Accepting states are final: a long value stops being read once one is reached (checked
        // every block, so short values pay nothing); the rest is then only looked at for what
        // decides YES or MAYBE below.
        for (int i = 0; i < n; ) {
            for (int end = Math.min(n, i + ACCEPT_CHECK); i < end; i++) {
                char c = value.charAt(i);
                if (c < 256) {
                    at = nx[at + ascii[c]];
                } else {
                    if (c >= START && anchored) {
                        return MAYBE; // a sentinel in the value itself
                    }
                    wide = true;
                    at = nx[at + classOf(CaseFold.fold(c))];
                }
            }
            if (i < n && accepting[at / width]) {
                if (!wide && (dot || letters || closedLetters)) {
                    wide = hasWide(value, i);
                }
                break;
            }
        }
        if (anchored) {
            for (int k = 0; k < endAnchors; k++) {
                at = nx[at + endClass];
            }
        }
        if (!accepting[at / width]) {
            return NO;
        }
        return accepted(value, wide, dotAll, ignoreCase);
    }

    /**
     * YES or MAYBE for a value the DFA accepted: YES only where it reads as RE2/J reads (see
     * {@link #decide}); {@code wide}: the value holds a character beyond Latin-1.
     */
    private int accepted(String value, boolean wide, boolean dotAll, boolean ignoreCase) {
        boolean sure = exact
                && (!letters || ignoreCase || ignoresCase)
                && !(wide && (dot || letters || closedLetters))
                && !(dot && !dotAll && !this.dotAll && value.indexOf('\n') >= 0);
        return sure ? YES : MAYBE;
    }

    /**
     * As {@link #decide}, for a long value, where some state is left by only a few characters
     * (all Latin-1): from such a state the DFA jumps to the next of them with the JDK's search
     * (each character's next place kept, so the value is read once for each), instead of reading
     * every character. An expression such as {@code (?:['"]\s*\+\s*['"].*){10}} spends most of
     * a script waiting for its next quote, after its first match as before it. The DFA ends in
     * the same state; whether the value holds a character beyond Latin-1 (which decides YES or
     * MAYBE) is then read from all of it, as {@link #decide} does whenever it matters.
     */
    int decideByJumps(String value, boolean dotAll, boolean ignoreCase, Jumps jumps) {
        char[][] leave = jumps.leave();
        boolean[] wideToo = jumps.wideToo();
        int at = 0;
        int[] nx = next;
        int[] ascii = asciiClass;
        int n = value.length();
        int w = width;
        // Next place of each Latin-1 character at or after the place it was last looked for
        // from: -2 not looked for yet, -1 none left.
        int[] nextPlace = new int[256];
        Arrays.fill(nextPlace, -2);
        int lastWide = -2; // the value's last character beyond Latin-1 (-1: none), read when first needed
        char[] l = leave[0];
        boolean wideLeaves = wideToo[0];
        for (int i = 0; i < n; i++) {
            if (l != null && wideLeaves && lastWide == -2) {
                lastWide = lastWide(value);
            }
            if (l != null && (!wideLeaves || i > lastWide)) {
                int j = n;
                for (char c : l) {
                    int p = nextPlace[c];
                    if (p != -1 && p < i) {
                        p = value.indexOf(c, i);
                        nextPlace[c] = p;
                    }
                    if (p >= 0 && p < j) {
                        j = p;
                    }
                }
                if (j == n) {
                    break; // this state to the end
                }
                i = j;
            }
            char c = value.charAt(i);
            at = nx[at + (c < 256 ? ascii[c] : classOf(CaseFold.fold(c)))];
            int state = at / w;
            if (accepting[state]) {
                break;
            }
            l = leave[state];
            wideLeaves = wideToo[state];
        }
        if (!accepting[at / width]) {
            return NO;
        }
        boolean wide = (dot || letters || closedLetters) && hasWide(value, 0);
        return accepted(value, wide, dotAll, ignoreCase);
    }

    /**
     * From this many characters on, a value is read by jumps ({@link #decideByJumps}) when the
     * DFA has states to jump from: below it, setting up the search costs more than it saves.
     */
    static final int JUMP_FROM = 1024;

    /** Up to this many characters leaving a state, a long value is read by jumps from it. */
    private static final int MAX_LEAVING = 4;

    /**
     * The characters that take the DFA out of its start state (empty when more than {@link
     * #MAX_LEAVING} do or one beyond Latin-1 does): for tests.
     */
    char[] leaving() {
        Jumps j = jumps();
        return j == null || j.leave()[0] == null || j.wideToo()[0] ? new char[0] : j.leave()[0];
    }

    /**
     * Per state, the Latin-1 characters that leave it when they are few (else null), and
     * whether a character beyond Latin-1 leaves it too (a surrogate, where the dot reads a whole
     * code point): the DFA then jumps from it only past the value's last such character.
     */
    record Jumps(char[][] leave, boolean[] wideToo) {
    }

    /** {@link #jumps} before it is worked out (null); then the answer, or {@link #NO_JUMPS} when no state has few. */
    private volatile Jumps jumps;
    private static final Jumps NO_JUMPS = new Jumps(null, null);

    /**
     * Per state, the Latin-1 characters that take the DFA out of it, when they are at most {@link
     * #MAX_LEAVING} (else null for that state); null when no state has so few. Worked out at the
     * first long value (by any thread that finds none yet: each works out
     * the same; volatile, so a thread that finds one finds it filled).
     */
    Jumps jumps() {
        Jumps known = jumps;
        if (known == null) {
            known = workOutJumps();
            jumps = known;
        }
        return known == NO_JUMPS ? null : known;
    }

    private Jumps workOutJumps() {
        // Which classes hold a character beyond Latin-1, and the Latin-1 characters of each class.
        boolean[] wideClass = new boolean[width];
        int from = 256;
        while (from <= Character.MAX_VALUE) {
            int cls = classOf(CaseFold.fold((char) from));
            wideClass[cls] = true;
            from++;
        }
        List<List<Character>> latin1 = new ArrayList<>();
        for (int cls = 0; cls < width; cls++) {
            latin1.add(new ArrayList<>());
        }
        for (int c = 0; c < 256; c++) {
            latin1.get(asciiClass[c]).add((char) c);
        }
        int states = next.length / width;
        char[][] leave = new char[states][];
        boolean[] wideToo = new boolean[states];
        boolean any = false;
        for (int s = 0; s < states; s++) {
            int self = s * width;
            StringBuilder b = new StringBuilder();
            boolean few = true;
            for (int cls = 0; cls < width && few; cls++) {
                if (next[self + cls] != self) {
                    wideToo[s] |= wideClass[cls];
                    if (b.length() + latin1.get(cls).size() > MAX_LEAVING) {
                        few = false;
                    } else {
                        latin1.get(cls).forEach(b::append);
                    }
                }
            }
            if (few && b.length() > 0) {
                leave[s] = b.toString().toCharArray();
                any = true;
            }
        }
        return any ? new Jumps(leave, wideToo) : NO_JUMPS;
    }

    /** Characters read between looks at whether an accepting (final) state has been reached. */
    private static final int ACCEPT_CHECK = 4096;

    private static boolean hasWide(String value, int from) {
        int n = value.length();
        if (n - from < LONG_WIDE_CHECK) {
            for (int i = from; i < n; i++) {
                if (value.charAt(i) >= 256) {
                    return true;
                }
            }
            return false;
        }
        return lastWide(value) >= from;
    }

    /** The place of the value's last character beyond Latin-1, or -1 (see {@link #hasWide}). */
    private static int lastWide(String value) {
        int n = value.length();
        if (n < LONG_WIDE_CHECK) {
            for (int i = n - 1; i >= 0; i--) {
                if (value.charAt(i) >= 256) {
                    return i;
                }
            }
            return -1;
        }
        // A long value is asked once per expression that accepts it: its last wide character is
        // found once (from the end) and kept for the thread's next question about the same value.
        LastWide last = LAST_WIDE.get();
        if (last.value.get() != value) {
            int at = -1;
            for (int i = n - 1; i >= 0; i--) {
                if (value.charAt(i) >= 256) {
                    at = i;
                    break;
                }
            }
            last.value = new WeakReference<>(value);
            last.at = at;
        }
        return last.at;
    }

    /** From this many characters to read on, {@link #hasWide} asks the thread's last answer. */
    private static final int LONG_WIDE_CHECK = 4096;

    /** The last long value {@link #hasWide} read on a thread (held weakly) and its last character beyond Latin-1 (-1: none). */
    private static final class LastWide {
        WeakReference<String> value = new WeakReference<>(null);
        int at;
    }

    private static final ThreadLocal<LastWide> LAST_WIDE = ThreadLocal.withInitial(LastWide::new);

    /**
     * The texts a value must hold (folded) for the expression to find a match in it: a
     * conjunction of alternatives, answered for a long value from its {@link TrigramIndex}
     * without reading it through the DFA.
     */
    public RegexRequirement requirement() {
        return requirement;
    }

    /** False when the expression certainly finds no match in {@code value}. */
    public boolean mayMatch(String value) {
        return decide(value, true, true) != NO; // NO depends on the value alone, not on the flags
    }

    private int classOf(char c) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= c) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    // ---- syntax tree -------------------------------------------------------------------------

    private static final class Unsupported extends RuntimeException {
        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    sealed interface Node permits Chars, Cat, Alt, Repeat, Empty, Anchor { }

    /** One character of a set, given as sorted, disjoint inclusive ranges over UTF-16 units. */
    record Chars(int[] ranges) implements Node { }

    record Cat(List<Node> parts) implements Node { }

    record Alt(List<Node> options) implements Node { }

    record Repeat(Node node, int min, int max) implements Node { }

    record Empty() implements Node { }

    /**
     * The beginning ({@code ^}, {@code \A}) or the end ({@code $}, {@code \z}) of the value,
     * outside multi-line mode: read as a sentinel character the DFA is given before the first
     * character ({@link #START}) or after the last ({@link #END}), which no other set holds.
     */
    record Anchor(boolean end) implements Node { }

    /** The sentinels of {@link Anchor}: noncharacters; a value holding either is left to RE2/J. */
    static final char START = '\uFFFE';
    static final char END = '\uFFFF';

    private static final int[] ANY = {0, 0xFFFF};
    private static final int[] DIGIT = {'0', '9'};
    private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

    /** An RE2 reader for the syntax Sigma rules use. */
    private static final class Parser {
        private final String re;
        private int i;
        /** Nothing read so far that folding, assertions or flags could make the DFA accept wrongly. */
        boolean exact = true;
        boolean dot;
        /** ASCII letters: exact only when the whole expression ignores case. */
        boolean letters;
        /**
         * ASCII letters only in sets that hold both cases of each ({@code [A-Za-z]}): folding a
         * Latin-1 value changes nothing they decide; beyond Latin-1 (the Kelvin sign folds to k)
         * RE2/J decides, as for a dot.
         */
        boolean closedLetters;
        /** The expression opens with (?i) (or (?is)) and sets no other flag anywhere. */
        boolean leadingIgnoreCase;
        /** The expression opens with (?s) (or (?is)) and sets no other flag anywhere. */
        boolean leadingDotAll;
        /** It reads the beginning or the end of the value ({@link Anchor}). */
        boolean anchors;
        /** Some group sets or clears the m flag: ^ and $ may then be line anchors, read as nothing (inexact). */
        private final boolean multiline;

        private void chars(int[] set) {
            for (int k = 0; k < set.length; k += 2) {
                if (set[k] <= 'z' && set[k + 1] >= 'A' && !(set[k] > 'Z' && set[k + 1] < 'a')) {
                    // folding reads a letter as either case: exact only if the set holds both
                    for (int c = Math.max(set[k], 'A'); c <= Math.min(set[k + 1], 'z'); c++) {
                        boolean upper = c <= 'Z';
                        if ((upper || c >= 'a') && !contains(set, upper ? c + 32 : c - 32)) {
                            letters = true;
                            return;
                        }
                    }
                    // (were some Latin-1 character to fold to an ASCII letter, even such a set would not be exact)
                    if (LATIN1_FOLDS_TO_LETTERS) {
                        letters = true;
                        return;
                    }
                    closedLetters = true;
                }
            }
        }

        Parser(String re) {
            this.re = re;
            this.multiline = setsMultiline(re);
        }

        /** True when a group's flags name m ({@code (?m)}, {@code (?im:}, {@code (?-m)}); read conservatively. */
        private static boolean setsMultiline(String re) {
            for (int k = re.indexOf("(?"); k >= 0; k = re.indexOf("(?", k + 1)) {
                for (int j = k + 2; j < re.length() && "imsU-".indexOf(re.charAt(j)) >= 0; j++) {
                    if (re.charAt(j) == 'm') {
                        return true;
                    }
                }
            }
            return false;
        }

        Node parse() {
            // Non-ASCII in the expression: case-insensitive orbits beyond ASCII are not worth
            // proving here (ASCII's two, K and S, fold as RE2 folds them).
            for (int k = 0; k < re.length(); k++) {
                if (re.charAt(k) >= 128) {
                    throw new Unsupported("characters outside ASCII");
                }
            }
            Node n = alternation(0);
            if (i != re.length()) {
                throw new Unsupported("unbalanced parenthesis");
            }
            return n;
        }

        private Node alternation(int depth) {
            if (depth > 100) {
                throw new Unsupported("nesting");
            }
            List<Node> options = new ArrayList<>();
            options.add(sequence(depth));
            while (i < re.length() && re.charAt(i) == '|') {
                i++;
                options.add(sequence(depth));
            }
            return options.size() == 1 ? options.get(0) : new Alt(options);
        }

        private Node sequence(int depth) {
            List<Node> parts = new ArrayList<>();
            while (i < re.length()) {
                char c = re.charAt(i);
                if (c == '|' || c == ')') {
                    break;
                }
                Node atom = atom(depth);
                parts.add(quantified(atom));
            }
            return parts.size() == 1 ? parts.get(0) : new Cat(parts);
        }

        private Node quantified(Node atom) {
            while (i < re.length()) {
                char c = re.charAt(i);
                int min;
                int max;
                if (c == '*') {
                    min = 0;
                    max = -1;
                    i++;
                } else if (c == '+') {
                    min = 1;
                    max = -1;
                    i++;
                } else if (c == '?') {
                    min = 0;
                    max = 1;
                    i++;
                } else if (c == '{') {
                    int[] r = repeat();
                    if (r == null) {
                        return atom; // a literal brace: the next atom reads it
                    }
                    min = r[0];
                    max = r[1];
                } else {
                    return atom;
                }
                if (i < re.length() && re.charAt(i) == '?') {
                    i++; // lazy: the same set of matches
                }
                atom = new Repeat(atom, min, max);
            }
            return atom;
        }

        /** {n}, {n,}, {n,m} at i; null (i unchanged) when the brace is a literal. */
        private int[] repeat() {
            int j = i + 1;
            int n = 0;
            int start = j;
            while (j < re.length() && Character.isDigit(re.charAt(j)) && j - start < 5) {
                n = n * 10 + re.charAt(j++) - '0';
            }
            if (j == start) {
                return null;
            }
            int m = n;
            if (j < re.length() && re.charAt(j) == ',') {
                j++;
                int s2 = j;
                m = 0;
                while (j < re.length() && Character.isDigit(re.charAt(j)) && j - s2 < 5) {
                    m = m * 10 + re.charAt(j++) - '0';
                }
                if (j == s2) {
                    m = -1;
                }
            }
            if (j >= re.length() || re.charAt(j) != '}') {
                return null;
            }
            if (n > MAX_REPEAT || m > MAX_REPEAT || m >= 0 && m < n) {
                throw new Unsupported("repeat bounds");
            }
            i = j + 1;
            return new int[] {n, m};
        }

        private Node atom(int depth) {
            char c = re.charAt(i);
            switch (c) {
                case '(' -> {
                    return group(depth);
                }
                case '[' -> {
                    return charClass();
                }
                case '.' -> {
                    i++;
                    dot = true;
                    return anyCodePoint(ANY);
                }
                case '^', '$' -> {
                    i++;
                    if (!multiline) {
                        anchors = true;
                        return new Anchor(c == '$');
                    }
                    exact = false;
                    return new Empty();
                }
                case '\\' -> {
                    return escape();
                }
                case '*', '+', '?' -> throw new Unsupported("quantifier without operand");
                default -> {
                    i++;
                    int[] set = {c, c};
                    chars(set);
                    return new Chars(set);
                }
            }
        }

        private Node group(int depth) {
            i++; // (
            if (i < re.length() && re.charAt(i) == '?') {
                i++;
                if (i < re.length() && (re.charAt(i) == 'P' || re.charAt(i) == '<')) {
                    if (re.charAt(i) == 'P') {
                        i++;
                    }
                    if (i >= re.length() || re.charAt(i) != '<') {
                        throw new Unsupported("group syntax");
                    }
                    int close = re.indexOf('>', i);
                    if (close < 0) {
                        throw new Unsupported("group name");
                    }
                    i = close + 1;
                } else {
                    // Flags: (?flags) applies to the rest, (?flags:...) is a group. Every flag
                    // is read away (case: all is folded; s: the dot is any; m, U: no effect here).
                    int flagsAt = i;
                    while (i < re.length() && "imsU-".indexOf(re.charAt(i)) >= 0) {
                        i++;
                    }
                    String flags = re.substring(flagsAt, i);
                    if (flagsAt == 2 && i < re.length() && re.charAt(i) == ')'
                            && (flags.equals("i") || flags.equals("s") || flags.equals("is") || flags.equals("si"))) {
                        // A leading (?i), (?s) or both: what the DFA reads anyway (all folded,
                        // the dot any character), so it stays exact.
                        leadingIgnoreCase |= flags.indexOf('i') >= 0;
                        leadingDotAll |= flags.indexOf('s') >= 0;
                    } else if (i > flagsAt) {
                        exact = false;
                    }
                    if (i >= re.length()) {
                        throw new Unsupported("flags");
                    }
                    if (re.charAt(i) == ')') {
                        i++;
                        if (i < re.length() && "*+?{".indexOf(re.charAt(i)) >= 0) {
                            throw new Unsupported("quantified flags"); // RE2 applies it to the atom before
                        }
                        return new Empty();
                    }
                    if (re.charAt(i) != ':') {
                        throw new Unsupported("group syntax");
                    }
                    i++;
                }
            }
            Node inner = alternation(depth + 1);
            if (i >= re.length() || re.charAt(i) != ')') {
                throw new Unsupported("unclosed group");
            }
            i++;
            return inner;
        }

        private Node escape() {
            if (i + 1 >= re.length()) {
                throw new Unsupported("trailing backslash");
            }
            char e = re.charAt(i + 1);
            switch (e) {
                case 'A', 'z' -> {
                    i += 2;
                    anchors = true;
                    return new Anchor(e == 'z');
                }
                case 'b', 'B' -> {
                    i += 2;
                    exact = false;
                    return new Empty();
                }
                case 'd', 's', 'w', 'D', 'S', 'W' -> {
                    i += 2;
                    int[] set = perlClass(e);
                    if (Character.isUpperCase(e)) {
                        int[] excluded = complement(set);
                        chars(excluded);
                        negation(excluded);
                        return anyCodePoint(set);
                    }
                    chars(set);
                    return new Chars(set);
                }
                default -> {
                    int v = escapedChar();
                    int[] set = {v, v};
                    chars(set);
                    return new Chars(set);
                }
            }
        }

        /** A single-character escape at i (consumed): \n, \x41, \., ... */
        private int escapedChar() {
            char e = re.charAt(i + 1);
            int v;
            switch (e) {
                case 'a' -> v = 7;
                case 'f' -> v = '\f';
                case 't' -> v = '\t';
                case 'n' -> v = '\n';
                case 'r' -> v = '\r';
                case 'v' -> v = 11;
                case 'x' -> {
                    int j = i + 2;
                    if (j < re.length() && re.charAt(j) == '{') {
                        int close = re.indexOf('}', j);
                        if (close < 0 || close - j > 7) {
                            throw new Unsupported("hex escape");
                        }
                        v = hex(re.substring(j + 1, close));
                        i = close + 1;
                    } else {
                        if (j + 2 > re.length()) {
                            throw new Unsupported("hex escape");
                        }
                        v = hex(re.substring(j, j + 2));
                        i = j + 2;
                    }
                    if (v >= 128) {
                        throw new Unsupported("characters outside ASCII"); // see parse()
                    }
                    return v;
                }
                default -> {
                    if (Character.isLetterOrDigit(e) || e >= 128) {
                        throw new Unsupported("escape \\" + e);
                    }
                    v = e;
                }
            }
            i += 2;
            return v;
        }

        private static int hex(String s) {
            if (s.isEmpty()) {
                throw new Unsupported("hex escape");
            }
            int v = 0;
            for (char c : s.toCharArray()) {
                int d = Character.digit(c, 16);
                if (d < 0) {
                    throw new Unsupported("hex escape");
                }
                v = v * 16 + d;
            }
            return v;
        }

        /**
         * A negated class excluding {@code excluded}: the DFA reads folded values, so where the
         * excluded characters have a case (a letter the folding changes, or one it gives) the
         * folded image of the class takes characters RE2/J would not, and the DFA is not exact.
         * Without such characters folding changes nothing on either side; the class is then read
         * like a dot (a value beyond Latin-1 is left to RE2/J).
         */
        private void negation(int[] excluded) {
            for (char c : FOLDING) {
                if (contains(excluded, c) || contains(excluded, CaseFold.fold(c))) {
                    exact = false;
                    return;
                }
            }
            dot = true;
        }

        private static int[] perlClass(char e) {
            int[] set = switch (Character.toLowerCase(e)) {
                case 'd' -> DIGIT;
                case 's' -> SPACE;
                default -> WORD;
            };
            return Character.isUpperCase(e) ? complement(set) : set;
        }

        /** [...] at i, consumed; negated classes also match characters outside the BMP (see anyCodePoint). */
        private Node charClass() {
            i++; // [
            boolean negated = false;
            if (i < re.length() && re.charAt(i) == '^') {
                negated = true;
                i++;
            }
            List<int[]> items = new ArrayList<>();
            boolean first = true;
            boolean wide = false; // holds \D, \S or \W: code points outside the BMP too
            while (true) {
                if (i >= re.length()) {
                    throw new Unsupported("unclosed class");
                }
                char c = re.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
                    throw new Unsupported("POSIX class");
                }
                int lo;
                if (c == '\\') {
                    if (i + 1 >= re.length()) {
                        throw new Unsupported("trailing backslash");
                    }
                    char e = re.charAt(i + 1);
                    if ("dswDSW".indexOf(e) >= 0) {
                        wide |= Character.isUpperCase(e);
                        items.add(perlClass(e));
                        i += 2;
                        continue;
                    }
                    lo = escapedChar();
                } else {
                    lo = c;
                    i++;
                }
                int hi = lo;
                if (i + 1 < re.length() && re.charAt(i) == '-' && re.charAt(i + 1) != ']') {
                    i++;
                    char d = re.charAt(i);
                    if (d == '\\') {
                        hi = escapedChar();
                    } else {
                        hi = d;
                        i++;
                    }
                    if (hi < lo) {
                        throw new Unsupported("bad range");
                    }
                }
                items.add(new int[] {lo, hi});
            }
            int[] set = union(items);
            chars(set);
            if (wide) {
                exact = false;
            }
            if (negated) {
                negation(set);
                return anyCodePoint(complement(set));
            }
            return wide ? anyCodePoint(set) : new Chars(set);
        }

        /** A class that can match a code point outside the BMP: one unit, or a surrogate pair. */
        private Node anyCodePoint(int[] set) {
            return new Alt(List.of(new Chars(union(List.of(set, new int[] {0xD800, 0xDFFF}))),
                    new Cat(List.of(new Chars(new int[] {0xD800, 0xDBFF}), new Chars(new int[] {0xDC00, 0xDFFF})))));
        }
    }

    static int[] union(List<int[]> sets) {
        int total = 0;
        for (int[] set : sets) {
            total += set.length / 2;
        }
        long[] ranges = new long[total];
        int k = 0;
        for (int[] set : sets) {
            for (int i = 0; i < set.length; i += 2) {
                ranges[k++] = (long) set[i] << 32 | set[i + 1];
            }
        }
        Arrays.sort(ranges);
        int[] out = new int[total * 2];
        int m = 0;
        int lo = -1;
        int hi = -2;
        for (long r : ranges) {
            int a = (int) (r >>> 32);
            int b = (int) r;
            if (a > hi + 1) {
                if (lo >= 0) {
                    out[m++] = lo;
                    out[m++] = hi;
                }
                lo = a;
                hi = b;
            } else {
                hi = Math.max(hi, b);
            }
        }
        if (lo >= 0) {
            out[m++] = lo;
            out[m++] = hi;
        }
        return Arrays.copyOf(out, m);
    }

    static int[] complement(int[] set) {
        List<Integer> out = new ArrayList<>();
        int from = 0;
        for (int k = 0; k < set.length; k += 2) {
            if (set[k] > from) {
                out.add(from);
                out.add(set[k] - 1);
            }
            from = set[k + 1] + 1;
        }
        if (from <= 0xFFFF) {
            out.add(from);
            out.add(0xFFFF);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The set with the folded form of each member added: what folded values may show of it. */
    static int[] folded(int[] set) {
        List<int[]> add = new ArrayList<>();
        add.add(set);
        for (int k = 0; k < set.length; k += 2) {
            for (int c = set[k]; c <= Math.min(set[k + 1], 127); c++) {
                char f = CaseFold.fold((char) c);
                add.add(new int[] {f, f});
            }
        }
        // The characters beyond ASCII that folding changes, range by range (FOLDING is sorted):
        // a set of a few letters, as most of a literal's are, has none to look at.
        for (int k = 0; k < set.length; k += 2) {
            int lo = Math.max(set[k], 128);
            int hi = set[k + 1];
            if (lo > hi) {
                continue;
            }
            int at = Arrays.binarySearch(FOLDING, (char) lo); // FOLDING's characters are distinct
            for (int i = at >= 0 ? at : -at - 1; i < FOLDING.length && FOLDING[i] <= hi; i++) {
                char f = CaseFold.fold(FOLDING[i]);
                add.add(new int[] {f, f});
            }
        }
        return union(add);
    }

    /**
     * The classes (by their first characters, sorted) that {@code set} holds: classes never
     * straddle a set's bounds, so a class is in the set when its first character is. Read as a
     * merge of the two sorted lists: every set of the NFA is sorted and disjoint ({@link #union}'s
     * output, a prefix of one, or a sentinel).
     */
    private static BitSet classesIn(int[] set, char[] starts, int width) {
        BitSet r = new BitSet(width);
        int k = 0;
        for (int cls = 0; cls < width; cls++) {
            int c = starts[cls];
            while (k < set.length && set[k + 1] < c) {
                k += 2;
            }
            if (k >= set.length) {
                break;
            }
            if (c >= set[k]) {
                r.set(cls);
            }
        }
        return r;
    }

    private static boolean contains(int[] set, int c) {
        for (int k = 0; k < set.length; k += 2) {
            if (c >= set[k] && c <= set[k + 1]) {
                return true;
            }
        }
        return false;
    }

    // ---- NFA and DFA -------------------------------------------------------------------------

    /** Thompson NFA: per state, a set to read (index into sets) or -1, and up to two epsilon moves. */
    private static final class Nfa {
        final List<int[]> sets = new ArrayList<>();
        final List<Integer> read = new ArrayList<>();
        final List<Integer> out1 = new ArrayList<>();
        final List<Integer> out2 = new ArrayList<>();
        /** Folded image per set node: a repeat copies its node many times, the image is the same. */
        final Map<Chars, int[]> foldedSets = new IdentityHashMap<>();
        /** The expression reads anchors: no other set may hold their sentinels. */
        boolean anchored;
        /** Anchor states built, of each end: anchors are zero-width, so {@code ^^} reads as many sentinels as it has anchors. */
        int startAnchors;
        int endAnchors;
        private static final int[] START_SET = {START, START};
        private static final int[] END_SET = {END, END};

        int state(int set) {
            if (read.size() >= MAX_NFA) {
                throw new Unsupported("NFA too large");
            }
            read.add(set);
            out1.add(-1);
            out2.add(-1);
            return read.size() - 1;
        }

        /** A fragment: entry state and the exit state (an epsilon state whose out1 is to be patched). */
        int[] build(Node n) {
            if (n instanceof Chars c) {
                int s = state(sets.size());
                sets.add(foldedSets.computeIfAbsent(c, k -> anchored ? withoutSentinels(folded(k.ranges())) : folded(k.ranges())));
                int exit = state(-1);
                out1.set(s, exit);
                return new int[] {s, exit};
            }
            if (n instanceof Anchor a) {
                if (a.end()) {
                    endAnchors++;
                } else {
                    startAnchors++;
                }
                if (startAnchors > MAX_ANCHORS || endAnchors > MAX_ANCHORS) {
                    throw new Unsupported("anchors");
                }
                int s = state(sets.size());
                sets.add(a.end() ? END_SET : START_SET);
                int exit = state(-1);
                out1.set(s, exit);
                return new int[] {s, exit};
            }
            if (n instanceof Empty) {
                int s = state(-1);
                return new int[] {s, s};
            }
            if (n instanceof Cat cat) {
                int[] first = null;
                int[] last = null;
                for (Node p : cat.parts()) {
                    int[] f = build(p);
                    if (first == null) {
                        first = f;
                    } else {
                        out1.set(last[1], f[0]);
                    }
                    last = f;
                }
                return first == null ? build(new Empty()) : new int[] {first[0], last[1]};
            }
            if (n instanceof Alt alt) {
                int exit = state(-1);
                int entry = -1;
                for (Node o : alt.options()) {
                    int[] f = build(o);
                    out1.set(f[1], exit);
                    if (entry < 0) {
                        entry = f[0];
                    } else {
                        int split = state(-1);
                        out1.set(split, f[0]);
                        out2.set(split, entry);
                        entry = split;
                    }
                }
                return new int[] {entry, exit};
            }
            Repeat r = (Repeat) n;
            int entry = state(-1);
            int at = entry;
            for (int k = 0; k < r.min(); k++) {
                int[] f = build(r.node());
                out1.set(at, f[0]);
                at = f[1];
            }
            if (r.max() < 0) {
                int[] f = build(r.node());
                int loop = state(-1);
                out1.set(at, loop);
                out1.set(loop, f[0]);
                out1.set(f[1], loop);
                int exit = state(-1);
                out2.set(loop, exit);
                return new int[] {entry, exit};
            }
            int exit = state(-1);
            for (int k = r.min(); k < r.max(); k++) {
                int[] f = build(r.node());
                int split = state(-1);
                out1.set(at, split);
                out1.set(split, f[0]);
                out2.set(split, exit);
                at = f[1];
            }
            out1.set(at, exit);
            return new int[] {entry, exit};
        }
    }

    /** Anchors of one end an expression may read (each is one more sentinel given to every value). */
    private static final int MAX_ANCHORS = 8;

    /** The set without the anchors' sentinels (sets are sorted ranges; the sentinels are the last two units). */
    static int[] withoutSentinels(int[] set) {
        int n = set.length;
        while (n > 0 && set[n - 2] >= START) {
            n -= 2; // a range wholly of sentinels
        }
        if (n == set.length && (n == 0 || set[n - 1] < START)) {
            return set;
        }
        int[] out = Arrays.copyOf(set, n);
        if (n > 0 && out[n - 1] >= START) {
            out[n - 1] = START - 1;
        }
        return out;
    }

    private static RegexDfa build(Node root, Parser p) {
        boolean exact = p.exact;
        boolean dot = p.dot;
        Nfa nfa = new Nfa();
        nfa.anchored = p.anchors;
        int[] f = nfa.build(root);
        int match = nfa.state(-1);
        nfa.out1.set(f[1], match);
        int n = nfa.read.size();
        int[] read = new int[n];
        int[] o1 = new int[n];
        int[] o2 = new int[n];
        for (int s = 0; s < n; s++) {
            read[s] = nfa.read.get(s);
            o1[s] = nfa.out1.get(s);
            o2[s] = nfa.out2.get(s);
        }
        // Equivalence classes of characters: the boundaries of every set.
        TreeSet<Integer> bounds = new TreeSet<>();
        bounds.add(0);
        Set<int[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(nfa.sets);
        for (int[] set : distinct) {
            for (int k = 0; k < set.length; k += 2) {
                bounds.add(set[k]);
                if (set[k + 1] < 0xFFFF) {
                    bounds.add(set[k + 1] + 1);
                }
            }
        }
        char[] starts = new char[bounds.size()];
        int w = 0;
        for (int b : bounds) {
            starts[w++] = (char) b;
        }
        int width = starts.length;
        // Per set, the classes it reads.
        BitSet[] reads = new BitSet[nfa.sets.size()];
        Map<int[], BitSet> readsOf = new IdentityHashMap<>();
        for (int k = 0; k < reads.length; k++) {
            int[] set = nfa.sets.get(k);
            reads[k] = readsOf.computeIfAbsent(set, x -> classesIn(x, starts, width));
        }
        int[] asciiClass = new int[128];
        RegexDfa probe = new RegexDfa(null, starts, width, null, null, false, false, false, false, false, false, RegexRequirement.NONE,
                false, 0, 0, 0, 0);
        for (int c = 0; c < 128; c++) {
            asciiClass[c] = probe.classOf((char) c);
        }
        // Subset construction, unanchored: the start state joins every step.
        Map<IntKey, Integer> ids = new HashMap<>();
        List<int[]> dstates = new ArrayList<>();
        List<Boolean> acc = new ArrayList<>();
        Closures cl = new Closures(read, o1, o2);
        int[] start = cl.of(new int[] {f[0]}, 1);
        ids.put(new IntKey(start), 0);
        dstates.add(start);
        acc.add(Arrays.binarySearch(start, match) >= 0);
        List<int[]> rows = new ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        while (!queue.isEmpty()) {
            int d = queue.poll();
            int[] row = new int[width];
            while (rows.size() <= d) {
                rows.add(null);
            }
            rows.set(d, row);
            int[] members = dstates.get(d);
            if (acc.get(d)) {
                Arrays.fill(row, d); // accepting is final: the scan stops there
                continue;
            }
            // Where each class leads, gathered in one pass over the members (each reads few classes).
            int[][] movedBy = new int[width][];
            int[] movedCount = new int[width];
            for (int s : members) {
                if (read[s] < 0) {
                    continue;
                }
                BitSet r = reads[read[s]];
                for (int cls = r.nextSetBit(0); cls >= 0 && cls < width; cls = r.nextSetBit(cls + 1)) {
                    if (movedBy[cls] == null) {
                        movedBy[cls] = new int[members.length + 1];
                    }
                    movedBy[cls][movedCount[cls]++] = o1[s];
                }
            }
            // Classes that move the same members lead to the same state: each distinct move is
            // closed once. A class that moves none leads to the closure of the start alone: state 0.
            Map<IntKey, Integer> targetOfMove = new HashMap<>();
            for (int cls = 0; cls < width; cls++) {
                int[] moved = movedBy[cls];
                int m = movedCount[cls];
                if (moved == null) {
                    row[cls] = 0;
                    continue;
                }
                moved[m] = f[0];
                IntKey move = new IntKey(Arrays.copyOf(moved, m + 1));
                Integer t = targetOfMove.get(move);
                if (t == null) {
                    t = target(cl.of(moved, m + 1), ids, dstates, acc, queue, match, width);
                    if (t < 0) {
                        return null;
                    }
                    targetOfMove.put(move, t);
                }
                row[cls] = t;
            }
        }
        int[] next = new int[dstates.size() * width];
        boolean[] accepting = new boolean[dstates.size()];
        for (int d = 0; d < dstates.size(); d++) {
            int[] row = rows.get(d);
            for (int cls = 0; cls < width; cls++) {
                next[d * width + cls] = row[cls] * width;
            }
            accepting[d] = acc.get(d);
        }
        // Latin-1 by the raw character, its folding looked up once here.
        int[] byRaw = new int[256];
        for (int c = 0; c < 256; c++) {
            char folded = CaseFold.fold((char) c);
            byRaw[c] = folded < 128 ? asciiClass[folded] : probe.classOf(folded);
        }
        return new RegexDfa(byRaw, starts, width, next, accepting, exact && EXACT_FOLDING, dot, p.letters, p.closedLetters, p.leadingIgnoreCase,
                p.leadingDotAll, RegexRequirement.of(root), nfa.anchored, probe.classOf(START), probe.classOf(END), nfa.startAnchors, nfa.endAnchors);
    }

    /** The DFA state of NFA state set {@code target}, added (and queued) when new; -1 when the DFA grows too large. */
    private static int target(int[] target, Map<IntKey, Integer> ids, List<int[]> dstates, List<Boolean> acc,
                              ArrayDeque<Integer> queue, int match, int width) {
        IntKey key = new IntKey(target);
        Integer t = ids.get(key);
        if (t == null) {
            t = dstates.size();
            if (t >= MAX_DFA || (long) (t + 1) * width > MAX_TABLE) {
                return -1;
            }
            ids.put(key, t);
            dstates.add(target);
            acc.add(Arrays.binarySearch(target, match) >= 0);
            queue.add(t);
        }
        return t;
    }

    /**
     * The reading states (and the match state) reachable by epsilon moves: per NFA state worked
     * out once, a set's as the union of its members'.
     */
    private static final class Closures {
        private final int[] read;
        private final int[] o1;
        private final int[] o2;
        private final int[][] memo;
        private final int[] mark;
        private int generation;
        private final int[] buffer;

        Closures(int[] read, int[] o1, int[] o2) {
            this.read = read;
            this.o1 = o1;
            this.o2 = o2;
            this.memo = new int[read.length][];
            this.mark = new int[read.length];
            this.buffer = new int[read.length];
        }

        private int[] of(int state) {
            int[] c = memo[state];
            if (c == null) {
                int g = ++generation;
                ArrayDeque<Integer> stack = new ArrayDeque<>();
                stack.push(state);
                mark[state] = g;
                int m = 0;
                while (!stack.isEmpty()) {
                    int s = stack.pop();
                    if (read[s] >= 0 || (o1[s] < 0 && o2[s] < 0)) {
                        buffer[m++] = s; // a reading state, or the match state (no moves out)
                        continue;
                    }
                    for (int t : new int[] {o1[s], o2[s]}) {
                        if (t >= 0 && mark[t] != g) {
                            mark[t] = g;
                            stack.push(t);
                        }
                    }
                }
                c = Arrays.copyOf(buffer, m);
                Arrays.sort(c);
                memo[state] = c;
            }
            return c;
        }

        /** The closure of the first {@code count} states of {@code from}, sorted. */
        int[] of(int[] from, int count) {
            for (int k = 0; k < count; k++) {
                if (from[k] >= 0) {
                    of(from[k]); // fill the memo first: it uses mark too
                }
            }
            int g = ++generation;
            int m = 0;
            for (int k = 0; k < count; k++) {
                if (from[k] < 0) {
                    continue;
                }
                for (int s : memo[from[k]]) {
                    if (mark[s] != g) {
                        mark[s] = g;
                        buffer[m++] = s;
                    }
                }
            }
            int[] r = Arrays.copyOf(buffer, m);
            Arrays.sort(r);
            return r;
        }
    }

    private record IntKey(int[] a) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IntKey k && Arrays.equals(a, k.a);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(a);
        }
    }
}
