package org.gamekeeper.engine.baseline;

import java.util.Locale;

/**
 * A command line with its variable parts abstracted, so that "the same command" is counted as
 * one behaviour: {@code wmic /node:10.1.2.3 process call create "c:\temp\a.exe"} and the same
 * with another address and path have one shape, {@code wmic.exe /node:<host> process call create <path>.exe}.
 * The program is reduced to its file name; GUIDs, URLs, addresses, host names, paths (keeping
 * their extension), long base64 or hex runs and numbers become placeholders; case and repeated
 * white space go. Written as a word scanner rather than regular expressions: it runs on every
 * process event of a baseline, and a dozen RE2/J passes per command line cost a millisecond.
 */
public final class CommandShape {
    /** Longer command lines are shaped from their start only (encoded payloads run to megabytes). */
    public static final int MAX_INPUT = 2048;

    private CommandShape() {
    }

    /** The shape of {@code commandLine} run as {@code image} (a file name, or null to take the command line's first word). */
    public static String of(String commandLine, String image) {
        if (commandLine == null) {
            return null;
        }
        String original = commandLine.length() > MAX_INPUT ? commandLine.substring(0, MAX_INPUT) : commandLine;
        original = original.strip();
        String s = lowerKeepingLength(original);
        int restAt = s.length() - afterProgram(s).length();
        String program = image != null ? image : Observer.imageName(s.substring(0, restAt).replace("\"", "").strip());
        StringBuilder out = new StringBuilder(s.length() + 8).append(program == null ? "" : program);
        words(s, original, restAt, s.length(), out);
        return out.toString().strip();
    }

