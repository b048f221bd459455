package org.gamekeeper.engine.mapping;

import java.util.Arrays;

/**
 * PowerShell's {@code -EncodedCommand} argument: base64 of the script's UTF-16LE bytes. Decoded
 * by hand so that text which is not base64, or does not decode to readable text, gives null
 * rather than an exception.
 */
final class EncodedCommand {
    private EncodedCommand() {
    }

    /** Base64 longer than this (Windows' whole command-line limit) is not decoded. */
    static final int MAX_ENCODED = 32_768;

    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
        // The URL-safe alphabet, which PowerShell's decoder does not take but obfuscators try.
        VALUES['-'] = 62;
        VALUES['_'] = 63;
    }

    /** The script text, or null when {@code text} is not base64 of mostly printable UTF-16LE. */
    static String decode(String text) {
        int n = text.length();
        while (n > 0 && text.charAt(n - 1) == '=') {
            n--;
        }
        if (n < 4 || n > MAX_ENCODED) {
            return null;
        }
        byte[] bytes = new byte[n * 3 / 4];
        int out = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) {
                return null;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bytes[out++] = (byte) (acc >> bits);
                acc &= (1 << bits) - 1;
            }
        }
        int chars = out / 2;
        if (chars == 0) {
            return null;
        }
        char[] script = new char[chars];
        int unreadable = 0;
        for (int i = 0; i < chars; i++) {
            char c = (char) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] & 0xFF) << 8);
            if (c < 0x20 ? c != '\t' && c != '\r' && c != '\n' : c >= 0x250 && (c < 0x2000 || c > 0x206F)) {
                unreadable++;
            }
            script[i] = c;
        }
        // UTF-8 or random bytes read as UTF-16 are CJK, other scripts and control characters; a script is mostly Latin.
        if (unreadable * 10 > chars) {
            return null;
        }
        return new String(script);
    }
}
