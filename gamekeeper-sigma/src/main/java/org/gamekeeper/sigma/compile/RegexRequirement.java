package org.gamekeeper.sigma.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The texts a value must hold for a regular expression to find a match in it, read from the
 * syntax tree {@link RegexDfa} builds: a conjunction of clauses, each a set of folded texts of
 * which the value must contain at least one. {@code cmd.{0,5}(?:/c|/r).+powershell} requires
 * "cmd", one of "/c" and "/r", and "powershell". A necessary condition only (the DFA and RE2/J
 * decide), so whatever is too large to track (a class of many characters, a product of many
 * alternatives) is simply left out. Long values answer it from their {@link TrigramIndex}, which
 * spares reading a hostile megabyte through the DFA for every expression whose texts are not there.
 *
 * <p>As the DFA reads them: characters are case-folded, assertions match anywhere (they read
 * nothing), the dot is any character.
 */
public final class RegexRequirement {
    /** No requirement: every value may match. */
    static final RegexRequirement NONE = new RegexRequirement(new String[0][]);

    /** At most this many texts in an exact set or a clause, characters in a text, clauses, and characters read as a class. */
    private static final int MAX_SET = 16;
    /**
     * At most this many texts in the one clause an alternation of exact texts too many to multiply
     * gives ({@code (?:dyndns|no-ip|duckdns|...)}: the value holds one of the names).
     */
    private static final int MAX_ALTERNATIVES = 64;
    private static final int MAX_LENGTH = 64;
    private static final int MAX_CLAUSES = 16;
    private static final int MAX_CLASS = 8;
    private static final int MAX_DEPTH = 200;

    private final String[][] clauses;

    private RegexRequirement(String[][] clauses) {
        this.clauses = clauses;
    }

    /** The clauses: each a set of folded texts, one of which a matching value holds. */
    List<List<String>> clauses() {
        List<List<String>> out = new ArrayList<>(clauses.length);
        for (String[] c : clauses) {
            out.add(List.of(c));
        }
        return out;
    }

    /** True when there is nothing to require. */
    public boolean isEmpty() {
        return clauses.length == 0;
    }

