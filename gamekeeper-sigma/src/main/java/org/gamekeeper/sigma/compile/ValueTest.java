package org.gamekeeper.sigma.compile;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Predicate;
import org.gamekeeper.sigma.value.SigmaCidr;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaTimePart;

/**
 * A compiled test of one field value. Immutable and allocation-free (regex aside): the
 * matchers pass these straight to {@link org.gamekeeper.sigma.SigmaEvent#anyValue}.
 */
public abstract class ValueTest implements Predicate<String> {

    /** Rough relative cost, used to run cheap tests first. */
    public abstract int cost();

    /** Canonical text for dumps. */
    public abstract String describe();

    /**
     * Folded literals of which a matching value must contain at least one (one per
     * alternative), or null when no literal is required.
     */
    public abstract List<String> literals();

    /**
     * True when a passing value, folded, is one of {@link #literals()} (not only contains one):
     * the test passes only values of a literal's length.
     */
    boolean exactLiterals() {
        return false;
    }

    /**
     * The integers a value must spell (in plain decimal, as EventIDs are written) to pass, or
     * null when the test may pass other values.
     */
    Set<Long> integers() {
        return null;
    }

    /** The integer a plain decimal text spells (up to nine digits), or null. */
    static Long decimal(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(text);
    }

    /**
     * A test against one literal text: the text is folded once here unless the test is cased;
     * the dump shows it as written.
     */
    abstract static class Literal extends ValueTest {
        final String text;
        final String shown;
        final boolean cased;
        private final String name;
        private final int cost;

        Literal(String name, int cost, String text, boolean cased) {
            this.name = name;
            this.cost = cost;
            this.shown = text;
            this.text = cased ? text : CaseFold.fold(text);
            this.cased = cased;
        }

        @Override
        public final int cost() {
            return cost;
        }

        @Override
        public final String describe() {
            return name + " " + quote(shown) + (cased ? " cased" : "");
        }

        @Override
        public final List<String> literals() {
            return List.of(CaseFold.fold(text));
        }
    }

    /** The whole value equals the text. */
    static final class Equals extends Literal {
        Equals(String text, boolean cased) {
            super("equals", 1, text, cased);
        }

        @Override
        Set<Long> integers() {
            Long v = decimal(text);
            return v == null ? null : Set.of(v);
        }

        @Override
        public boolean test(String v) {
            return v.length() == text.length() && (cased ? v.equals(text) : CaseFold.regionEquals(v, 0, text));
        }

        @Override
        boolean exactLiterals() {
            return true;
        }
    }

    static final class StartsWith extends Literal {
        StartsWith(String text, boolean cased) {
            super("startswith", 2, text, cased);
        }

        @Override
        public boolean test(String v) {
            return cased ? v.startsWith(text) : CaseFold.regionEquals(v, 0, text);
        }
    }

    static final class EndsWith extends Literal {
        EndsWith(String text, boolean cased) {
            super("endswith", 2, text, cased);
        }

        @Override
        public boolean test(String v) {
            return cased ? v.endsWith(text) : CaseFold.regionEquals(v, v.length() - text.length(), text);
        }
    }

    static final class Contains extends Literal {
        Contains(String text, boolean cased) {
            super("contains", 4, text, cased);
        }

        @Override
        public boolean test(String v) {
            return CaseFold.contains(cased ? v : CaseFold.foldedValue(v), text);
        }
    }

