package org.gamekeeper.sigma.compile;

import java.util.Locale;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.gamekeeper.sigma.SigmaEvent;
import org.gamekeeper.sigma.value.SigmaFieldRef;

/** A compiled, immutable, thread-safe piece of a rule's condition. */
public abstract class Matcher {

    public abstract boolean matches(SigmaEvent event);

    /** Rough relative cost, used to evaluate cheap branches first. */
    public abstract int cost();

    /** Appends the canonical dump, one node per line, indented by depth. */
    abstract void dump(StringBuilder out, int depth);

    /** What the engine may require before running this matcher; see {@link Prefilter}. */
    abstract Prefilter prefilter();

    /** Bound on the values {@link #integers} lists; beyond it a rule counts as unconstrained. */
    static final int MAX_INTEGERS = 64;

    /**
     * The integers some value of {@code field} must be for this to match (null: no such
     * constraint is known). Engines index rules by EventID with it.
     */
    Set<Long> integers(String field) {
        return null;
    }

    public final String dump() {
        StringBuilder sb = new StringBuilder();
        dump(sb, 0);
        return sb.toString();
    }

    static void line(StringBuilder out, int depth, String text) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
        out.append(text).append('\n');
    }

    static final Matcher TRUE = new Constant(true);
    static final Matcher FALSE = new Constant(false);

    static final class Constant extends Matcher {
        final boolean value;

        Constant(boolean value) {
            this.value = value;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            return value;
        }

        @Override
        public int cost() {
            return 0;
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, value ? "true" : "false");
        }

        @Override
        Prefilter prefilter() {
            return value ? Prefilter.NONE : Prefilter.NEVER;
        }
    }

    /** And/Or: the children, their summed cost and the dump are the same for both. */
    abstract static class Group extends Matcher {
        final Matcher[] children;
        private final String name;

        Group(String name, Matcher[] children) {
            this.name = name;
            this.children = children;
        }

        @Override
        public final int cost() {
            int c = 0;
            for (Matcher m : children) {
                c += m.cost();
            }
            return c;
        }

        @Override
        final void dump(StringBuilder out, int depth) {
            line(out, depth, name);
            for (Matcher m : children) {
                m.dump(out, depth + 1);
            }
        }
    }

    static final class And extends Group {
        And(Matcher[] children) {
            super("and", children);
        }

        @Override
        public boolean matches(SigmaEvent event) {
            for (Matcher m : children) {
                if (!m.matches(event)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        Set<Long> integers(String field) {
            Set<Long> all = null;
            for (Matcher m : children) {
                Set<Long> c = m.integers(field);
                if (c != null) {
                    if (all == null) {
                        all = new TreeSet<>(c);
                    } else {
                        all.retainAll(c);
                    }
                }
            }
            return all;
        }

        @Override
        Prefilter prefilter() {
            Prefilter best = Prefilter.NONE;
            for (Matcher m : children) {
                best = Prefilter.better(best, m.prefilter());
            }
            return best;
        }
    }

    static final class Or extends Group {
        Or(Matcher[] children) {
            super("or", children);
        }

        @Override
        public boolean matches(SigmaEvent event) {
            for (Matcher m : children) {
                if (m.matches(event)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        Set<Long> integers(String field) {
            Set<Long> all = new TreeSet<>();
            for (Matcher m : children) {
                Set<Long> c = m.integers(field);
                if (c == null) {
                    return null;
                }
                all.addAll(c);
            }
            return all.size() > MAX_INTEGERS ? null : all;
        }

        @Override
        Prefilter prefilter() {
            Prefilter all = Prefilter.NEVER;
            for (Matcher m : children) {
                all = Prefilter.union(all, m.prefilter());
            }
            return all;
        }
    }

    static final class Not extends Matcher {
        final Matcher child;

        Not(Matcher child) {
            this.child = child;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            return !child.matches(event);
        }

        @Override
        public int cost() {
            return child.cost();
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "not");
            child.dump(out, depth + 1);
        }

        @Override
        Prefilter prefilter() {
            return Prefilter.NONE;
        }
    }

    /** Some value of the field passes the test. */
    static final class Field extends Matcher {
        final String field;
        final ValueTest test;

        Field(String field, ValueTest test) {
            this.field = field;
            this.test = test;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            return event.anyValue(field, test);
        }

        @Override
        public int cost() {
            return test.cost();
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "field " + field + " " + test.describe());
        }

        @Override
        Set<Long> integers(String name) {
            return field.equals(name) ? test.integers() : null;
        }

        @Override
        Prefilter prefilter() {
            List<String> lits = test.literals();
            return lits == null ? Prefilter.NONE : Prefilter.of(field, lits, test.exactLiterals());
        }
    }

    /** A keyword search: some value of some field passes the test. */
    static final class Keyword extends Matcher {
        final ValueTest test;

        Keyword(ValueTest test) {
            this.test = test;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            return event.anyFieldValue(test);
        }

        @Override
        public int cost() {
            return 20 + 10 * test.cost();
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "keyword " + test.describe());
        }

        @Override
        Prefilter prefilter() {
            List<String> lits = test.literals();
            return lits == null ? Prefilter.NONE : Prefilter.of(null, lits);
        }
    }

    /** {@code field: null}: the field is absent or empty. */
    static final class Null extends Matcher {
        final String field;

        Null(String field) {
            this.field = field;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            String v = event.field(field);
            return v == null || v.isEmpty();
        }

        @Override
        public int cost() {
            return 1;
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "field " + field + " is null or empty");
        }

        @Override
        Prefilter prefilter() {
            return Prefilter.NONE;
        }
    }

    static final class Exists extends Matcher {
        final String field;
        final boolean exists;

        Exists(String field, boolean exists) {
            this.field = field;
            this.exists = exists;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            return (event.field(field) != null) == exists;
        }

        @Override
        public int cost() {
            return 1;
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "field " + field + (exists ? " exists" : " is absent"));
        }

        @Override
        Prefilter prefilter() {
            return Prefilter.NONE;
        }
    }

    /** The field's value relates to another field's value (fieldref). */
    static final class FieldRef extends Matcher {
        final String field;
        final String other;
        final SigmaFieldRef.Position position;
        final boolean cased;

        FieldRef(String field, String other, SigmaFieldRef.Position position, boolean cased) {
            this.field = field;
            this.other = other;
            this.position = position;
            this.cased = cased;
        }

        @Override
        public boolean matches(SigmaEvent event) {
            String a = event.field(field);
            String b = event.field(other);
            if (a == null || b == null) {
                return false;
            }
            return switch (position) {
                case EQUALS -> cased ? a.equals(b) : a.equalsIgnoreCase(b);
                case STARTS_WITH -> a.regionMatches(!cased, 0, b, 0, b.length());
                case ENDS_WITH -> a.length() >= b.length() && a.regionMatches(!cased, a.length() - b.length(), b, 0, b.length());
                case CONTAINS -> contains(a, b);
            };
        }

        private boolean contains(String a, String b) {
            for (int i = 0; i + b.length() <= a.length(); i++) {
                if (a.regionMatches(!cased, i, b, 0, b.length())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public int cost() {
            return 3;
        }

        @Override
        void dump(StringBuilder out, int depth) {
            line(out, depth, "field " + field + " " + position.name().toLowerCase(Locale.ROOT) + " field " + other + (cased ? " cased" : ""));
        }

        @Override
        Prefilter prefilter() {
            return Prefilter.NONE;
        }
    }

    /** And/Or over children with constants folded and cheap children first. */
    static Matcher and(List<Matcher> in) {
        List<Matcher> out = new ArrayList<>();
        for (Matcher m : in) {
            if (m == FALSE) {
                return FALSE;
            }
            if (m instanceof And a) {
                out.addAll(List.of(a.children));
            } else if (m != TRUE) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            return TRUE;
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        out.sort(Comparator.comparingInt(Matcher::cost));
        return new And(out.toArray(new Matcher[0]));
    }

    static Matcher or(List<Matcher> in) {
        List<Matcher> out = new ArrayList<>();
        for (Matcher m : in) {
            if (m == TRUE) {
                return TRUE;
            }
            if (m instanceof Or o) {
                out.addAll(List.of(o.children));
            } else if (m != FALSE) {
                out.add(m);
            }
        }
        if (out.isEmpty()) {
            return FALSE;
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        out.sort(Comparator.comparingInt(Matcher::cost));
        return new Or(out.toArray(new Matcher[0]));
    }

    static Matcher not(Matcher m) {
        if (m == TRUE) {
            return FALSE;
        }
        if (m == FALSE) {
            return TRUE;
        }
        if (m instanceof Not n) {
            return n.child;
        }
        return new Not(m);
    }
}
