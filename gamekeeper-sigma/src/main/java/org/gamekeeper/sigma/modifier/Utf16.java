package org.gamekeeper.sigma.modifier;

import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaString;

/** The UTF-16 encodings shared by utf16le, utf16be, utf16 and wide: plain parts only, wildcards kept. */
final class Utf16 {
    private Utf16() {
    }

    static SigmaString encode(SigmaString s, boolean bigEndian, boolean bom) {
        SigmaString enc = s.mapPlain(text -> {
            StringBuilder sb = new StringBuilder(text.length() * 2);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                char hi = (char) (c >> 8);
                char lo = (char) (c & 0xff);
                sb.append(bigEndian ? hi : lo).append(bigEndian ? lo : hi);
            }
            return sb.toString();
        }, true);
        if (!bom) {
            return enc;
        }
        List<SigmaString.Part> parts = new ArrayList<>(enc.parts());
        parts.add(0, new SigmaString.Plain("\u00ff\u00fe"));
        return enc.withParts(parts);
    }
}
