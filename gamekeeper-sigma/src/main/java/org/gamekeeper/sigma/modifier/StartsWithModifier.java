package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code startswith}: the value is expected at the beginning of the field ({@code value*}). */
public final class StartsWithModifier implements Modifier {
    @Override
    public String name() {
        return "startswith";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaFieldRef f) {
            return List.of(new SigmaFieldRef(f.field(), SigmaFieldRef.Position.STARTS_WITH));
        }
        return List.of(Modifier.asString(this, value).appendAny());
    }
}
