package org.gamekeeper.engine.mapping;

/**
 * The character-level steps shared by {@link CommandLineNormalizer} and
 * {@link ScriptBlockNormalizer}: each one hand-written scan over its input, linear in its length,
 * with no regular expression (command lines are attacker-written text). Each step rewrites
 * {@code b[0, n)} in place and returns the new length: none makes a text longer, so a step writes
 * only where it has already read, and the steps of one normalisation share one array instead of
 * building a String each (script blocks run to tens of kilobytes).
 */
final class ObfuscationText {
    private ObfuscationText() {
    }

    /**
     * Unicode look-alikes to ASCII (dashes, slashes, quotes, spaces), invisible characters
     * (zero-width, soft hyphen, byte-order mark) dropped.
     */
    static int foldLookAlikes(char[] b, int n) {
        int i = 0;
        while (i < n && b[i] < 0x80) {
            i++;
        }
        int w = i;
        for (; i < n; i++) {
            char c = b[i];
            if (c < 0x80) {
                b[w++] = c;
                continue;
            }
            char r = lookAlike(c);
            if (r != 0) {
                b[w++] = r;
            } else if (!invisible(c)) {
                b[w++] = c;
            }
        }
        return w;
    }

    static char lookAlike(char c) {
        switch (c) {
            case '\u2010': case '\u2011': case '\u2012': case '\u2013': case '\u2014': case '\u2015':
            case '\u2212': case '\uFE58': case '\uFE63': case '\uFF0D': case '\u2043': case '\u02D7':
                return '-';
            case '\u2044': case '\u2215': case '\uFF0F': case '\u29F8':
                return '/';
            case '\uFF3C': case '\u2216': case '\u29F9':
                return '\\';
            case '\u2018': case '\u2019': case '\u201A': case '\u201B': case '\u2032': case '\uFF07':
                return '\'';
            case '\u201C': case '\u201D': case '\u201E': case '\u201F': case '\u2033': case '\uFF02':
                return '"';
            case '\u00A0': case '\u1680': case '\u2000': case '\u2001': case '\u2002': case '\u2003':
            case '\u2004': case '\u2005': case '\u2006': case '\u2007': case '\u2008': case '\u2009':
            case '\u200A': case '\u2028': case '\u2029': case '\u202F': case '\u205F': case '\u3000':
                return ' ';
            default:
                return 0;
        }
    }

    static boolean invisible(char c) {
        return c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD';
    }

