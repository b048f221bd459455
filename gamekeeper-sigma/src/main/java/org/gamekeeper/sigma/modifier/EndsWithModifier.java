package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code endswith}: the value is expected at the end of the field ({@code *value}). */
public final class EndsWithModifier implements Modifier {
    @Override
    public String name() {
        return "endswith";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaFieldRef f) {
            return List.of(new SigmaFieldRef(f.field(), SigmaFieldRef.Position.ENDS_WITH));
        }
        return List.of(Modifier.asString(this, value).prependAny());
    }
}
