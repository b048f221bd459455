package org.gamekeeper.engine.mapping;

/**
 * The String-building steps ObfuscationText had before they rewrote one array in place: kept as
 * the reference the in-place steps must agree with (ObfuscationTextTest).
 */
final class ObfuscationTextReference {
    private ObfuscationTextReference() {
    }

    /**
     * Unicode look-alikes to ASCII (dashes, slashes, quotes, spaces), invisible characters
     * (zero-width, soft hyphen, byte-order mark) dropped.
     */
    static String foldLookAlikes(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) < 0x80) {
            i++;
        }
        if (i == n) {
            return s;
        }
        StringBuilder b = new StringBuilder(n).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b.append(c);
                continue;
            }
            char r = lookAlike(c);
            if (r != 0) {
                b.append(r);
            } else if (!invisible(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    // The table of look-alikes and invisible characters is ObfuscationText's own: what is
    // checked here is how the steps walk and rewrite the text, not the table.
    private static char lookAlike(char c) {
        return ObfuscationText.lookAlike(c);
    }

    private static boolean invisible(char c) {
        return ObfuscationText.invisible(c);
    }

    /**
     * cmd.exe's escape character: {@code ^x} is {@code x}, {@code ^^} is one caret. Removed
     * inside quotes too, because {@code cmd /c "..."} hands the quoted text to a second parse.
     */
    static String dropCarets(String s) {
        int first = s.indexOf('^');
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '^') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '^') {
                    b.append('^');
                    i++;
                }
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * PowerShell's escape character before a letter that has no escape meaning in Windows
     * PowerShell 5.1 ({@code I`E`X} is {@code IEX}); {@code `n}, {@code `t} and the other escapes are kept.
     */
    static String dropBackticks(String s) {
        int first = s.indexOf('`');
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '`' && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                boolean letter = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z');
                if (letter && "0abfnrtv".indexOf(Character.toLowerCase(d)) < 0) {
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Quotes gone: inserted quotes ({@code c"ert"util}, {@code i''ex}) and string concatenation
     * ({@code 'Down'+'loadString'}) read as the word they spell. Quotes carry no meaning a
     * detection needs, so none are kept; nor is a backslash between a program's file name and a
     * double quote.
     */
    static String dropQuotes(String s) {
        int n = s.length();
        boolean any = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                any = true;
                break;
            }
        }
        if (!any) {
            return s;
        }
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                // The backslash of "...\net.exe\" goes with the quote: a program's name is no folder.
                String written = b.toString().toLowerCase(java.util.Locale.ROOT);
                if (c == '"' && (written.endsWith(".exe\\") || written.endsWith(".com\\") || written.endsWith(".bat\\")
                        || written.endsWith(".cmd\\"))) {
                    b.setLength(b.length() - 1);
                }
                // A closing quote, optional spaces, '+', optional spaces, an opening quote: concatenation.
                int j = i + 1;
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
                if (j < n && s.charAt(j) == '+') {
                    int k = j + 1;
                    while (k < n && s.charAt(k) == ' ') {
                        k++;
                    }
                    if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
                        i = k;
                    }
                }
                continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    /**
     * Lower case (when asked), white space (and, when asked, cmd's other separators {@code ,} and
     * {@code ;} where they stand next to white space or open the text) as single spaces, no space at either end.
     */
    static String foldSpace(String s, boolean lower, boolean cmdSeparators) {
        int n = s.length();
        StringBuilder b = new StringBuilder(n);
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
            if (cmdSeparators && !space && (c == ',' || c == ';')) {
                // A run of separators touching white space or the start is a separator, not text.
                int j = i;
                while (j < n && (s.charAt(j) == ',' || s.charAt(j) == ';')) {
                    j++;
                }
                boolean before = b.length() == 0 || pendingSpace;
                boolean after = j == n || isSpace(s.charAt(j));
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
            if (pendingSpace && b.length() > 0) {
                b.append(' ');
            }
            pendingSpace = false;
            if (!lower) {
                b.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                b.append((char) (c + 32));
            } else if (c < 0x80) {
                b.append(c);
            } else {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
    }
}
