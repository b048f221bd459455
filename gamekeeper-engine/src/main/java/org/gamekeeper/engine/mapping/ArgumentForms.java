package org.gamekeeper.engine.mapping;

import java.text.Normalizer;

/**
 * What a Windows program sees of its arguments, beyond what the shell removes: the steps of
 * {@link CommandLineNormalizer} that undo disguises a program tolerates in its own parsing
 * (catalogued by Wietze Beukema's command-line obfuscation research and ArgFuscator).
 * <ul>
 * <li><b>Best-fit letters.</b> A program that reads its command line in the ANSI code page gets
 *     each character through Windows' best-fit mapping: {@code ᵉxpᵒʳt}, {@code ｎode},
 *     {@code ₚrocess}, {@code ᴄall}, {@code Ć} reach it as {@code export}, {@code node},
 *     {@code process}, {@code call}, {@code C}. Here: compatibility decomposition (NFKD) with the
 *     combining marks dropped, and Latin small capitals as their letters.</li>
 * <li><b>Ignored characters.</b> Option parsers that compare with Windows' linguistic
 *     comparison give no weight to characters missing from its tables (unassigned code points,
 *     format characters, letters of scripts added since): {@code -url\u0378cache} is
 *     {@code -urlcache} to certutil. Here: a short run of characters beyond ASCII that still
 *     stands next to an ASCII letter or digit after the step above is dropped, when the run's
 *     other side is ASCII too or the end of the text; words of other scripts between
 *     separators ({@code \Иван\}) stay.</li>
 * <li><b>Paths.</b> {@code c:\windows/temp}, {@code c:\\\windows},
 *     {@code c:\windows\system32\..\temp\.\x} all name {@code c:\windows\temp\x}: forward slashes
 *     inside a path read as backslashes, repeated separators inside a path as one (a leading
 *     {@code \\} of a share or device stays), {@code .} segments dropped and {@code ..} segments
 *     resolved against the segment before them.</li>
 * <li><b>URLs.</b> {@code https:\\host\x}, {@code https:/host/x} and a host written as one
 *     decimal or hexadecimal number ({@code 2130706433}, {@code 0x7f000001}) read as
 *     {@code https://host/x} with a dotted address.</li>
 * </ul>
 * Linear scans without regular expressions; the result is for matching only.
 */
final class ArgumentForms {

    /** The longest run of unmapped characters next to ASCII that is taken for inserted noise. */
    static final int MAX_NOISE_RUN = 8;

    private ArgumentForms() {
    }

