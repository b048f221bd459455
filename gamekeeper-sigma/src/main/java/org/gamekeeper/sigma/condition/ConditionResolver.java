package org.gamekeeper.sigma.condition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves {@code x of} patterns against a rule's search identifiers and simplifies the tree:
 * nested and/or are flattened, one-child and/or removed, double negation removed, duplicate
 * children dropped. The result contains only Ref, And, Or and Not.
 */
public final class ConditionResolver {

    private ConditionResolver() {
    }

    public static Condition resolve(Condition c, Set<String> identifiers) throws ConditionException {
        return simplify(expand(c, identifiers));
    }

    private static Condition expand(Condition c, Set<String> ids) throws ConditionException {
        if (c instanceof Condition.Ref r) {
            if (!ids.contains(r.name())) {
                throw new ConditionException("unknown search identifier '" + r.name() + "'" + suggestion(r.name(), ids), 0, r.name());
            }
            return r;
        }
        if (c instanceof Condition.Not n) {
            return new Condition.Not(expand(n.child(), ids));
        }
        if (c instanceof Condition.And a) {
            return new Condition.And(expandAll(a.children(), ids));
        }
        if (c instanceof Condition.Or o) {
            return new Condition.Or(expandAll(o.children(), ids));
        }
        Condition.Of of = (Condition.Of) c;
        List<Condition> refs = new ArrayList<>();
        for (String id : ids) {
            boolean hit = of.pattern().equals("them") ? !id.startsWith("_") : glob(of.pattern(), id);
            if (hit) {
                refs.add(new Condition.Ref(id));
            }
        }
        if (refs.isEmpty()) {
            throw new ConditionException("'" + of + "' matches no search identifier", 0, of.pattern());
        }
        return of.all() ? new Condition.And(refs) : new Condition.Or(refs);
    }

    private static List<Condition> expandAll(List<Condition> cs, Set<String> ids) throws ConditionException {
        List<Condition> out = new ArrayList<>(cs.size());
        for (Condition c : cs) {
            out.add(expand(c, ids));
        }
        return out;
    }

    /** Simplifies an expanded tree (no {@code Of} nodes). */
    public static Condition simplify(Condition c) {
        if (c instanceof Condition.Not n) {
            Condition inner = simplify(n.child());
            return inner instanceof Condition.Not nn ? nn.child() : new Condition.Not(inner);
        }
        boolean isAnd = c instanceof Condition.And;
        if (!isAnd && !(c instanceof Condition.Or)) {
            return c;
        }
        List<Condition> children = isAnd ? ((Condition.And) c).children() : ((Condition.Or) c).children();
        Set<Condition> flat = new LinkedHashSet<>();
        for (Condition child : children) {
            Condition s = simplify(child);
            if (isAnd && s instanceof Condition.And a) {
                flat.addAll(a.children());
            } else if (!isAnd && s instanceof Condition.Or o) {
                flat.addAll(o.children());
            } else {
                flat.add(s);
            }
        }
        if (flat.size() == 1) {
            return flat.iterator().next();
        }
        List<Condition> list = new ArrayList<>(flat);
        return isAnd ? new Condition.And(list) : new Condition.Or(list);
    }

    /** {@code *} matches any run of characters in an identifier pattern. */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == text.charAt(t) || pattern.charAt(p) == '?')) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static String suggestion(String name, Set<String> ids) {
        return org.gamekeeper.sigma.NearMiss.hint(name, ids);
    }
}
