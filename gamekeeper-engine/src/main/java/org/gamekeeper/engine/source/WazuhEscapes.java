package org.gamekeeper.engine.source;

/**
 * Wazuh's second layer of escaping in event data: a backslash written as two, a quote as a
 * backslash and the quote. {@link #state} tells whether a text can carry it; {@link #undo}
 * removes it.
 */
final class WazuhEscapes {

    /** No backslash at all: nothing to tell or undo. */
    static final int NONE = 0;
    /** Every backslash is paired with a backslash or escapes a quote. */
    static final int PAIRED = 1;
    /** Some backslash stands alone: the text was not escaped twice. */
    static final int LONE = 2;

    private WazuhEscapes() {
    }

    static int state(String t) {
        if (t == null || t.indexOf('\\') < 0) {
            return NONE;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == '\\') {
                char next = i + 1 < t.length() ? t.charAt(i + 1) : 0;
                if (next != '\\' && next != '"') {
                    return LONE;
                }
                i++;
            }
        }
        return PAIRED;
    }

    /** {@code \\} as one backslash and {@code \"} as a quote; anything else as it is. */
    static String undo(String t) {
        StringBuilder b = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < t.length() && (t.charAt(i + 1) == '\\' || t.charAt(i + 1) == '"')) {
                b.append(t.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