    /**
     * Wildcards inside the text: tokens are characters (≥ 0) or ANY_ONE, ANY_MANY, DASH. Matched
     * as the pieces between {@code *}s, each found at its earliest place after the one before
     * (right, since every piece has a fixed length): a piece without {@code ?} or dashes is found
     * with the JDK's string search, so a value of megabytes costs a few searches, not a walk per
     * character with backtracking.
     */
    static final class Glob extends ValueTest {
        static final int ANY_ONE = -1;
        static final int ANY_MANY = -2;
        static final int DASH = -3;
        final int[] tokens;
        final boolean cased;
        final String display;
        final String literal;
        /** The pieces between stars, in order (none empty). */
        private final int[][] pieces;
        /** Each piece as text when it holds characters only, else null. */
        private final String[] plain;
        /** Each piece's longest run of characters (its anchor for searching) and that run's offset in the piece. */
        private final String[] anchor;
        private final int[] anchorAt;
        /** Each piece's runs of characters, its anchor first, and their offsets in the piece: long values are searched by them all. */
        private final String[][] runs;
        private final int[][] runAt;
        private final boolean starFirst;
        private final boolean starLast;

        Glob(int[] tokens, boolean cased, String display, String literal) {
            this.tokens = tokens;
            this.cased = cased;
            this.display = display;
            this.literal = literal;
            List<int[]> ps = new ArrayList<>();
            int from = 0;
            for (int i = 0; i <= tokens.length; i++) {
                if (i == tokens.length || tokens[i] == ANY_MANY) {
                    if (i > from) {
                        ps.add(Arrays.copyOfRange(tokens, from, i));
                    }
                    from = i + 1;
                }
            }
            pieces = ps.toArray(new int[0][]);
            plain = new String[pieces.length];
            anchor = new String[pieces.length];
            anchorAt = new int[pieces.length];
            runs = new String[pieces.length][];
            runAt = new int[pieces.length][];
            for (int k = 0; k < pieces.length; k++) {
                int[] p = pieces[k];
                StringBuilder run = new StringBuilder();
                String best = "";
                int bestAt = 0;
                List<String> all = new ArrayList<>();
                List<Integer> allAt = new ArrayList<>();
                for (int i = 0; i <= p.length; i++) {
                    if (i < p.length && p[i] >= 0) {
                        run.append((char) p[i]);
                    } else {
                        if (run.length() > 0) {
                            all.add(run.toString());
                            allAt.add(i - run.length());
                        }
                        if (run.length() > best.length()) {
                            best = run.toString();
                            bestAt = i - run.length();
                        }
                        run.setLength(0);
                    }
                }
                anchor[k] = best;
                anchorAt[k] = bestAt;
                plain[k] = best.length() == p.length ? best : null;
                int a = all.indexOf(best);
                if (a > 0) {
                    all.add(0, all.remove(a));
                    allAt.add(0, allAt.remove(a));
                }
                runs[k] = all.toArray(new String[0]);
                runAt[k] = allAt.stream().mapToInt(Integer::intValue).toArray();
            }
            starFirst = tokens.length > 0 && tokens[0] == ANY_MANY;
            starLast = tokens.length > 0 && tokens[tokens.length - 1] == ANY_MANY;
        }

        @Override
        public boolean test(String v) {
            // The longest plain run must be there (case aside): one fast search rules most values out.
            if (literal.length() >= 2 && !CaseFold.contains(CaseFold.foldedValue(v), literal)) {
                return false;
            }
            String s = cased ? v : CaseFold.foldedValue(v);
            int n = s.length();
            if (pieces.length == 0) {
                return starFirst || n == 0; // "*" (or "**") matches anything; an empty pattern only the empty value
            }
            int pos = 0;
            for (int k = 0; k < pieces.length; k++) {
                int len = pieces[k].length;
                boolean first = k == 0 && !starFirst;
                boolean last = k == pieces.length - 1 && !starLast;
                if (first && last) {
                    return n == len && at(s, 0, k);
                }
                if (first) {
                    if (!at(s, 0, k)) {
                        return false;
                    }
                    pos = len;
                } else if (last) {
                    int start = n - len;
                    return start >= pos && at(s, start, k);
                } else {
                    int found = find(s, pos, k);
                    if (found < 0) {
                        return false;
                    }
                    pos = found + len;
                }
            }
            return true;
        }

