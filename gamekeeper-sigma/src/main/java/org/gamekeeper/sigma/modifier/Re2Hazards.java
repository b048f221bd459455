package org.gamekeeper.sigma.modifier;

/**
 * Regular expressions RE2/J cannot be trusted to compile. RE2/J 1.8's case-folding tables are
 * older than the JDK's: folding a code point of U+1C80–U+1C88 (Cyrillic Extended-C) walks an
 * orbit that never closes, and {@code Pattern.compile} loops for ever (google/re2j#168) whenever
 * such a code point is folded, that is when the expression names one (as a character, an escape
 * or the end of a class range, even in a negated class) and folds case (the {@code i} flag or the
 * {@code |i} modifier). A rule is data from anyone: one such expression would hang rule loading.
 * Such an expression is refused, whatever its flags, with a message naming the reason.
 */
public final class Re2Hazards {
    private static final int FIRST = 0x1C80;
    private static final int LAST = 0x1C88;

    private Re2Hazards() {
    }

    /** Why RE2/J cannot compile {@code regex} safely, or null when it can. */
    public static String problem(String regex) {
        int n = regex.length();
        boolean inClass = false;
        int previous = -1; // the last code point met inside a class, for ranges
        for (int i = 0; i < n; ) {
            int c = regex.codePointAt(i);
            int next = i + Character.charCount(c);
            int atom;
            if (c == '\\' && next < n) {
                char e = regex.charAt(next);
                if (e == 'Q') {
                    // \Q…\E: every character literal
                    int end = regex.indexOf("\\E", next + 1);
                    String quoted = regex.substring(next + 1, end < 0 ? n : end);
                    if (names(quoted)) {
                        return reason();
                    }
                    i = end < 0 ? n : end + 2;
                    previous = -1;
                    continue;
                }
                if (e == 'x' && next + 1 < n && regex.charAt(next + 1) == '{') {
                    int close = regex.indexOf('}', next + 2);
                    atom = close < 0 ? -1 : hex(regex.substring(next + 2, close));
                    next = close < 0 ? n : close + 1;
                } else if (e == 'p' || e == 'P') {
                    // a Unicode class by name: RE2/J folds those from its own tables, safely
                    next = next + 1 < n && regex.charAt(next + 1) == '{' ? Math.max(next + 2, regex.indexOf('}', next + 1) + 1) : next + 2;
                    if (next <= 0) {
                        next = n;
                    }
                    atom = -1;
                } else {
                    atom = regex.codePointAt(next);
                    next += Character.charCount(atom);
                    if (Character.isLetterOrDigit(atom) && atom < 0x80) {
                        atom = -1; // \d, \w, \x41 (two hex digits stay below the hazard), \0…: none names the hazard
                    }
                }
            } else if (!inClass && c == '[') {
                inClass = true;
                previous = -1;
                i = next;
                if (i < n && regex.charAt(i) == '^') {
                    i++;
                }
                if (i < n && regex.charAt(i) == ']') {
                    i++; // a leading ] is a literal
                }
                continue;
            } else if (inClass && c == ']') {
                inClass = false;
                i = next;
                continue;
            } else if (inClass && c == '-' && previous >= 0 && next < n && regex.charAt(next) != ']') {
                // a range: previous-to-the next atom
                int j = next;
                int hi;
                if (regex.charAt(j) == '\\' && j + 2 < n && regex.charAt(j + 1) == 'x' && regex.charAt(j + 2) == '{') {
                    int close = regex.indexOf('}', j + 3);
                    hi = close < 0 ? -1 : hex(regex.substring(j + 3, close));
                    j = close < 0 ? n : close + 1;
                } else if (regex.charAt(j) == '\\' && j + 1 < n) {
                    hi = regex.codePointAt(j + 1);
                    j += 1 + Character.charCount(hi);
                } else {
                    hi = regex.codePointAt(j);
                    j += Character.charCount(hi);
                }
                if (hi >= 0 && previous <= LAST && hi >= FIRST) {
                    return reason();
                }
                previous = -1;
                i = j;
                continue;
            } else {
                atom = c;
            }
            if (atom >= FIRST && atom <= LAST) {
                return reason();
            }
            previous = inClass ? atom : -1;
            i = next;
        }
        return null;
    }

    private static boolean names(String text) {
        return text.codePoints().anyMatch(c -> c >= FIRST && c <= LAST);
    }

    private static int hex(String digits) {
        try {
            return digits.isEmpty() || digits.length() > 8 ? -1 : Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String reason() {
        return "names a character of U+1C80-U+1C88, which RE2/J cannot fold without looping for ever (google/re2j#168)";
    }
}
