package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code cased}: string values match case-sensitively. */
public final class CasedModifier implements Modifier {
    @Override
    public String name() {
        return "cased";
    }

    @Override
    public Kind kind() {
        return Kind.CASED;
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (!(value instanceof SigmaString) && !(value instanceof SigmaNumber)) {
            throw Modifier.typeError(this, "a string", value);
        }
        return List.of(value);
    }
}
