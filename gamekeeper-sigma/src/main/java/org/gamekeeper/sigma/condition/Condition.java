package org.gamekeeper.sigma.condition;

import java.util.List;

/** A node of a rule's condition. {@link #toString()} is the canonical dump. */
public sealed interface Condition permits Condition.Ref, Condition.And, Condition.Or, Condition.Not, Condition.Of {

    /** A search identifier by name. */
    record Ref(String name) implements Condition {
        @Override
        public String toString() {
            return name;
        }
    }

    record And(List<Condition> children) implements Condition {
        public And {
            children = List.copyOf(children);
        }

        @Override
        public String toString() {
            return "and(" + join(children) + ")";
        }
    }

    record Or(List<Condition> children) implements Condition {
        public Or {
            children = List.copyOf(children);
        }

        @Override
        public String toString() {
            return "or(" + join(children) + ")";
        }
    }

    record Not(Condition child) implements Condition {
        @Override
        public String toString() {
            return "not(" + child + ")";
        }
    }

    /** {@code 1 of pattern} / {@code all of pattern}; the pattern {@code them} means every identifier not starting with {@code _}. */
    record Of(boolean all, String pattern) implements Condition {
        @Override
        public String toString() {
            return (all ? "all" : "1") + " of " + pattern;
        }
    }

    private static String join(List<Condition> cs) {
        StringBuilder sb = new StringBuilder();
        for (Condition c : cs) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