    /** Whether a folded value holds a text of every clause (long values through their {@link TrigramIndex}). */
    public boolean holdsIn(String folded) {
        for (String[] clause : clauses) {
            boolean any = false;
            for (String text : clause) {
                if (TrigramIndex.contains(folded, text)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String[] clause : clauses) {
            sb.append(sb.length() == 0 ? "" : " and ").append(clause.length == 1 ? "" : "any of ");
            for (int i = 0; i < clause.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(ValueTest.quote(clause[i]));
            }
        }
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    /**
     * What a node matches: exactly one of a small set of texts ({@code exact}, null when not
     * known), or at least a value meeting {@code cnf} (for an exact node, implied by its set).
     */
    private record Info(Set<String> exact, List<Set<String>> cnf) {
        static final Info UNKNOWN = new Info(null, List.of());
        static final Info NOTHING = new Info(Set.of(""), List.of());

        /** The node's requirement as clauses (an exact set holding "" requires nothing). */
        List<Set<String>> query() {
            if (exact == null) {
                return cnf;
            }
            return exact.contains("") ? List.of() : List.of(exact);
        }
    }

    static RegexRequirement of(RegexDfa.Node root) {
        List<Set<String>> cnf = info(root, 0).query();
        String[][] clauses = new String[cnf.size()][];
        for (int i = 0; i < clauses.length; i++) {
            clauses[i] = cnf.get(i).toArray(new String[0]);
        }
        return clauses.length == 0 ? NONE : new RegexRequirement(clauses);
    }

    private static Info info(RegexDfa.Node node, int depth) {
        if (depth > MAX_DEPTH) {
            return Info.UNKNOWN;
        }
        if (node instanceof RegexDfa.Empty || node instanceof RegexDfa.Anchor) {
            return Info.NOTHING;
        }
        if (node instanceof RegexDfa.Chars c) {
            Set<String> set = characters(c.ranges());
            return set == null ? Info.UNKNOWN : new Info(set, List.of());
        }
        if (node instanceof RegexDfa.Cat cat) {
            return concatenation(cat.parts(), depth);
        }
        if (node instanceof RegexDfa.Alt alt) {
            return alternation(alt.options(), depth);
        }
        RegexDfa.Repeat r = (RegexDfa.Repeat) node;
        Info x = info(r.node(), depth + 1);
        if (r.min() == 1 && r.max() == 1) {
            return x;
        }
        if (r.min() == 0) {
            if (r.max() == 1 && x.exact() != null) {
                Set<String> optional = new LinkedHashSet<>(x.exact());
                optional.add("");
                return new Info(optional, List.of());
            }
            return r.max() == 0 ? Info.NOTHING : Info.UNKNOWN;
        }
        return new Info(null, x.query()); // at least once: what one copy requires
    }

    /**
     * The texts of a sequence: exact parts multiply the current run of texts ({@code c}, then
     * {@code c:\}, ...); a part that is not exact, or a product grown too large, ends the run,
     * which becomes a clause.
     */
    private static Info concatenation(List<RegexDfa.Node> parts, int depth) {
        List<Set<String>> cnf = new ArrayList<>();
        Set<String> run = Set.of("");
        boolean exact = true;
        List<RegexDfa.Node> todo = new ArrayList<>(parts);
        for (int k = 0; k < todo.size(); k++) {
            RegexDfa.Node part = todo.get(k);
            if (part instanceof RegexDfa.Repeat r && r.min() >= 1 && !(r.min() == 1 && r.max() == 1)) {
                // x{2,5} is x then x{1,4}: the first copy may still extend the run
                todo.add(k + 1, new RegexDfa.Repeat(r.node(), r.min() - 1, r.max() < 0 ? -1 : r.max() - 1));
                part = r.node();
            }
            Info p = info(part, depth + 1);
            if (p.exact() != null) {
                Set<String> product = product(run, p.exact());
                if (product != null) {
                    run = product;
                    continue;
                }
                flush(run, cnf);
                exact = false;
                run = p.exact();
                continue;
            }
            flush(run, cnf);
            exact = false;
            run = Set.of("");
            for (Set<String> clause : p.cnf()) {
                if (!cnf.contains(clause) && cnf.size() < MAX_CLAUSES) {
                    cnf.add(clause);
                }
            }
        }
        if (exact) {
            return new Info(run, List.of());
        }
        flush(run, cnf);
        return new Info(null, cnf);
    }

    private static Info alternation(List<RegexDfa.Node> options, int depth) {
        List<Info> infos = new ArrayList<>(options.size());
        Set<String> union = new LinkedHashSet<>();
        for (RegexDfa.Node o : options) {
            Info i = info(o, depth + 1);
            infos.add(i);
            if (union != null && i.exact() != null) {
                union.addAll(i.exact());
            } else {
                union = null;
            }
        }
        if (union != null && union.size() <= MAX_SET) {
            return new Info(union, List.of());
        }
        if (union != null) {
            // Too many to multiply with what surrounds them, not too many to require one of.
            return union.size() > MAX_ALTERNATIVES || union.contains("") ? Info.UNKNOWN : new Info(null, List.of(union));
        }
        // (a and b) or (c and d) = (a or c) and (a or d) and (b or c) and (b or d): clauses of one
        // text from each side; too large a product keeps what fits, which still is necessary.
        List<Set<String>> cnf = null;
        for (Info i : infos) {
            List<Set<String>> q = i.query();
            if (q.isEmpty()) {
                return Info.UNKNOWN;
            }
            if (cnf == null) {
                cnf = q;
                continue;
            }
            List<Set<String>> next = new ArrayList<>();
            for (Set<String> a : cnf) {
                for (Set<String> b : q) {
                    Set<String> c = new LinkedHashSet<>(a);
                    c.addAll(b);
                    if (c.size() <= MAX_SET && next.size() < MAX_CLAUSES) {
                        next.add(c);
                    }
                }
            }
            if (next.isEmpty()) {
                return Info.UNKNOWN;
            }
            cnf = next;
        }
        return cnf == null ? Info.UNKNOWN : new Info(null, cnf);
    }

    /** Every text of a followed by every text of b, or null when that is too many or too long. */
    private static Set<String> product(Set<String> a, Set<String> b) {
        if ((long) a.size() * b.size() > MAX_SET) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String x : a) {
            for (String y : b) {
                if (x.length() + y.length() > MAX_LENGTH) {
                    return null;
                }
                out.add(x + y);
            }
        }
        return out;
    }

    /** A run of texts as a clause, unless it holds the empty text (which requires nothing). */
    private static void flush(Set<String> run, List<Set<String>> cnf) {
        if (!run.contains("") && cnf.size() < MAX_CLAUSES && !cnf.contains(run)) {
            cnf.add(run);
        }
    }

    /** The folded characters a class reads, as texts of one character; null when more than a few. */
    private static Set<String> characters(int[] ranges) {
        int[] folded = RegexDfa.folded(ranges);
        long size = 0;
        for (int k = 0; k < folded.length; k += 2) {
            size += folded[k + 1] - folded[k] + 1;
            if (size > 4 * MAX_CLASS) {
                return null;
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (int k = 0; k < folded.length; k += 2) {
            for (int c = folded[k]; c <= folded[k + 1]; c++) {
                out.add(String.valueOf(CaseFold.fold((char) c)));
            }
        }
        return out.size() > MAX_CLASS ? null : out;
    }
}