        /** Whether piece {@code k} matches {@code s} at {@code start}. */
        private boolean at(String s, int start, int k) {
            int[] p = pieces[k];
            if (start < 0 || start + p.length > s.length()) {
                return false;
            }
            if (plain[k] != null) {
                return s.startsWith(plain[k], start);
            }
            for (int i = 0; i < p.length; i++) {
                if (!one(p[i], s.charAt(start + i))) {
                    return false;
                }
            }
            return true;
        }

        /** The earliest place at or after {@code from} where piece {@code k} matches, or -1. */
        private int find(String s, int from, int k) {
            int len = pieces[k].length;
            if (plain[k] != null) {
                return TrigramIndex.indexOf(s, plain[k], from);
            }
            String a = anchor[k];
            if (s.length() >= TrigramIndex.FROM && !a.isEmpty()) {
                return findByRuns(s, from, k);
            }
            if (a.isEmpty()) {
                for (int i = from; i + len <= s.length(); i++) {
                    if (at(s, i, k)) {
                        return i;
                    }
                }
                return -1;
            }
            int off = anchorAt[k];
            for (int j = TrigramIndex.indexOf(s, a, from + off); j >= 0; j = TrigramIndex.indexOf(s, a, j + 1)) {
                int start = j - off;
                if (start + len > s.length()) {
                    return -1;
                }
                if (at(s, start, k)) {
                    return start;
                }
            }
            return -1;
        }

        /**
         * As {@link #find}, for a long value: at each candidate place, every run of the piece is
         * searched from where it must be, and the one found furthest from its place decides the
         * next candidate (no place before it can hold the piece); a run not found at all ends the
         * search. Searching the anchor alone and trying each of its places read a hostile value's
         * thousands of them one by one (a path that occurs all over the value, in a piece that
         * needs a character next to it which the value never has).
         */
        private int findByRuns(String s, int from, int k) {
            String[] rs = runs[k];
            int[] offsets = runAt[k];
            int len = pieces[k].length;
            int start = Math.max(from, 0);
            while (start <= s.length() - len) {
                int next = start;
                for (int r = 0; r < rs.length; r++) {
                    int q = TrigramIndex.indexOf(s, rs[r], start + offsets[r]);
                    if (q < 0) {
                        return -1;
                    }
                    next = Math.max(next, q - offsets[r]);
                }
                if (next == start) {
                    if (at(s, start, k)) {
                        return start;
                    }
                    next = start + 1;
                }
                start = next;
            }
            return -1;
        }

        private static boolean one(int token, char c) {
            if (token >= 0) {
                return token == c;
            }
            if (token == ANY_ONE) {
                return true;
            }
            return token == DASH && org.gamekeeper.sigma.value.SigmaString.DASHES.indexOf(c) >= 0;
        }

        @Override
        public int cost() {
            return 6;
        }

        @Override
        public String describe() {
            return "matches " + display + (cased ? " cased" : "");
        }

        @Override
        public List<String> literals() {
            return literal.isEmpty() ? null : List.of(literal);
        }
    }

    /** Any value at all (a lone {@code *}). */
    static final class Anything extends ValueTest {
        @Override
        public boolean test(String v) {
            return true;
        }

        @Override
        public int cost() {
            return 0;
        }

