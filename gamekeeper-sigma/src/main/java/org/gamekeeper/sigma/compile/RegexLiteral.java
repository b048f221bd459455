package org.gamekeeper.sigma.compile;

/**
 * The longest text a regular expression certainly requires, found by a deliberately
 * conservative reading: only characters in the top-level sequence count (a {@code ]} or
 * {@code }} outside a class or repetition is such a character, in RE2 as in Java); groups, classes,
 * anchors, class escapes and anything a quantifier may remove end a run; a top-level
 * alternation or an unusual construct gives nothing. A regex is then only run on values that
 * contain the literal (compared case-insensitively, which is necessary whatever the flags).
 */
final class RegexLiteral {
    private RegexLiteral() {
    }

    /** The required literal, folded, or "" when none of at least {@code minLength} is certain. */
    static String required(String re, int minLength) {
        if (freeSpacing(re)) {
            return ""; // spaces in the text are not characters to match
        }
        StringBuilder best = new StringBuilder();
        StringBuilder run = new StringBuilder();
        int i = 0;
        int n = re.length();
        while (i < n) {
            char c = re.charAt(i);
            int atomStart = run.length();
            boolean literal;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return "";
                }
                char e = re.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    if (e == 'Q' || e == 'E') {
                        return ""; // quoting: not worth reading here
                    }
                    literal = false; // \d \w \s \b \x41 \p{…} \1 …: a class or a code, not this character
                    if (e == 'x' || e == 'p' || e == 'P') {
                        i = skipEscapeArgument(re, i + 2);
                    } else {
                        i += 2;
                    }
                } else {
                    run.append(e);
                    literal = true;
                    i += 2;
                }
            } else if (c == '|') {
                return ""; // top-level alternation: no single requirement
            } else if (c == '(') {
                int end = skipGroup(re, i);
                if (end < 0) {
                    return "";
                }
                if (flagsOnly(re, i, end) && end < n && "*+?{".indexOf(re.charAt(end)) >= 0) {
                    return ""; // (?s)* : RE2 repeats the atom before the flags, which this reading does not follow
                }
                i = end;
                literal = false;
            } else if (c == '[') {
                int end = skipClass(re, i);
                if (end < 0) {
                    return "";
                }
                i = end;
                literal = false;
            } else if (c == '.' || c == '^' || c == '$') {
                literal = false;
                i++;
            } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')') {
                return ""; // a quantifier without an atom, or stray syntax: do not guess
            } else {
                run.append(c);
                literal = true;
                i++;
            }
            // a quantifier after the atom
            if (i < n && (re.charAt(i) == '*' || re.charAt(i) == '?' || re.charAt(i) == '+' || re.charAt(i) == '{')) {
                char q = re.charAt(i);
                boolean atLeastOne = q == '+';
                if (q == '{') {
                    int close = re.indexOf('}', i);
                    if (close < 0) {
                        return "";
                    }
                    String min = re.substring(i + 1, close).split(",", -1)[0].trim();
                    atLeastOne = !min.isEmpty() && !min.chars().allMatch(ch -> ch == '0') && min.chars().allMatch(Character::isDigit);
                    i = close + 1;
                } else {
                    i++;
                }
                if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
                    i++; // lazy or possessive
                }
                if (literal && !atLeastOne) {
                    run.setLength(atomStart); // the atom may be absent
                }
                literal = false; // the run cannot continue across a repetition
            }
            if (!literal) {
                keep(best, run);
                run.setLength(0);
            }
        }
        keep(best, run);
        return best.length() >= minLength ? CaseFold.fold(best.toString()) : "";
    }

    /** True when {@code re[open, end)} is a group of flags only, such as {@code (?s)} or {@code (?-i)}. */
    private static boolean flagsOnly(String re, int open, int end) {
        if (end - open < 3 || re.charAt(open + 1) != '?') {
            return false;
        }
        for (int k = open + 2; k < end - 1; k++) {
            if ("imsU-".indexOf(re.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when an inline flag group such as {@code (?ix)} turns on free-spacing mode. */
    private static boolean freeSpacing(String re) {
        for (int at = re.indexOf("(?"); at >= 0; at = re.indexOf("(?", at + 2)) {
            for (int i = at + 2; i < re.length() && Character.isLetter(re.charAt(i)); i++) {
                if (re.charAt(i) == 'x') {
                    return true;
                }
            }
        }
        return false;
    }

    private static void keep(StringBuilder best, StringBuilder run) {
        if (run.length() > best.length()) {
            best.setLength(0);
            best.append(run);
        }
    }

    private static int skipEscapeArgument(String re, int i) {
        if (i < re.length() && re.charAt(i) == '{') {
            int close = re.indexOf('}', i);
            return close < 0 ? re.length() : close + 1;
        }
        return Math.min(re.length(), i + 2);
    }

    /** Index after the group opened at {@code open}, or -1. */
    private static int skipGroup(String re, int open) {
        int depth = 0;
        for (int i = open; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                int end = skipClass(re, i);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Index after the character class opened at {@code open}, or -1. */
    private static int skipClass(String re, int open) {
        int i = open + 1;
        if (i < re.length() && re.charAt(i) == '^') {
            i++;
        }
        if (i < re.length() && re.charAt(i) == ']') {
            i++; // a leading ] is a member
        }
        for (; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < re.length() && re.charAt(i + 1) == ':') {
                int close = re.indexOf(":]", i + 2);
                if (close < 0) {
                    return -1;
                }
                i = close + 1;
            } else if (c == ']') {
                return i + 1;
            }
        }
        return -1;
    }
}
