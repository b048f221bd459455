package org.gamekeeper.sigma.modifier;

import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * {@code windash}: every {@code -}, {@code /}, en dash, em dash or horizontal bar may be any of
 * them. Instead of the spec's list of permutations (5^n strings) each becomes one dash token,
 * which matches exactly the same texts.
 */
public final class WindashModifier implements Modifier {
    @Override
    public String name() {
        return "windash";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (s.binary()) {
            throw new ModifierException("modifier 'windash' must come before encodings");
        }
        List<SigmaString.Part> parts = new ArrayList<>();
        for (SigmaString.Part p : s.parts()) {
            if (!(p instanceof SigmaString.Plain pl)) {
                parts.add(p);
                continue;
            }
            String t = pl.text();
            int start = 0;
            for (int i = 0; i < t.length(); i++) {
                if (SigmaString.DASHES.indexOf(t.charAt(i)) >= 0) {
                    parts.add(new SigmaString.Plain(t.substring(start, i)));
                    parts.add(SigmaString.DASH);
                    start = i + 1;
                }
            }
            parts.add(new SigmaString.Plain(t.substring(start)));
        }
        return List.of(s.withParts(parts));
    }
}
