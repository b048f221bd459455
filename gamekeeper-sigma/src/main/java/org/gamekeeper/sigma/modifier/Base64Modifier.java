package org.gamekeeper.sigma.modifier;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code base64}: the value is Base64-encoded (UTF-8 text, or the bytes of a utf16 encoding). */
public final class Base64Modifier implements Modifier {
    @Override
    public String name() {
        return "base64";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (!s.isPlain()) {
            throw new ModifierException("modifier 'base64' cannot encode wildcards; put contains/startswith/endswith after it");
        }
        return List.of(SigmaString.plain(Base64.getEncoder().encodeToString(bytes(s))));
    }

    static byte[] bytes(SigmaString s) {
        String text = s.plainText();
        if (!s.binary()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] b = new byte[text.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) text.charAt(i);
        }
        return b;
    }
}
