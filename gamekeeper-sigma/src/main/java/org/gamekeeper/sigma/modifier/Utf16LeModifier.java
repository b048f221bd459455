package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code utf16le}: the value is encoded as UTF-16 little-endian. The result is bytes, meant for base64/base64offset next. */
public final class Utf16LeModifier implements Modifier {
    @Override
    public String name() {
        return "utf16le";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (s.binary()) {
            throw new ModifierException("modifier 'utf16le' cannot encode a value that is already encoded");
        }
        return List.of(Utf16.encode(s, false, false));
    }
}
