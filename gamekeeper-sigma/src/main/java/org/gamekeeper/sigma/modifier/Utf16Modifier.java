package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code utf16}: a byte order mark (FF FE) then UTF-16 little-endian. The result is bytes, meant for base64/base64offset next. */
public final class Utf16Modifier implements Modifier {
    @Override
    public String name() {
        return "utf16";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (s.binary()) {
            throw new ModifierException("modifier 'utf16' cannot encode a value that is already encoded");
        }
        return List.of(Utf16.encode(s, false, true));
    }
}