    /**
     * Lower case, character by character: the words are found in it and read again from the
     * original at the same places, so it must be as long. {@link String#toLowerCase} is not:
     * {@code İ} (U+0130) becomes two characters, and a command line holding it once threw.
     */
    static String lowerKeepingLength(String original) {
        String lower = original.toLowerCase(Locale.ROOT);
        if (lower.length() == original.length()) {
            return lower;
        }
        char[] c = original.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = Character.toLowerCase(c[i]);
        }
        return new String(c);
    }

    /** Appends the shape of each word of {@code s[from, to)}, space-separated. */
    private static void words(String s, String original, int from, int to, StringBuilder out) {
        int i = from;
        boolean hostNext = false;
        while (i < to) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int end;
            String shaped;
            if (c == '"') {
                end = closingQuote(s, i + 1, to);
                String inner = s.substring(i + 1, Math.min(end, to));
                String word = word(inner, original, i + 1, Math.min(end, to), hostNext);
                if (word != null) {
                    shaped = word;
                } else {
                    StringBuilder q = new StringBuilder("\"");
                    int mark = q.length();
                    words(s, original, i + 1, Math.min(end, to), q);
                    shaped = q.length() > mark ? "\"" + q.substring(mark).strip() + "\"" : "\"\"";
                }
                end = Math.min(end + 1, to);
            } else {
                end = i;
                while (end < to && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '"') {
                    end++;
                }
                String raw = s.substring(i, end);
                String word = word(raw, original, i, end, hostNext);
                shaped = word != null ? word : numbers(raw);
            }
            hostNext = shaped.equals("-computername") || shaped.equals("/computer");
            out.append(' ').append(shaped);
            i = end;
        }
    }

    private static int closingQuote(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '"' && s.charAt(i - 1) != '\\') {
                return i;
            }
        }
        return to;
    }

    /**
     * The placeholder for a whole word (trailing commas and semicolons kept), or null when the
     * word is none of the variable kinds.
     */
    private static String word(String w, String original, int from, int to, boolean host) {
        int cut = w.length();
        while (cut > 0 && (w.charAt(cut - 1) == ',' || w.charAt(cut - 1) == ';')) {
            cut--;
        }
        String suffix = w.substring(cut);
        String t = w.substring(0, cut);
        if (t.isEmpty()) {
            return null;
        }
        String shaped = null;
        if (host) {
            shaped = "<host>";
        } else if (t.startsWith("/node:")) {
            shaped = "/node:<host>";
        } else if (isGuid(t)) {
            shaped = "<guid>";
        } else if (t.contains("://")) {
            shaped = "<url>";
        } else if (t.startsWith("\\\\")) {
            shaped = "<unc>" + extension(t);
        } else if (isPath(t)) {
            shaped = "<path>" + extension(t);
        } else if (isAddress(t)) {
            shaped = "<ip>";
        } else if (isNumber(t)) {
            shaped = "<n>";
        } else if (isHex(t)) {
            shaped = "<hex>";
        } else if (isBase64(original, from, from + Math.min(cut, to - from))) {
            shaped = "<b64>";
        } else if (isHostName(t)) {
            shaped = "<host>";
        }
        return shaped == null ? null : shaped + suffix;
    }

    private static boolean isGuid(String t) {
        String g = t.startsWith("{") && t.endsWith("}") ? t.substring(1, t.length() - 1) : t;
        if (g.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = g.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23 ? c != '-' : !isHexDigit(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code x:\…} or {@code %variable%\…}. */
    private static boolean isPath(String t) {
        if (t.length() >= 3 && t.charAt(1) == ':' && t.charAt(2) == '\\' && t.charAt(0) >= 'a' && t.charAt(0) <= 'z') {
            return true;
        }
        if (t.startsWith("%")) {
            int close = t.indexOf('%', 1);
            return close > 1 && close + 1 < t.length() && t.charAt(close + 1) == '\\';
        }
        return false;
    }

    /** The file extension of a path's last part ({@code .dll}), or empty. */
    private static String extension(String path) {
        int slash = path.lastIndexOf('\\');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || path.length() - dot < 2 || path.length() - dot > 6) {
            return "";
        }
        for (int i = dot + 1; i < path.length(); i++) {
            if (!Character.isLetterOrDigit(path.charAt(i))) {
                return "";
            }
        }
        return path.substring(dot);
    }

    /** IPv4, optionally with a port. */
    private static boolean isAddress(String t) {
        if (t.isEmpty() || t.charAt(0) < '0' || t.charAt(0) > '9') {
            return false; // before splitting: most words are not addresses
        }
        int colon = t.indexOf(':');
        String a = colon < 0 ? t : t.substring(0, colon);
        if (colon >= 0 && !isNumber(t.substring(colon + 1))) {
            return false;
        }
        String[] parts = a.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !isDigits(p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String t) {
        if (t.startsWith("0x") && t.length() > 2) {
            for (int i = 2; i < t.length(); i++) {
                if (!isHexDigit(t.charAt(i))) {
                    return false;
                }
            }
            return true;
        }
        return !t.isEmpty() && isDigits(t);
    }

    private static boolean isHex(String t) {
        if (t.length() < 8) {
            return false;
        }
        boolean digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!isHexDigit(c)) {
                return false;
            }
            digit |= c <= '9';
        }
        return digit;
    }

    /** A long run of the base64 alphabet with digits or mixed case: an encoded payload, not a word. */
    private static boolean isBase64(String original, int from, int to) {
        if (to - from < 24) {
            return false;
        }
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = from; i < to; i++) {
            char c = original.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= '0' && c <= '9' || c == '+' || c == '/') {
                digit = true;
            } else if (c != '=' || i < to - 2) {
                return false;
            }
        }
        return digit || upper && lower;
    }

    /** A dotted name with at least three labels ({@code dc01.corp.example}); two could be a file name. */
    private static boolean isHostName(String t) {
        int dots = 0;
        char prev = '.';
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '.') {
                if (prev == '.') {
                    return false;
                }
                dots++;
            } else if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
            prev = c;
        }
        return dots >= 2 && prev != '.';
    }

    /** Runs of digits that stand alone inside a word ({@code report-12.docx}) become {@code <n>}. */
    private static String numbers(String w) {
        StringBuilder out = null;
        int i = 0;
        while (i < w.length()) {
            char c = w.charAt(i);
            if (c >= '0' && c <= '9' && (i == 0 || !Character.isLetterOrDigit(w.charAt(i - 1)))) {
                int end = i;
                while (end < w.length() && w.charAt(end) >= '0' && w.charAt(end) <= '9') {
                    end++;
                }
                if (end == w.length() || !Character.isLetter(w.charAt(end))) {
                    if (out == null) {
                        out = new StringBuilder(w.length()).append(w, 0, i);
                    }
                    out.append("<n>");
                    i = end;
                    continue;
                }
            }
            if (out != null) {
                out.append(c);
            }
            i++;
        }
        return out == null ? w : out.toString();
    }

    private static boolean isDigits(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    /** The command line after its program (quoted or not). */
    private static String afterProgram(String s) {
        if (s.startsWith("\"")) {
            int close = s.indexOf('"', 1);
            return close < 0 ? "" : s.substring(close + 1);
        }
        int space = s.indexOf(' ');
        if (space < 0) {
            return "";
        }
        // An unquoted path with spaces (C:\Program Files\x\y.exe -a) ends at the ".exe" that ends a word.
        String first = s.substring(0, space);
        int exe = s.indexOf(".exe");
        if (!first.endsWith(".exe") && first.indexOf('\\') >= 0 && exe > space
                && (exe + 4 == s.length() || s.charAt(exe + 4) == ' ')) {
            return s.substring(exe + 4);
        }
        return s.substring(space);
    }
}