    /** The first index from {@code from} of {@code c} in {@code b[0, n)}, or -1. */
    static int indexOf(char[] b, int n, char c, int from) {
        for (int i = from; i < n; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * cmd.exe's escape character: {@code ^x} is {@code x}, {@code ^^} is one caret. Removed
     * inside quotes too, because {@code cmd /c "..."} hands the quoted text to a second parse.
     */
    static int dropCarets(char[] b, int n) {
        int first = indexOf(b, n, '^', 0);
        if (first < 0) {
            return n;
        }
        int w = first;
        for (int i = first; i < n; i++) {
            char c = b[i];
            if (c == '^') {
                if (i + 1 < n && b[i + 1] == '^') {
                    b[w++] = '^';
                    i++;
                }
                continue;
            }
            b[w++] = c;
        }
        return w;
    }

    /**
     * PowerShell's escape character before a letter that has no escape meaning in Windows
     * PowerShell 5.1 ({@code I`E`X} is {@code IEX}); {@code `n}, {@code `t} and the other escapes are kept.
     */
    static int dropBackticks(char[] b, int n) {
        int first = indexOf(b, n, '`', 0);
        if (first < 0) {
            return n;
        }
        int w = first;
        for (int i = first; i < n; i++) {
            char c = b[i];
            if (c == '`' && i + 1 < n) {
                char d = b[i + 1];
                boolean letter = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z');
                if (letter && "0abfnrtv".indexOf(Character.toLowerCase(d)) < 0) {
                    continue;
                }
            }
            b[w++] = c;
        }
        return w;
    }

    /** Whether {@code b[0..end)} ends with .exe, .com, .bat or .cmd, in any case. */
    static boolean endsWithProgramExtension(char[] b, int end) {
        if (end < 4 || b[end - 4] != '.') {
            return false;
        }
        // ASCII letters folded by setting the case bit: no string for a test on every quote
        char x = (char) (b[end - 3] | 0x20);
        char y = (char) (b[end - 2] | 0x20);
        char z = (char) (b[end - 1] | 0x20);
        return x == 'e' && y == 'x' && z == 'e' || x == 'c' && y == 'o' && z == 'm'
                || x == 'b' && y == 'a' && z == 't' || x == 'c' && y == 'm' && z == 'd';
    }

    /**
     * Quotes gone: inserted quotes ({@code c"ert"util}, {@code i''ex}) and string concatenation
     * ({@code 'Down'+'loadString'}) read as the word they spell. Quotes carry no meaning a
     * detection needs, so none are kept; nor is a backslash between a program's file name and a
     * double quote ({@code "C:\Windows\System32\net.exe\" stop}, as some exports escape it).
     */
    static int dropQuotes(char[] b, int n) {
        int i = 0;
        while (i < n && b[i] != '"' && b[i] != '\'') {
            i++;
        }
        int w = i;
        for (; i < n; i++) {
            char c = b[i];
            if (c == '"' || c == '\'') {
                if (c == '"' && w > 0 && b[w - 1] == '\\' && endsWithProgramExtension(b, w - 1)) {
                    // "C:\Windows\System32\net.exe\" as some exports escape the closing quote: a
                    // program's file name is never a folder, so the backslash goes with the quote.
                    w--;
                }
                // A closing quote, optional spaces, '+', optional spaces, an opening quote: concatenation.
                int j = i + 1;
                while (j < n && b[j] == ' ') {
                    j++;
                }
                if (j < n && b[j] == '+') {
                    int k = j + 1;
                    while (k < n && b[k] == ' ') {
                        k++;
                    }
                    if (k < n && (b[k] == '"' || b[k] == '\'')) {
                        i = k;
                    }
                }
                continue;
            }
            b[w++] = c;
        }
        return w;
    }

    /**
     * Lower case (when asked), white space (and, when asked, cmd's other separators {@code ,} and
     * {@code ;} where they stand next to white space or open the text) as single spaces, no space at either end.
     */
    static int foldSpace(char[] b, int n, boolean lower, boolean cmdSeparators) {
        int w = 0;
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = b[i];
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
            if (cmdSeparators && !space && (c == ',' || c == ';')) {
                // A run of separators touching white space or the start is a separator, not text.
                int j = i;
                while (j < n && (b[j] == ',' || b[j] == ';')) {
                    j++;
                }
                boolean before = w == 0 || pendingSpace;
                boolean after = j == n || isSpace(b[j]);
                if (before || after) {
                    pendingSpace = true;
                    i = j - 1;
                    continue;
                }
            }
            if (space) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && w > 0) {
                b[w++] = ' ';
            }
            pendingSpace = false;
            if (!lower) {
                b[w++] = c;
            } else if (c >= 'A' && c <= 'Z') {
                b[w++] = (char) (c + 32);
            } else if (c < 0x80) {
                b[w++] = c;
            } else {
                b[w++] = Character.toLowerCase(c);
            }
        }
        return w;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
    }

    // ---- PowerShell's string expressions on literals ----

    /** The longest format string or argument, and the most arguments, that are expanded. */
    static final int MAX_FORMAT_PART = 1_024;
    static final int MAX_FORMAT_ARGUMENTS = 64;

