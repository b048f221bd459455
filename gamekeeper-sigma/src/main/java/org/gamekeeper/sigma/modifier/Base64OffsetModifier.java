package org.gamekeeper.sigma.modifier;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * {@code base64offset}: the three Base64 forms of the value at byte offsets 0, 1 and 2 of an
 * enclosing text, trimmed to the characters that do not depend on the neighbouring bytes.
 */
public final class Base64OffsetModifier implements Modifier {
    private static final int[] START = {0, 2, 3};
    private static final int[] END_TRIM = {0, 3, 2};

    @Override
    public String name() {
        return "base64offset";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        SigmaString s = Modifier.asString(this, value);
        if (!s.isPlain()) {
            throw new ModifierException("modifier 'base64offset' cannot encode wildcards; put contains after it");
        }
        byte[] raw = Base64Modifier.bytes(s);
        List<SigmaValue> out = new ArrayList<>(3);
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[raw.length + shift];
            for (int i = 0; i < shift; i++) {
                padded[i] = ' ';
            }
            System.arraycopy(raw, 0, padded, shift, raw.length);
            String enc = Base64.getEncoder().encodeToString(padded);
            int end = enc.length() - END_TRIM[(raw.length + shift) % 3];
            if (end > START[shift]) {
                out.add(SigmaString.plain(enc.substring(START[shift], end)));
            }
        }
        return out;
    }
}
