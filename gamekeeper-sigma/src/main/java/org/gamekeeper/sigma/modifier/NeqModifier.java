package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaBoolean;
import org.gamekeeper.sigma.value.SigmaExists;
import org.gamekeeper.sigma.value.SigmaNull;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code neq}: the field is different from every value (the item is negated). */
public final class NeqModifier implements Modifier {
    @Override
    public String name() {
        return "neq";
    }

    @Override
    public Kind kind() {
        return Kind.NEQ;
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaNull || value instanceof SigmaExists || value instanceof SigmaBoolean) {
            throw Modifier.typeError(this, "a string, number or field reference", value);
        }
        return List.of(value);
    }
}
