package org.gamekeeper.bench.lotl;

/**
 * One short text a regular expression finds, for {@link SigmaWitness}: the first alternative of
 * each choice, the fewest repetitions each quantifier allows (one for {@code +}), a member of each
 * class. Anchors and flags are read and written as nothing. Not a solver: look-arounds and
 * back-references give null, and the caller checks the text against the real rule anyway.
 */
final class RegexExample {
    private final String re;
    private int pos;
    private int depth;

    private RegexExample(String re) {
        this.re = re;
    }

    /** A text {@code regex} finds, or null when this generator does not know how to make one. */
    static String of(String regex) {
        RegexExample g = new RegexExample(regex);
        try {
            StringBuilder out = new StringBuilder();
            g.alternation(out);
            return g.pos == regex.length() ? out.toString() : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    private void alternation(StringBuilder out) {
        if (++depth > 50) {
            throw new IllegalArgumentException("too deep");
        }
        StringBuilder first = new StringBuilder();
        sequence(first);
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            sequence(new StringBuilder());
        }
        out.append(first);
        depth--;
    }

    private void sequence(StringBuilder out) {
        while (pos < re.length() && re.charAt(pos) != '|' && re.charAt(pos) != ')') {
            StringBuilder atom = new StringBuilder();
            atom(atom);
            int times = quantifier();
            for (int i = 0; i < times; i++) {
                out.append(atom);
            }
        }
    }

    /** How many times the preceding atom is written: the least its quantifier allows ({@code +} once). */
    private int quantifier() {
        if (pos >= re.length()) {
            return 1;
        }
        char c = re.charAt(pos);
        int n;
        if (c == '*' || c == '?') {
            pos++;
            n = 0;
        } else if (c == '+') {
            pos++;
            n = 1;
        } else if (c == '{' && pos + 1 < re.length() && Character.isDigit(re.charAt(pos + 1))) {
            int close = re.indexOf('}', pos);
            if (close < 0) {
                throw new IllegalArgumentException("open brace");
            }
            String body = re.substring(pos + 1, close);
            n = Integer.parseInt(body.contains(",") ? body.substring(0, body.indexOf(',')) : body);
            pos = close + 1;
            n = Math.min(n, 64);
        } else {
            return 1;
        }
        if (pos < re.length() && (re.charAt(pos) == '?' || re.charAt(pos) == '+')) {
            pos++;
        }
        return n;
    }

    private void atom(StringBuilder out) {
        char c = re.charAt(pos++);
        switch (c) {
            case '(' -> {
                if (re.startsWith("?:", pos)) {
                    pos += 2;
                } else if (re.startsWith("?P<", pos) || re.startsWith("?<", pos) && !re.startsWith("?<=", pos) && !re.startsWith("?<!", pos)) {
                    pos = re.indexOf('>', pos) + 1;
                } else if (re.startsWith("?", pos)) {
                    // flags: (?i) alone, or (?i:...)
                    int end = pos + 1;
                    while (end < re.length() && Character.isLetter(re.charAt(end)) || end < re.length() && re.charAt(end) == '-') {
                        end++;
                    }
                    if (end >= re.length()) {
                        throw new IllegalArgumentException("flags");
                    }
                    if (re.charAt(end) == ')') {
                        pos = end + 1;
                        return;
                    }
                    if (re.charAt(end) != ':') {
                        throw new IllegalArgumentException("look-around");
                    }
                    pos = end + 1;
                }
                alternation(out);
                if (pos >= re.length() || re.charAt(pos) != ')') {
                    throw new IllegalArgumentException("open group");
                }
                pos++;
            }
            case '[' -> out.append(classMember());
            case '\\' -> escape(out, false);
            case '.' -> out.append('a');
            case '^', '$' -> { }
            default -> out.append(c);
        }
    }

    /** An escape after its backslash; in a class, {@code \b} is a backspace. */
    private char escape(StringBuilder out, boolean inClass) {
        char e = re.charAt(pos++);
        char written;
        switch (e) {
            case 'd' -> written = '1';
            case 'w' -> written = 'a';
            case 's' -> written = ' ';
            case 'S', 'D' -> written = 'a';
            case 'W' -> written = '-';
            case 't' -> written = '\t';
            case 'n' -> written = '\n';
            case 'r' -> written = '\r';
            case 'x' -> {
                if (re.charAt(pos) == '{') {
                    int close = re.indexOf('}', pos);
                    written = (char) Integer.parseInt(re.substring(pos + 1, close), 16);
                    pos = close + 1;
                } else {
                    written = (char) Integer.parseInt(re.substring(pos, pos + 2), 16);
                    pos += 2;
                }
            }
            case 'b', 'B', 'A', 'z', 'Z' -> {
                if (inClass) {
                    written = '\b';
                } else {
                    return 0;
                }
            }
            case 'p', 'P' -> {
                if (re.charAt(pos) == '{') {
                    pos = re.indexOf('}', pos) + 1;
                } else {
                    pos++;
                }
                written = e == 'p' ? 'a' : '1';
            }
            default -> {
                if (Character.isDigit(e)) {
                    throw new IllegalArgumentException("back-reference");
                }
                written = e;
            }
        }
        if (out != null) {
            out.append(written);
        }
        return written;
    }

    /** A character a class holds: its first member, or for a negated class the first of a few candidates it lacks. */
    private char classMember() {
        boolean negated = pos < re.length() && re.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        StringBuilder members = new StringBuilder();
        StringBuilder ranges = new StringBuilder();
        boolean first = true;
        while (pos < re.length() && (re.charAt(pos) != ']' || first)) {
            first = false;
            char c = re.charAt(pos++);
            if (c == '[' && re.startsWith(":", pos)) {
                int close = re.indexOf(":]", pos);
                String name = re.substring(pos + 1, close);
                pos = close + 2;
                members.append(switch (name) {
                    case "digit" -> '1';
                    case "space" -> ' ';
                    case "upper" -> 'A';
                    default -> 'a';
                });
                continue;
            }
            if (c == '\\') {
                char e = re.charAt(pos);
                if ("dwsSDW".indexOf(e) >= 0) {
                    pos++;
                    members.append(switch (e) {
                        case 'd' -> '1';
                        case 's' -> ' ';
                        case 'W' -> '-';
                        default -> 'a';
                    });
                    if (e == 'S' || e == 'D' || e == 'W') {
                        members.append("a1-");
                    }
                    continue;
                }
                c = escape(null, true);
            }
            if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                pos++;
                char hi = re.charAt(pos++);
                if (hi == '\\') {
                    hi = escape(null, true);
                }
                ranges.append(c).append(hi);
                members.append(c);
            } else {
                members.append(c);
            }
        }
        if (pos >= re.length()) {
            throw new IllegalArgumentException("open class");
        }
        pos++;
        if (!negated) {
            if (members.length() == 0) {
                throw new IllegalArgumentException("empty class");
            }
            return members.charAt(0);
        }
        for (char cand : "aZ1 x-_.q".toCharArray()) {
            boolean in = members.indexOf(String.valueOf(cand)) >= 0;
            for (int i = 0; i + 1 < ranges.length() && !in; i += 2) {
                in = cand >= ranges.charAt(i) && cand <= ranges.charAt(i + 1);
            }
            if (!in) {
                return cand;
            }
        }
        throw new IllegalArgumentException("negated class holds every candidate");
    }
}
