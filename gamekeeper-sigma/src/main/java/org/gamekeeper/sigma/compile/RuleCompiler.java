package org.gamekeeper.sigma.compile;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gamekeeper.sigma.condition.Condition;
import org.gamekeeper.sigma.rule.DetectionItem;
import org.gamekeeper.sigma.rule.SearchIdentifier;
import org.gamekeeper.sigma.rule.SigmaRule;
import org.gamekeeper.sigma.value.SigmaBoolean;
import org.gamekeeper.sigma.value.SigmaCidr;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaExists;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaNull;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaRegex;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaTimePart;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * Compiles a rule's resolved condition into matchers. Each value becomes the cheapest test that
 * decides it: equals/startswith/endswith/contains with case folding where the wildcards allow,
 * a wildcard scanner otherwise, RE2/J only for {@code re}. Field names go through the resolver
 * once, here.
 */
public final class RuleCompiler {
    /** A regular expression that only asks for a run of at least N characters: {@code .{N,}}. */
    private static final java.util.regex.Pattern DOT_RUN = java.util.regex.Pattern.compile("\\.\\{([0-9]{1,5}),\\}");

    private final FieldResolver resolver;
    /** Sigma field → event field; empty when the source never has the field. */
    private final Map<String, Optional<String>> resolved = new HashMap<>();

    public RuleCompiler(FieldResolver resolver) {
        this.resolver = resolver;
    }

    public CompiledRule compile(SigmaRule rule) {
        Map<String, SearchIdentifier> ids = rule.detection().identifiers();
        return new CompiledRule(rule, condition(rule.detection().condition(), ids));
    }

    private Matcher condition(Condition c, Map<String, SearchIdentifier> ids) {
        if (c instanceof Condition.Ref r) {
            return identifier(ids.get(r.name()));
        }
        if (c instanceof Condition.Not n) {
            return Matcher.not(condition(n.child(), ids));
        }
        if (c instanceof Condition.And a) {
            List<Matcher> m = new ArrayList<>();
            for (Condition child : a.children()) {
                m.add(condition(child, ids));
            }
            return Matcher.and(m);
        }
        if (c instanceof Condition.Or o) {
            List<Matcher> m = new ArrayList<>();
            for (Condition child : o.children()) {
                m.add(condition(child, ids));
            }
            return Matcher.or(m);
        }
        throw new IllegalStateException("unresolved condition node " + c);
    }

    private Matcher identifier(SearchIdentifier si) {
        List<Matcher> alternatives = new ArrayList<>();
        for (List<DetectionItem> group : si.alternatives()) {
            List<Matcher> items = new ArrayList<>();
            for (DetectionItem item : group) {
                items.add(item(item));
            }
            alternatives.add(Matcher.and(items));
        }
        return Matcher.or(alternatives);
    }

    /** The event field for a Sigma field, or empty when the source never has it. */
    private Optional<String> field(String sigmaField) {
        return resolved.computeIfAbsent(sigmaField, f -> Optional.ofNullable(resolver.resolve(f)));
    }

    private Matcher item(DetectionItem item) {
        // a keyword has no field (null); a field the source never has is absent
        Optional<String> resolvedField = item.isKeyword() ? null : field(item.field());
        boolean absent = resolvedField != null && resolvedField.isEmpty();
        String field = resolvedField == null ? null : resolvedField.orElse(item.field());
        Matcher m;
        if (item.all()) {
            List<Matcher> each = new ArrayList<>();
            for (List<SigmaValue> alternatives : item.values()) {
                each.add(values(field, absent, alternatives, item.cased()));
            }
            m = Matcher.and(each);
        } else {
            List<SigmaValue> flat = new ArrayList<>();
            item.values().forEach(flat::addAll);
            m = values(field, absent, flat, item.cased());
        }
        return item.neq() ? Matcher.not(m) : m;
    }

    /** OR of values on one field: value tests merged into one pass over the field's values. */
    private Matcher values(String field, boolean absent, List<SigmaValue> values, boolean cased) {
        List<Matcher> others = new ArrayList<>();
        List<ValueTest> tests = new ArrayList<>();
        for (SigmaValue v : values) {
            if (v instanceof SigmaNull) {
                others.add(absent ? Matcher.TRUE : new Matcher.Null(field));
            } else if (v instanceof SigmaExists e) {
                others.add(absent ? (e.exists() ? Matcher.FALSE : Matcher.TRUE) : new Matcher.Exists(field, e.exists()));
            } else if (v instanceof SigmaFieldRef f) {
                Optional<String> other = field(f.field());
                others.add(absent || other.isEmpty() ? Matcher.FALSE : new Matcher.FieldRef(field, other.get(), f.position(), cased));
            } else {
                tests.add(test(v, cased, field == null));
            }
        }
        if (!tests.isEmpty()) {
            ValueTest t = tests.size() == 1 ? tests.get(0) : new ValueTest.AnyOf(tests);
            if (field == null) {
                others.add(new Matcher.Keyword(t));
            } else {
                others.add(absent ? Matcher.FALSE : new Matcher.Field(field, t));
            }
        }
        return Matcher.or(others);
    }

