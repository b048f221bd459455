package org.gamekeeper.sigma.modifier;

import java.util.List;
import java.util.Locale;
import org.gamekeeper.sigma.value.SigmaBoolean;
import org.gamekeeper.sigma.value.SigmaExists;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code exists}: with {@code true} the field must be present, with {@code false} absent. */
public final class ExistsModifier implements Modifier {
    @Override
    public String name() {
        return "exists";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaBoolean b) {
            return List.of(new SigmaExists(b.value()));
        }
        if (value instanceof SigmaString s && s.isPlain()
                && ("true".equalsIgnoreCase(s.plainText()) || "false".equalsIgnoreCase(s.plainText()))) {
            return List.of(new SigmaExists(Boolean.parseBoolean(s.plainText().toLowerCase(Locale.ROOT))));
        }
        throw Modifier.typeError(this, "a boolean (true or false)", value);
    }
}
