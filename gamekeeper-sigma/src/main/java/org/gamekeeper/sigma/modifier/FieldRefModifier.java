package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaFieldRef;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code fieldref}: the value names another field whose value this field must equal. */
public final class FieldRefModifier implements Modifier {
    @Override
    public String name() {
        return "fieldref";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (!(value instanceof SigmaString s) || !s.isPlain() || s.isEmpty()) {
            throw Modifier.typeError(this, "a field name", value);
        }
        Modifier.requireAsWritten(this, s);
        return List.of(new SigmaFieldRef(s.raw(), SigmaFieldRef.Position.EQUALS));
    }
}
