package org.gamekeeper.sigma.modifier;

import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * {@code expand}: each {@code %name%} placeholder becomes each of the caller's values for it
 * (Sigma strings, wildcards allowed); {@code \%} is a plain percent sign. A placeholder without
 * values is an error: the spec says a tool that cannot fill a placeholder must reject the rule.
 */
public final class ExpandModifier implements Modifier {
    @Override
    public String name() {
        return "expand";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        List<List<SigmaString.Part>> results = new ArrayList<>();
        results.add(new ArrayList<>());
        for (SigmaString.Part p : s.parts()) {
            if (!(p instanceof SigmaString.Plain pl)) {
                results.forEach(r -> r.add(p));
                continue;
            }
            String t = pl.text();
            StringBuilder plain = new StringBuilder();
            for (int i = 0; i < t.length(); i++) {
                char c = t.charAt(i);
                if (c == '\\' && i + 1 < t.length() && t.charAt(i + 1) == '%') {
                    plain.append('%');
                    i++;
                } else if (c == '%' && t.indexOf('%', i + 1) > i + 1) {
                    int end = t.indexOf('%', i + 1);
                    String name = t.substring(i + 1, end);
                    List<String> values = context.placeholders().get(name);
                    if (values == null || values.isEmpty()) {
                        throw new ModifierException("placeholder %" + name + "% has no values; give them under 'placeholders' in the configuration");
                    }
                    String before = plain.toString();
                    plain.setLength(0);
                    List<List<SigmaString.Part>> next = new ArrayList<>();
                    for (List<SigmaString.Part> r : results) {
                        for (String v : values) {
                            List<SigmaString.Part> copy = new ArrayList<>(r);
                            copy.add(new SigmaString.Plain(before));
                            copy.addAll(SigmaString.parse(v).parts());
                            next.add(copy);
                        }
                    }
                    if (next.size() > 10_000) {
                        throw new ModifierException("placeholders expand to more than 10000 values");
                    }
                    results = next;
                    i = end;
                } else {
                    plain.append(c);
                }
            }
            String rest = plain.toString();
            results.forEach(r -> r.add(new SigmaString.Plain(rest)));
        }
        List<SigmaValue> out = new ArrayList<>(results.size());
        for (List<SigmaString.Part> r : results) {
            out.add(s.withParts(r));
        }
        return out;
    }
}
