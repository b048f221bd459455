package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code wide}: an alias of utf16le. The result is bytes, meant for base64/base64offset next. */
public final class WideModifier implements Modifier {
    @Override
    public String name() {
        return "wide";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (s.binary()) {
            throw new ModifierException("modifier 'wide' cannot encode a value that is already encoded");
        }
        return List.of(Utf16.encode(s, false, false));
    }
}