        @Override
        public String describe() {
            return "matches '*'";
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    /**
     * The regular expression {@code .{N,}} without RE2/J: a run of at least N characters other
     * than a line end ({@code .} does not match {@code \n} unless the s flag is set).
     */
    static final class CharacterRun extends ValueTest {
        final int n;
        final boolean dotAll;
        final String display;

        CharacterRun(int n, boolean dotAll, String display) {
            this.n = n;
            this.dotAll = dotAll;
            this.display = display;
        }

        @Override
        public boolean test(String v) {
            if (v.length() < n) {
                return false;
            }
            if (dotAll) {
                return true;
            }
            int run = 0;
            for (int i = 0; i < v.length(); i++) {
                if (v.charAt(i) == '\n') {
                    run = 0;
                } else if (++run >= n) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int cost() {
            return 2;
        }

        @Override
        public String describe() {
            return "regex " + display + " (a run of " + n + " characters)";
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    /** RE2/J, run only on values that contain the literal the expression certainly requires (if any). */
    static final class Regex extends ValueTest {
        final Pattern pattern;
        final String display;
        final String required;

        /** What {@link #literals()} gives: the least likely of the texts the expression requires. */
        private final List<String> anchors;

        Regex(Pattern pattern, String display, String required) {
            this.pattern = pattern;
            this.display = display;
            this.required = required;
            this.anchors = anchors(pattern.pattern(), required);
        }

        /**
         * The alternatives a prefilter looks for: of the expression's required clauses ({@link
         * RegexRequirement}, each a set of texts one of which a match holds) and its longest
         * required literal, the one least likely in a value. {@code (?:[a-z]"+[a-z])} requires
         * {@code "}, which half of all command lines hold; {@code \\[a-z0-9]{1,32}\.dll,} requires
         * {@code .dll,}, which few do. Null when nothing is required.
         */
        static List<String> anchors(String regex, String required) {
            List<List<String>> choices = new ArrayList<>(RegexDfa.requirementOf(regex).clauses());
            if (!required.isEmpty()) {
                choices.add(List.of(required));
            }
            List<String> best = null;
            double bestChance = 2;
            for (List<String> clause : choices) {
                if (clause.isEmpty() || clause.contains("")) {
                    continue;
                }
                double chance = Prefilter.of(null, clause).chance();
                if (chance < bestChance) {
                    best = clause;
                    bestChance = chance;
                }
            }
            return best;
        }

        /** A DFA that rules most values out cheaply (built once the expression has been run enough), or NO_DFA when there is none. */
        private volatile Object dfa;
        private static final Object NO_DFA = new Object();

        /**
         * Values and characters the expression is run on by RE2/J before its DFA is built. A
         * DFA takes up to tens of milliseconds to build and saves microseconds a value: on the
         * OTRF exports, 30 of 35 expressions met fewer than 600 values and their DFAs cost more
         * than they saved. Counted racily: the count only decides when, never what matches.
         */
        static final int DFA_AFTER_VALUES = 256;
        static final long DFA_AFTER_CHARS = 1 << 18;
        /**
         * Or once RE2/J has spent this long on the expression: its NFA runs all the states of
         * an expression at each character, and one such as {@code (?:['"]\s*\+\s*['"].*){10}}
         * takes a millisecond a script block, so a few hundred values cost more than the DFA.
         */
        static final long DFA_AFTER_NANOS = 10_000_000L;
        private int valuesBeforeDfa = DFA_AFTER_VALUES;
        private long charsBeforeDfa = DFA_AFTER_CHARS;
        private long nanosBeforeDfa = DFA_AFTER_NANOS;

        /** True once the DFA has been built (or found impossible): for tests. */
        boolean dfaDecided() {
            return dfa != null;
        }

        /**
         * DFAs by expression, shared by the copies of a rule compiled for each log-source mapping:
         * a task per expression, so threads that need the same one at once build it once (a few
         * take tens of milliseconds) and the others wait for it.
         */
        private static final ConcurrentHashMap<String, FutureTask<Object>> DFAS =
                new ConcurrentHashMap<>();
        private static final int MAX_DFAS = 4096;

        private Object dfa() {
            Object d = dfa;
            if (d == null) {
                // multi-line (|re|m): ^ and $ are line anchors, which the DFA reads as nothing (not exact)
                String re = (pattern.flags() & Pattern.MULTILINE) != 0 ? "(?m)" + pattern.pattern() : pattern.pattern();
                FutureTask<Object> task = DFAS.get(re);
                if (task == null) {
                    FutureTask<Object> mine = new FutureTask<>(() -> build(re));
                    task = DFAS.size() < MAX_DFAS ? DFAS.putIfAbsent(re, mine) : null;
                    if (task == null) {
                        task = mine;
                        mine.run();
                    }
                }
                d = result(task, re);
                dfa = d;
            }
            return d;
        }

        private static Object build(String re) {
            RegexDfa built = RegexDfa.of(re);
            return built == null ? NO_DFA : built;
        }

        /** The task's DFA; if waiting for it is interrupted, this thread builds its own (and keeps the interrupt). */
        private static Object result(FutureTask<Object> task, String re) {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return build(re);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re2) {
                    throw re2;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public boolean test(String v) {
            if (!required.isEmpty() && (v.length() < TrigramIndex.FROM ? CaseFold.indexOf(v, required) < 0
                    : !TrigramIndex.contains(CaseFold.foldedValue(v), required))) {
                return false;
            }
            Object d0 = dfa;
            if (d0 == null) {
                if (--valuesBeforeDfa <= 0 | (charsBeforeDfa -= v.length()) <= 0 | nanosBeforeDfa <= 0) {
                    d0 = dfa();
                } else {
                    long start = System.nanoTime();
                    boolean found = pattern.matcher(v).find();
                    nanosBeforeDfa -= System.nanoTime() - start;
                    return found;
                }
            }
            if (d0 instanceof RegexDfa d) {
                // A long value first: are the texts the expression needs there at all (from its index)?
                if (v.length() >= TrigramIndex.FROM && !d.requirement().holdsIn(CaseFold.foldedValue(v))) {
                    return false;
                }
                int r = d.decide(v, (pattern.flags() & Pattern.DOTALL) != 0, (pattern.flags() & Pattern.CASE_INSENSITIVE) != 0);
                if (r != RegexDfa.MAYBE) {
                    return r == RegexDfa.YES;
                }
            }
            return pattern.matcher(v).find();
        }

        @Override
        public int cost() {
            return required.isEmpty() ? 30 : 12;
        }

        @Override
        public String describe() {
            return "regex " + display + (required.isEmpty() ? "" : " requiring " + quote(required));
        }

        @Override
        public List<String> literals() {
            return anchors;
        }
    }

    /** A number written in the rule: the value's text equals it, or the value is the same integer. */
    static final class NumberEquals extends ValueTest {
        final String text;
        final boolean integral;
        final long value;
        final double doubleValue;

        NumberEquals(String text, boolean integral, long value, double doubleValue) {
            this.text = text;
            this.integral = integral;
            this.value = value;
            this.doubleValue = doubleValue;
        }

        /** Also values that spell the number otherwise ("4624.0", "0x1210"): engines must look at those too. */
        @Override
        Set<Long> integers() {
            return integral && value >= 0 && value < 1_000_000_000L ? Set.of(value) : null;
        }

        @Override
        public boolean test(String v) {
            if (v.length() == text.length() && v.equalsIgnoreCase(text)) {
                return true;
            }
            double d = NumberText.parse(v);
            return integral ? d == value : d == doubleValue;
        }

        @Override
        public int cost() {
            return 1;
        }

        @Override
        public String describe() {
            return "number " + text;
        }

        @Override
        public List<String> literals() {
            return integral && value >= 0 ? List.of(text) : null;
        }
    }

    static final class Compare extends ValueTest {
        final SigmaCompare compare;

        Compare(SigmaCompare compare) {
            this.compare = compare;
        }

        @Override
        public boolean test(String v) {
            double d = NumberText.parse(v);
            return d == d && compare.op().test(d, compare.number().doubleValue());
        }

        @Override
        public int cost() {
            return 2;
        }

        @Override
        public String describe() {
            return "number " + compare.canonical();
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    static final class Cidr extends ValueTest {
        final SigmaCidr cidr;

        Cidr(SigmaCidr cidr) {
            this.cidr = cidr;
        }

        @Override
        public boolean test(String v) {
            long[] addr = new long[2];
            if (SigmaCidr.parseV4(v, 0, v.length(), addr)) {
                return cidr.contains(addr[0], addr[1], false);
            }
            return v.indexOf(':') >= 0 && SigmaCidr.parseV6(v, 0, v.length(), addr) && cidr.contains(addr[0], addr[1], true);
        }

        @Override
        public int cost() {
            return 3;
        }

        @Override
        public String describe() {
            return cidr.canonical();
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    static final class TimePart extends ValueTest {
        final SigmaTimePart part;

        TimePart(SigmaTimePart part) {
            this.part = part;
        }

        @Override
        public boolean test(String v) {
            int n = DateText.part(v, part.unit());
            return n >= 0 && part.op().test(n, part.number().doubleValue());
        }

        @Override
        public int cost() {
            return 3;
        }

        @Override
        public String describe() {
            return part.canonical();
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    /**
     * OR of several tests on the same value, cheapest first. Long lists of case-insensitive
     * equals or endswith tests (common in rules: lists of image names) are looked up by the
     * value's length or last character instead of tried one by one.
     */
    static final class AnyOf extends ValueTest {
        static final int INDEX_FROM = 4;
        final ValueTest[] shown;
        final ValueTest[] tests;

        AnyOf(List<ValueTest> tests) {
            this.shown = tests.toArray(new ValueTest[0]);
            List<ValueTest> equals = new ArrayList<>();
            List<ValueTest> ends = new ArrayList<>();
            List<ValueTest> contains = new ArrayList<>();
            List<ValueTest> rest = new ArrayList<>();
            for (ValueTest t : tests) {
                if (t instanceof Equals e && !e.cased) {
                    equals.add(t);
                } else if (t instanceof EndsWith e && !e.cased && !e.text.isEmpty()) {
                    ends.add(t);
                } else if (t instanceof Contains c && !c.cased && !c.text.isEmpty()) {
                    contains.add(t);
                } else {
                    rest.add(t);
                }
            }
            List<ValueTest> sorted = new ArrayList<>();
            if (equals.size() >= INDEX_FROM) {
                sorted.add(new EqualsIndex(equals));
            } else {
                sorted.addAll(equals);
            }
            if (ends.size() >= INDEX_FROM) {
                sorted.add(new EndsWithIndex(ends));
            } else {
                sorted.addAll(ends);
            }
            if (contains.size() >= ContainsIndex.FROM) {
                sorted.add(new ContainsIndex(contains));
            } else {
                sorted.addAll(contains);
            }
            sorted.addAll(rest);
            sorted.sort(Comparator.comparingInt(ValueTest::cost));
            this.tests = sorted.toArray(new ValueTest[0]);
        }

        @Override
        public boolean test(String v) {
            for (ValueTest t : tests) {
                if (t.test(v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int cost() {
            int c = 0;
            for (ValueTest t : tests) {
                c += t.cost();
            }
            return c;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("any of [");
            for (int i = 0; i < shown.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(shown[i].describe());
            }
            return sb.append(']').toString();
        }

        @Override
        Set<Long> integers() {
            Set<Long> all = new TreeSet<>();
            for (ValueTest t : shown) {
                Set<Long> c = t.integers();
                if (c == null) {
                    return null;
                }
                all.addAll(c);
            }
            return all;
        }

        @Override
        public List<String> literals() {
            List<String> out = new ArrayList<>();
            for (ValueTest t : shown) {
                List<String> l = t.literals();
                if (l == null) {
                    return null;
                }
                out.addAll(l);
            }
            return out;
        }

        @Override
        boolean exactLiterals() {
            for (ValueTest t : shown) {
                if (!t.exactLiterals()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Case-insensitive equality with any of many texts, bucketed by length. */
    static final class EqualsIndex extends ValueTest {
        final String[][] byLength = new String[64][];

        EqualsIndex(List<ValueTest> equals) {
            List<List<String>> b = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                b.add(new ArrayList<>());
            }
            for (ValueTest t : equals) {
                String text = ((Equals) t).text;
                b.get(text.length() & 63).add(text);
            }
            for (int i = 0; i < 64; i++) {
                byLength[i] = b.get(i).toArray(new String[0]);
            }
        }

        @Override
        public boolean test(String v) {
            int n = v.length();
            for (String t : byLength[n & 63]) {
                if (t.length() == n && CaseFold.regionEquals(v, 0, t)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int cost() {
            return 2;
        }

        @Override
        public String describe() {
            return "equals-index";
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    /**
     * Many contains-texts at once (emoji lists, command-line flag lists): the folded value is
     * read once, and at each character only the texts that begin with it are compared, instead
     * of one search through the value per text.
     */
    static final class ContainsIndex extends ValueTest {
        static final int FROM = 8;
        /** Texts by their first character: ASCII directly, others through a map. */
        private final String[][] ascii = new String[128][];
        private final Map<Character, String[]> other = new HashMap<>();
        /** First characters beyond ASCII, as bits: most characters of a value start no text. */
        private final long[] otherFirst;
        private final int count;
        /** Every text, for long values, which are searched text by text through their {@link TrigramIndex}. */
        private final String[] texts;
        /**
         * The first two characters of the texts, as bits ({@code c0 << 7 | c1}, both ASCII): a
         * place whose pair no text starts with is passed over without comparing the texts of its
         * first character (a path's backslashes and a command line's common letters start many).
         */
        private final long[] pairs = new long[1 << 8];
        /** ASCII first characters some text of which the pair cannot rule out (one character long, or a second beyond ASCII). */
        private final boolean[] lone = new boolean[128];

        ContainsIndex(List<ValueTest> texts) {
            Map<Character, List<String>> by = new LinkedHashMap<>();
            for (ValueTest t : texts) {
                String text = ((Contains) t).text;
                by.computeIfAbsent(text.charAt(0), k -> new ArrayList<>()).add(text);
            }
            for (var e : by.entrySet()) {
                String[] arr = e.getValue().toArray(new String[0]);
                if (e.getKey() < 128) {
                    ascii[e.getKey()] = arr;
                } else {
                    other.put(e.getKey(), arr);
                }
            }
            this.count = texts.size();
            this.texts = by.values().stream().flatMap(List::stream).toArray(String[]::new);
            for (String text : this.texts) {
                char c0 = text.charAt(0);
                if (c0 >= 128) {
                    continue;
                }
                if (text.length() < 2 || text.charAt(1) >= 128) {
                    lone[c0] = true;
                } else {
                    int pair = c0 << 7 | text.charAt(1);
                    pairs[pair >>> 6] |= 1L << pair;
                }
            }
            this.otherFirst = new long[other.isEmpty() ? 0 : 1024];
            for (char c : other.keySet()) {
                otherFirst[c >>> 6] |= 1L << c;
            }
        }

        @Override
        public boolean test(String v) {
            String f = CaseFold.foldedValue(v);
            if (f.length() >= TrigramIndex.FROM) {
                for (String t : texts) {
                    if (TrigramIndex.contains(f, t)) {
                        return true;
                    }
                }
                return false;
            }
            boolean others = otherFirst.length > 0;
            for (int i = 0, n = f.length(); i < n; i++) {
                char c = f.charAt(i);
                String[] bucket;
                if (c < 128) {
                    bucket = ascii[c];
                    if (bucket != null && !lone[c]) {
                        if (i + 1 == n) {
                            continue; // every text of this character is longer than what is left
                        }
                        char c1 = f.charAt(i + 1);
                        int pair = c << 7 | c1;
                        if (c1 >= 128 || (pairs[pair >>> 6] & 1L << pair) == 0) {
                            continue;
                        }
                    }
                } else {
                    bucket = others && (otherFirst[c >>> 6] & 1L << c) != 0 ? other.get(c) : null;
                }
                if (bucket != null) {
                    for (String t : bucket) {
                        if (f.startsWith(t, i)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        @Override
        public int cost() {
            return 8;
        }

        @Override
        public String describe() {
            return "contains any of " + count + " texts";
        }

        @Override
        public List<String> literals() {
            List<String> out = new ArrayList<>();
            for (String[] b : ascii) {
                if (b != null) {
                    out.addAll(List.of(b));
                }
            }
            for (String[] b : other.values()) {
                out.addAll(List.of(b));
            }
            return out;
        }
    }

    /** Case-insensitive endswith for many texts, bucketed by their folded last character. */
    static final class EndsWithIndex extends ValueTest {
        private static final long PRIME = 1_000_003L;
        /** Distinct suffix lengths, ascending. */
        private final int[] lengths;
        /** Open-addressed table: hash of a folded suffix and its length, to the suffix. */
        private final long[] keys;
        private final String[] texts;
        private final int mask;

        /** Suffixes by their last character (128 for any non-ASCII one): small buckets are simply scanned. */
        private final String[][] byLast = new String[129][];

        EndsWithIndex(List<ValueTest> ends) {
            List<List<String>> buckets = new ArrayList<>();
            for (int i = 0; i < 129; i++) {
                buckets.add(new ArrayList<>());
            }
            for (ValueTest t : ends) {
                String text = ((EndsWith) t).text;
                char last = text.charAt(text.length() - 1);
                buckets.get(last < 128 ? last : 128).add(text);
            }
            for (int i = 0; i < 129; i++) {
                byLast[i] = buckets.get(i).toArray(new String[0]);
            }
            TreeSet<Integer> ls = new TreeSet<>();
            for (ValueTest t : ends) {
                ls.add(((EndsWith) t).text.length());
            }
            lengths = ls.stream().mapToInt(Integer::intValue).toArray();
            int size = Integer.highestOneBit(Math.max(4, ends.size() * 4)) * 2;
            keys = new long[size];
            texts = new String[size];
            mask = size - 1;
            for (ValueTest t : ends) {
                String text = ((EndsWith) t).text;
                long h = 0;
                for (int i = text.length() - 1; i >= 0; i--) {
                    h = h * PRIME + text.charAt(i);
                }
                long key = key(h, text.length());
                int slot = (int) (mix(key) & mask);
                while (texts[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                texts[slot] = text;
            }
        }

        private static long key(long hash, int length) {
            return hash * 31 + length;
        }

        private static long mix(long k) {
            k ^= k >>> 33;
            k *= 0xff51afd7ed558ccdL;
            return k ^ (k >>> 33);
        }

        /**
         * Suffixes sharing the value's last character are compared directly when few; when many
         * (hundreds of '.dll' names), the value is walked backwards once, folding and hashing, and
         * at each length some suffix has one table probe says whether it is there. No allocation.
         */
        @Override
        public boolean test(String v) {
            int n = v.length();
            if (n == 0) {
                return false;
            }
            char lastChar = CaseFold.fold(v.charAt(n - 1));
            String[] bucket = byLast[lastChar < 128 ? lastChar : 128];
            if (bucket.length <= 8) {
                for (String t : bucket) {
                    if (CaseFold.regionEquals(v, n - t.length(), t)) {
                        return true;
                    }
                }
                return false;
            }
            long h = 0;
            int li = 0;
            int max = Math.min(n, lengths[lengths.length - 1]);
            for (int k = 1; k <= max; k++) {
                h = h * PRIME + CaseFold.fold(v.charAt(n - k));
                if (k != lengths[li]) {
                    continue;
                }
                long key = key(h, k);
                for (int slot = (int) (mix(key) & mask); texts[slot] != null; slot = (slot + 1) & mask) {
                    if (keys[slot] == key && CaseFold.regionEquals(v, n - k, texts[slot])) {
                        return true;
                    }
                }
                if (++li == lengths.length) {
                    break;
                }
            }
            return false;
        }

        @Override
        public int cost() {
            return 3;
        }

        @Override
        public String describe() {
            return "endswith-index";
        }

        @Override
        public List<String> literals() {
            return null;
        }
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f && c <= 0xff) {
                sb.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
