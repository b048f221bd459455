package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code contains}: the value may appear anywhere in the field ({@code *value*}). */
public final class ContainsModifier implements Modifier {
    @Override
    public String name() {
        return "contains";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaFieldRef f) {
            return List.of(new SigmaFieldRef(f.field(), SigmaFieldRef.Position.CONTAINS));
        }
        return List.of(Modifier.asString(this, value).prependAny().appendAny());
    }
}