    static ValueTest test(SigmaValue v, boolean cased, boolean keyword) {
        if (v instanceof SigmaString s) {
            return string(keyword ? s.prependAny().appendAny() : s, cased);
        }
        if (v instanceof SigmaNumber n) {
            if (keyword) {
                return string(SigmaString.plain(n.text()).prependAny().appendAny(), cased);
            }
            return new ValueTest.NumberEquals(n.text(), n.integral(), n.longValue(), n.doubleValue());
        }
        if (v instanceof SigmaBoolean b) {
            return new ValueTest.Equals(Boolean.toString(b.value()), false);
        }
        if (v instanceof SigmaRegex r) {
            java.util.regex.Matcher run = DOT_RUN.matcher(r.pattern());
            if (run.matches() && !r.multiLine()) {
                // '.{N,}' (SigmaHQ's "unusually long" rules): RE2/J unrolls the repetition into
                // N states; "a run of N characters other than a line end" says the same in one pass.
                return new ValueTest.CharacterRun(Integer.parseInt(run.group(1)), r.dotAll(), r.canonical());
            }
            int flags = (r.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0) | (r.multiLine() ? Pattern.MULTILINE : 0)
                    | (r.dotAll() ? Pattern.DOTALL : 0);
            return new ValueTest.Regex(Pattern.compile(r.pattern(), flags), r.canonical(), RegexLiteral.required(r.pattern(), 1));
        }
        if (v instanceof SigmaCidr c) {
            return new ValueTest.Cidr(c);
        }
        if (v instanceof SigmaCompare c) {
            return new ValueTest.Compare(c);
        }
        if (v instanceof SigmaTimePart t) {
            return new ValueTest.TimePart(t);
        }
        throw new IllegalStateException("no test for " + v.typeName());
    }

    /** The cheapest test for a Sigma string, by the shape of its wildcards. */
    static ValueTest string(SigmaString s, boolean cased) {
        List<SigmaString.Part> p = s.parts();
        int n = p.size();
        boolean simpleMiddle = true;
        for (int i = 0; i < n; i++) {
            SigmaString.Part part = p.get(i);
            boolean edge = (i == 0 || i == n - 1) && part instanceof SigmaString.AnyChars;
            if (!(part instanceof SigmaString.Plain) && !edge) {
                simpleMiddle = false;
            }
        }
        if (simpleMiddle) {
            boolean lead = s.startsWithAny();
            boolean trail = s.endsWithAny();
            String text = "";
            for (SigmaString.Part part : p) {
                if (part instanceof SigmaString.Plain pl) {
                    text = pl.text();
                }
            }
            if (n == 1 && lead) {
                return new ValueTest.Anything();
            }
            if (n == 0) {
                return new ValueTest.Equals("", cased);
            }
            if (lead && trail) {
                return new ValueTest.Contains(text, cased);
            }
            if (lead) {
                return new ValueTest.EndsWith(text, cased);
            }
            if (trail) {
                return new ValueTest.StartsWith(text, cased);
            }
            return new ValueTest.Equals(text, cased);
        }
        List<Integer> tokens = new ArrayList<>();
        for (SigmaString.Part part : p) {
            if (part instanceof SigmaString.Plain pl) {
                String t = cased ? pl.text() : CaseFold.fold(pl.text());
                for (int i = 0; i < t.length(); i++) {
                    tokens.add((int) t.charAt(i));
                }
            } else if (part instanceof SigmaString.AnyChars) {
                tokens.add(ValueTest.Glob.ANY_MANY);
            } else if (part instanceof SigmaString.OneChar) {
                tokens.add(ValueTest.Glob.ANY_ONE);
            } else {
                tokens.add(ValueTest.Glob.DASH);
            }
        }
        int[] arr = new int[tokens.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = tokens.get(i);
        }
        return new ValueTest.Glob(arr, cased, s.canonical(), CaseFold.fold(s.longestPlain()));
    }
}
