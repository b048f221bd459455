package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code utf16be}: the value is encoded as UTF-16 big-endian. The result is bytes, meant for base64/base64offset next. */
public final class Utf16BeModifier implements Modifier {
    @Override
    public String name() {
        return "utf16be";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (s.binary()) {
            throw new ModifierException("modifier 'utf16be' cannot encode a value that is already encoded");
        }
        return List.of(Utf16.encode(s, true, false));
    }
}
