package org.gamekeeper.engine;

/**
 * Receives every value of an event in the form its source holds it, so that a search over all
 * values (a Sigma keyword) reads bytes where they lie instead of decoding each into a String.
 * A source may use any of the forms for any value; {@link Event#forEachValue} says which it uses.
 */
public interface ValueSink {

    /** A value as text. */
    void text(String value);

    /** A value whose characters are exactly these ASCII bytes. */
    void ascii(byte[] bytes, int offset, int length);

    /** A string value of {@code chars} UTF-16LE code units at {@code offset}. */
    void utf16(byte[] data, int offset, int chars);

    /**
     * A value as JSON writes it: ASCII bytes in which a character may be one of the escapes
     * {@code \" \\ \b \f \n \r \t} (and no other). Such bytes hold the {@link #escaped} form of
     * every text the value holds, so a search for literals escaped the same way misses nothing
     * (it may find some the value does not hold, which the caller checks on the text).
     */
    void escapedAscii(byte[] bytes, int offset, int length);

    /**
     * Every value of an event at once, offered when the source holds them all in one stretch of
     * bytes in which each value reads as {@link #escapedAscii} says, with other bytes (names,
     * punctuation) between them: a stretch that holds the {@link #escaped} form of every text any
     * value holds. A sink that only searches for literals escaped that way may read it once and
     * return true (it may find some that span two values, which the caller checks on the texts);
     * one that needs the values apart returns false, and the source then gives them one by one.
     */
    default boolean allEscapedAscii(byte[] bytes, int offset, int length) {
        return false;
    }

    /**
     * Every character (lower case) that the text of a value other than a string may hold, in any
     * source: digits, hex letters, signs, exponents, ISO times, GUID braces, SIDs, true, false,
     * null and the like. A search for text with some other character needs no such value.
     */
    String NON_TEXT_CHARS = "0123456789abcdefilnrstuxyz+-.:{} ";

    /**
     * False when the sink only looks for text that values other than strings (numbers,
     * booleans, GUIDs, times, SIDs: {@link #NON_TEXT_CHARS}) can never show: a source may then
     * leave such values out.
     */
    default boolean nonText() {
        return true;
    }

    /**
     * {@code literal} as {@link #escapedAscii} values hold it: a quote, a backslash and the control
     * characters with a one-letter escape take two characters. Any other control character would
     * be a {@code \\u} escape, which such values never hold: it stays as it is, so the literal is
     * found in none of them, as none of them holds it.
     */
    static String escaped(String literal) {
        StringBuilder out = null;
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            String e = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> null;
            };
            if (e != null && out == null) {
                out = new StringBuilder(literal.length() + 8).append(literal, 0, i);
            }
            if (out != null) {
                if (e != null) {
                    out.append(e);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? literal : out.toString();
    }
}
