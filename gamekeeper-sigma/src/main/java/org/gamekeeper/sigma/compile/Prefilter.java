package org.gamekeeper.sigma.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a rule needs before it can match, for a multi-pattern prefilter: the rule can match an
 * event only if, for at least one anchor, a value of the anchor's field (any field when the
 * field is null) contains the anchor's literal (is it, for an exact anchor), compared after
 * {@link CaseFold#fold(String)}.
 * {@code unconditional} means no such literal could be derived (the rule must always run);
 * an empty, conditional prefilter means the rule can never match.
 */
public record Prefilter(boolean unconditional, List<Anchor> anchors) {

    /**
     * A field (event name after resolution; null = any field) and a folded literal. When
     * {@code exact}, a matching value not only contains the literal but is exactly as long
     * (an equality test): an engine may then look whole values up instead of searching them.
     */
    public record Anchor(String field, String literal, boolean exact) {
        public Anchor(String field, String literal) {
            this(field, literal, false);
        }

        @Override
        public String toString() {
            return (field == null ? "*" : field) + (exact ? " = " : " ~ ") + ValueTest.quote(literal);
        }
    }

    public static final Prefilter NONE = new Prefilter(true, List.of());
    public static final Prefilter NEVER = new Prefilter(false, List.of());

    static Prefilter of(String field, List<String> literals) {
        return of(field, literals, false);
    }

    /** As {@link #of(String, List)}; {@code exact} when each literal is a whole value (see {@link Anchor}). */
    static Prefilter of(String field, List<String> literals, boolean exact) {
        Set<Anchor> a = new LinkedHashSet<>();
        for (String l : literals) {
            if (l.isEmpty()) {
                return NONE;
            }
            a.add(new Anchor(field, l, exact));
        }
        return new Prefilter(false, List.copyOf(a));
    }

    /** For AND: either side's requirement is necessary, keep the more selective one. */
    static Prefilter better(Prefilter a, Prefilter b) {
        if (a.unconditional) {
            return b;
        }
        if (b.unconditional) {
            return a;
        }
        if (a.anchors.isEmpty()) {
            return a;
        }
        if (b.anchors.isEmpty()) {
            return b;
        }
        int ma = a.shortest();
        int mb = b.shortest();
        if (Math.min(ma, 8) != Math.min(mb, 8)) {
            return ma > mb ? a : b;
        }
        return b.anchors.size() < a.anchors.size() ? b : a;
    }

    /** For OR: any side may be the one that matched, so every requirement is an alternative. */
    static Prefilter union(Prefilter a, Prefilter b) {
        if (a.unconditional || b.unconditional) {
            return NONE;
        }
        Set<Anchor> all = new LinkedHashSet<>(a.anchors);
        all.addAll(b.anchors);
        return new Prefilter(false, List.copyOf(all));
    }

    /** Length of the shortest literal. */
    public int shortest() {
        int m = Integer.MAX_VALUE;
        for (Anchor an : anchors) {
            m = Math.min(m, an.literal.length());
        }
        return m;
    }

    @Override
    public String toString() {
        if (unconditional) {
            return "always";
        }
        if (anchors.isEmpty()) {
            return "never";
        }
        List<String> s = new ArrayList<>();
        for (Anchor a : anchors) {
            s.add(a.toString());
        }
        return "any of " + s;
    }
}