    /**
     * Whether the text may hold a string expression {@link #expandStringExpressions} undoes, in one
     * pass: a format ({@code "{0}{1}" -f 'a','b'}: a placeholder, {@code {} and a digit, and a
     * {@code -f} that does not start a longer word such as {@code -force}: script blocks have braces
     * and such switches everywhere), a reversed literal ({@code '...'[-1..-9]}) or a replace.
     */
    static boolean mayHaveStringExpressions(char[] b, int n) {
        boolean placeholder = false;
        boolean operator = false;
        for (int i = 0; i + 2 < n; i++) {
            char c = b[i];
            if (c == '{') {
                char d = b[i + 1];
                placeholder |= d >= '0' && d <= '9';
            } else if (c == '-' && (b[i + 1] == 'f' || b[i + 1] == 'F')) {
                char e = b[i + 2];
                operator |= !((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || (e >= '0' && e <= '9') || e == '_');
            } else if ((c == '[' && startsWith(b, n, i, "[-1..")) || ((c == 'r' || c == 'R') && startsWith(b, n, i, "replace"))) {
                return true;
            }
            if (placeholder && operator) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code b[at, n)} starts with {@code lower} (lower-case ASCII), ignoring the case of ASCII letters. */
    static boolean startsWith(char[] b, int n, int at, String lower) {
        if (at + lower.length() > n) {
            return false;
        }
        for (int k = 0; k < lower.length(); k++) {
            char c = b[at + k];
            if (c != lower.charAt(k) && (c < 'A' || c > 'Z' || c + 32 != lower.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** {@code value} with every {@code old} (any case) replaced by {@code repl}. */
    static String replaceIgnoreCase(String value, String old, String repl) {
        String lv = value.toLowerCase(java.util.Locale.ROOT);
        String lo = old.toLowerCase(java.util.Locale.ROOT);
        StringBuilder b = new StringBuilder();
        int i = 0;
        int k;
        while ((k = lv.indexOf(lo, i)) >= 0) {
            b.append(value, i, k).append(repl);
            i = k + lo.length();
        }
        return b.append(value, i, value.length()).toString();
    }

    private static boolean regexPlain(String p) {
        for (int k = 0; k < p.length(); k++) {
            if (".^$*+?()[]{}|\\".indexOf(p.charAt(k)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * A literal string reversed by indexing ({@code 'gnirtSdaolnwoD'[-1..-14]}, joined after) or
     * with a replace applied ({@code 'DowXXnload'.Replace('XX','')}, {@code 'DowXXnload' -replace
     * 'XX',''} when the pattern is plain text): the literal that makes, into {@code out}; the index
     * after the expression, or -1. Invoke-Obfuscation's reversal and its delimiters removed by replace.
     */
    private static int reversedOrReplacedAt(String s, int at, int litEnd, StringBuilder out) {
        int n = s.length();
        String lit = s.substring(at + 1, litEnd - 1);
        int i = litEnd;
        if (s.startsWith("[-1..-", i)) {
            int j = i + 6;
            while (j < n && j < i + 12 && Character.isDigit(s.charAt(j))) {
                j++;
            }
            if (j > i + 6 && j < n && s.charAt(j) == ']') {
                out.append('\'').append(new StringBuilder(lit).reverse()).append('\'');
                return j + 1;
            }
            return -1;
        }
        boolean method = s.regionMatches(true, i, ".replace(", 0, 9);
        int k = method ? i + 9 : skipSpaces(s, i);
        boolean caseSensitive = method;
        if (!method) {
            if (s.regionMatches(true, k, "-replace", 0, 8)) {
                k += 8;
            } else if (s.regionMatches(true, k, "-ireplace", 0, 9)) {
                k += 9;
            } else if (s.regionMatches(true, k, "-creplace", 0, 9)) {
                k += 9;
                caseSensitive = true;
            } else {
                return -1;
            }
        }
        k = skipSpaces(s, k);
        int oldEnd = quotedEnd(s, k);
        if (oldEnd < 0) {
            return -1;
        }
        String old = s.substring(k + 1, oldEnd - 1);
        k = skipSpaces(s, oldEnd);
        String repl = "";
        if (k < n && s.charAt(k) == ',') {
            k = skipSpaces(s, k + 1);
            int replEnd = quotedEnd(s, k);
            if (replEnd < 0) {
                return -1;
            }
            repl = s.substring(k + 1, replEnd - 1);
            k = replEnd;
        } else if (method) {
            return -1;
        }
        if (method) {
            k = skipSpaces(s, k);
            if (k >= n || s.charAt(k) != ')') {
                return -1;
            }
            k++;
        }
        if (old.isEmpty() || (!method && !regexPlain(old)) || repl.indexOf('$') >= 0) {
            return -1;
        }
        String made = caseSensitive ? lit.replace(old, repl) : replaceIgnoreCase(lit, old, repl);
        if (made.length() > 4 * MAX_FORMAT_PART) {
            return -1;
        }
        out.append('\'').append(made).append('\'');
        return k;
    }

    /**
     * PowerShell's format operator with literal operands replaced by the string it makes:
     * {@code ("{2}{0}{1}" -f 'ct','-Obje','New')} is {@code ('New-Object')}, the reordering of
     * Invoke-Obfuscation's string obfuscation. Only {@code {n}} placeholders are filled (a format
     * with anything else, or an index past the arguments, is left as written); an argument may be
     * a quoted string or one in parentheses, so nested formats come apart over up to three passes.
     * A reversed literal and a replace on a literal ({@link #reversedOrReplacedAt}) are undone in the
     * same passes. Linear per pass: every look ahead is bounded.
     */
    static String expandStringExpressions(String s) {
        for (int pass = 0; pass < 3; pass++) {
            String next = expressionPass(s);
            if (next.equals(s)) {
                return s;
            }
            s = next;
        }
        return s;
    }

    private static String expressionPass(String s) {
        int n = s.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            // a pass may make the text twice as long at most (a format can repeat an argument)
            int litEnd = out.length() <= 2 * n ? quotedEnd(s, i) : -1;
            if (litEnd > 0) {
                int end = formatAt(s, i, litEnd, out);
                if (end < 0) {
                    end = reversedOrReplacedAt(s, i, litEnd, out);
                }
                if (end > 0) {
                    i = end;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /**
     * The end of a literal string starting at {@code at} (the index after its closing quote,
     * within {@link #MAX_FORMAT_PART} characters), or -1 when none starts there.
     */
    private static int quotedEnd(String s, int at) {
        if (at >= s.length()) {
            return -1;
        }
        char q = s.charAt(at);
        if (q != '\'' && q != '"') {
            return -1;
        }
        int limit = Math.min(s.length(), at + 1 + MAX_FORMAT_PART);
        for (int j = at + 1; j < limit; j++) {
            if (s.charAt(j) == q) {
                return j + 1;
            }
        }
        return -1;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Expands a format expression whose format string starts at {@code at} into {@code out}; the index after it, or -1. */
    private static int formatAt(String s, int at, int fmtEnd, StringBuilder out) {
        int n = s.length();
        String fmt = s.substring(at + 1, fmtEnd - 1);
        if (fmt.indexOf('{') < 0) {
            return -1;
        }
        int i = skipSpaces(s, fmtEnd);
        if (i + 2 > n || s.charAt(i) != '-' || (s.charAt(i + 1) != 'f' && s.charAt(i + 1) != 'F')) {
            return -1;
        }
        i += 2;
        if (i < n && Character.isLetterOrDigit(s.charAt(i))) {
            return -1;
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        while (true) {
            i = skipSpaces(s, i);
            if (i >= n || args.size() >= MAX_FORMAT_ARGUMENTS) {
                return -1;
            }
            boolean open = s.charAt(i) == '(';
            if (open) {
                i = skipSpaces(s, i + 1);
            }
            int end = quotedEnd(s, i);
            if (end < 0) {
                return -1;
            }
            args.add(s.substring(i + 1, end - 1));
            i = end;
            if (open) {
                i = skipSpaces(s, i);
                if (i >= n || s.charAt(i) != ')') {
                    return -1;
                }
                i++;
            }
            int after = skipSpaces(s, i);
            if (after < n && s.charAt(after) == ',') {
                i = after + 1;
                continue;
            }
            break;
        }
        StringBuilder made = new StringBuilder();
        for (int k = 0; k < fmt.length(); k++) {
            char c = fmt.charAt(k);
            if (c == '}') {
                return -1;
            }
            if (c != '{') {
                made.append(c);
                continue;
            }
            int close = fmt.indexOf('}', k);
            if (close < 0 || close - k > 4) {
                return -1;
            }
            int index = 0;
            for (int d = k + 1; d < close; d++) {
                char digit = fmt.charAt(d);
                if (digit < '0' || digit > '9') {
                    return -1;
                }
                index = index * 10 + (digit - '0');
            }
            if (close == k + 1 || index >= args.size()) {
                return -1;
            }
            made.append(args.get(index));
            if (made.length() > 4 * MAX_FORMAT_PART) {
                return -1;
            }
            k = close;
        }
        out.append('\'').append(made).append('\'');
        return i;
    }
}