    /**
     * Best-fit letters and ignored characters (asked only of a text with a character beyond
     * ASCII: {@link CommandLineNormalizer} has looked for one).
     */
    static String foldBestFit(String s) {
        String d = Normalizer.normalize(s, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c < 0x80) {
                b.append(c);
                continue;
            }
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
                continue;
            }
            char small = smallCapital(c);
            b.append(small != 0 ? small : c);
        }
        return dropNoise(b);
    }

    /** Latin letter small capitals (and the IPA letters that are small capitals) as their lower-case letters. */
    static char smallCapital(char c) {
        switch (c) {
            case '\u1D00': return 'a';
            case '\u0299': return 'b';
            case '\u1D04': return 'c';
            case '\u1D05': return 'd';
            case '\u1D07': return 'e';
            case '\uA730': return 'f';
            case '\u0262': return 'g';
            case '\u029C': return 'h';
            case '\u026A': return 'i';
            case '\u1D0A': return 'j';
            case '\u1D0B': return 'k';
            case '\u029F': return 'l';
            case '\u1D0D': return 'm';
            case '\u0274': return 'n';
            case '\u1D0F': return 'o';
            case '\u1D18': return 'p';
            case '\uA7AF': return 'q';
            case '\u0280': return 'r';
            case '\uA731': return 's';
            case '\u1D1B': return 't';
            case '\u1D1C': return 'u';
            case '\u1D20': return 'v';
            case '\u1D21': return 'w';
            case '\u028F': return 'y';
            case '\u1D22': return 'z';
            default: return 0;
        }
    }

    private static boolean asciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * Drops each run of at most {@link #MAX_NOISE_RUN} characters beyond ASCII that has an ASCII
     * letter or digit on one side and, on the other, any ASCII character or the end of the text.
     */
    private static String dropNoise(StringBuilder b) {
        int n = b.length();
        StringBuilder out = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            char c = b.charAt(i);
            if (c < 0x80) {
                out.append(c);
                i++;
                continue;
            }
            int j = i;
            while (j < n && b.charAt(j) >= 0x80) {
                j++;
            }
            boolean hasLeft = i > 0;
            boolean hasRight = j < n;
            char left = hasLeft ? b.charAt(i - 1) : 0;
            char right = hasRight ? b.charAt(j) : 0;
            boolean noise = j - i <= MAX_NOISE_RUN && ((hasLeft && asciiAlnum(left)) || (hasRight && asciiAlnum(right)));
            if (!noise) {
                out.append(b, i, j);
            }
            i = j;
        }
        return out.toString();
    }

    // ---- paths and URLs, one word at a time (lower case, quotes gone) ----

    /** A word with its URL and path forms made canonical; the word itself when it has neither. */
    static String canonicalWord(String t) {
        if (alreadyCanonical(t)) {
            return t;
        }
        int scheme = schemeEnd(t);
        if (scheme >= 0) {
            return canonicalUrl(t, scheme);
        }
        if (t.contains("://")) {
            return t;
        }
        int start = pathStart(t);
        return start < 0 ? t : t.substring(0, start) + canonicalPath(t.substring(start));
    }

    /**
     * Most words need nothing: no forward slash, no backslash after a URL scheme, and no backslash
     * followed by another one (past the first character, where a share starts) or by a dot. One
     * pass, no allocation: this runs on every word of every command line a pack rule reads.
     */
    private static boolean alreadyCanonical(String t) {
        int n = t.length();
        for (int i = 0; i < n; i++) {
            char c = t.charAt(i);
            if (c == '/') {
                return false;
            }
            // a URL scheme before a backslash (https:\host): not a drive, which has one letter
            if (c == ':' && i >= 3 && i + 1 < n && t.charAt(i + 1) == '\\' && Character.isLetter(t.charAt(i - 2))) {
                return false;
            }
            if (c == '\\' && i + 1 < n) {
                char d = t.charAt(i + 1);
                if (d == '.' || (d == '\\' && i > 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    // not file: (file:///C:\x names a local path, whose backslashes and slashes stay as the path's)
    private static final String[] SCHEMES = {"https:", "http:", "ftps:", "ftp:"};

    /** The index after {@code scheme:} when the word holds a URL scheme followed by a slash of either kind, or -1. */
    private static int schemeEnd(String t) {
        for (String s : SCHEMES) {
            int at = t.indexOf(s);
            while (at >= 0) {
                int end = at + s.length();
                boolean wordStart = at == 0 || !Character.isLetter(t.charAt(at - 1));
                if (wordStart && end < t.length() && (t.charAt(end) == '/' || t.charAt(end) == '\\')) {
                    return end;
                }
                at = t.indexOf(s, at + 1);
            }
        }
        return -1;
    }

    private static String canonicalUrl(String t, int afterScheme) {
        int i = afterScheme;
        while (i < t.length() && (t.charAt(i) == '/' || t.charAt(i) == '\\')) {
            i++;
        }
        int hostEnd = i;
        while (hostEnd < t.length() && t.charAt(hostEnd) != '/' && t.charAt(hostEnd) != '\\' && t.charAt(hostEnd) != ':'
                && t.charAt(hostEnd) != '?' && t.charAt(hostEnd) != '#') {
            hostEnd++;
        }
        String host = numericHost(t.substring(i, hostEnd));
        StringBuilder b = new StringBuilder(t.length() + 8);
        b.append(t, 0, afterScheme).append("//").append(host);
        for (int k = hostEnd; k < t.length(); k++) {
            char c = t.charAt(k);
            b.append(c == '\\' ? '/' : c);
        }
        return b.toString();
    }

    /** A host written as one decimal or hexadecimal number, as its dotted address; any other host as it is. */
    static String numericHost(String h) {
        boolean hex = h.length() > 2 && h.startsWith("0x");
        if (h.length() > 10 || (!hex && h.length() < 8)) {
            return h;
        }
        int radix = hex ? 16 : 10;
        long v = 0;
        for (int k = hex ? 2 : 0; k < h.length(); k++) {
            int d = Character.digit(h.charAt(k), radix);
            if (d < 0 || (!hex && h.charAt(k) > '9')) { // decimal: ASCII digits only, as before
                return h;
            }
            v = v * radix + d;
        }
        if (v < 0x01000000L || v > 0xFFFFFFFFL) {
            return h;
        }
        return (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /** Where a path starts in a word: a drive ({@code c:} and a slash) or the first backslash; -1 if none. */
    private static int pathStart(String t) {
        int backslash = t.indexOf('\\');
        int limit = backslash < 0 ? t.length() - 2 : Math.min(backslash, t.length() - 2);
        for (int k = 0; k < limit; k++) {
            char c = t.charAt(k);
            if (c >= 'a' && c <= 'z' && t.charAt(k + 1) == ':' && (t.charAt(k + 2) == '/' || t.charAt(k + 2) == '\\')
                    && (k == 0 || !Character.isLetterOrDigit(t.charAt(k - 1)))) {
                return k;
            }
        }
        return backslash;
    }

    /**
     * A path with {@code /} as {@code \}, repeated separators inside it as one, {@code .} dropped
     * and {@code ..} resolved; a leading run of separators (a share, a device, the root) stays as
     * it is, two at most, and a {@code ..} with nothing to go back over stays.
     */
    static String canonicalPath(String p) {
        int n = p.length();
        int lead = 0;
        while (lead < n && (p.charAt(lead) == '\\' || p.charAt(lead) == '/')) {
            lead++;
        }
        String[] stack = new String[n / 2 + 2];
        int top = 0;
        int from = lead;
        boolean trailing = false;
        while (from <= n) {
            int end = from;
            while (end < n && p.charAt(end) != '\\' && p.charAt(end) != '/') {
                end++;
            }
            String seg = p.substring(from, end);
            if (seg.isEmpty()) {
                trailing = end >= n && from > lead;
            } else if (top == 0 && lead >= 2 && (seg.equals(".") || seg.equals("?"))) {
                // \\.\pipe\x, \\?\c:\x: a device path's prefix, not a segment
                stack[top++] = seg;
                trailing = false;
            } else if (seg.equals("..") && top == 1 && isDrive(stack[0])) {
                // c:\..\x is c:\x
                trailing = end >= n;
            } else if (seg.equals(".")) {
                trailing = end >= n;
            } else if (seg.equals("..") && top > 0 && poppable(stack[top - 1], top - 1, lead)) {
                top--;
                trailing = end >= n;
            } else {
                stack[top++] = seg;
                trailing = false;
            }
            if (end >= n) {
                break;
            }
            from = end + 1;
        }
        StringBuilder b = new StringBuilder(n);
        for (int k = 0; k < Math.min(lead, 2); k++) {
            b.append('\\');
        }
        for (int k = 0; k < top; k++) {
            if (k > 0) {
                b.append('\\');
            }
            b.append(stack[k]);
        }
        if (trailing && top > 0) {
            b.append('\\');
        }
        return b.toString();
    }

    private static boolean isDrive(String seg) {
        return seg.length() == 2 && seg.charAt(1) == ':' && seg.charAt(0) >= 'a' && seg.charAt(0) <= 'z';
    }

    /** Whether {@code ..} may go back over {@code seg}: not a drive, not another {@code ..}, not a share's server. */
    private static boolean poppable(String seg, int index, int lead) {
        if (seg.equals("..")) {
            return false;
        }
        if (index == 0 && isDrive(seg)) {
            return false;
        }
        return !(index == 0 && lead >= 2);
    }
}
