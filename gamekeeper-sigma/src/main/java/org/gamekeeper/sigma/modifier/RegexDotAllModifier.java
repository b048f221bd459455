package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaRegex;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code s} after {@code re}: . also matches a line break. */
public final class RegexDotAllModifier implements Modifier {
    @Override
    public String name() {
        return "s";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (!(value instanceof SigmaRegex r)) {
            throw Modifier.typeError(this, "a regular expression (write it after 're')", value);
        }
        return List.of(r.withFlag('s'));
    }
}
