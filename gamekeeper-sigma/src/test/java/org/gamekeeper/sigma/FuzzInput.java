package org.gamekeeper.sigma;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a fuzzer's bytes into texts at 0xFF bytes (never part of UTF-8), so a target taking
 * several strings reads plain bytes: the committed regression inputs replay without the fuzzer.
 */
final class FuzzInput {
    private FuzzInput() {
    }

    /** Exactly {@code n} texts: missing ones empty, the last holding the rest (0xFF bytes and all). */
    static String[] texts(byte[] data, int n) {
        String[] out = new String[n];
        Arrays.fill(out, "");
        int from = 0;
        for (int k = 0; k < n; k++) {
            int to = data.length;
            if (k < n - 1) {
                for (int i = from; i < data.length; i++) {
                    if (data[i] == (byte) 0xff) {
                        to = i;
                        break;
                    }
                }
            }
            if (from <= data.length) {
                out[k] = new String(data, from, Math.max(0, to - from), StandardCharsets.UTF_8);
            }
            from = to + 1;
            if (from > data.length) {
                break;
            }
        }
        return out;
    }
}
