package org.gamekeeper.sigma.compile;

/**
 * Case folding for case-insensitive matching: a table for ASCII, and for other characters the
 * same per-character rule as {@link String#equalsIgnoreCase} (lower case of upper case), so
 * both paths agree. Folding is per UTF-16 unit, so lengths never change: foldings that change
 * length (German ß and SS) are not equal, as in the JDK and in the SIEMs Sigma targets.
 */
public final class CaseFold {
    private static final char[] ASCII = new char[128];
    /** Characters that only they themselves fold to: a search may jump to them with String.indexOf. */
    private static final boolean[] ALONE = new boolean[65536];

    /** fold(c) for every UTF-16 unit, computed once: Character's case tables are slow on hot paths. */
    private static final char[] TABLE = new char[65536];

    static {
        for (char c = 0; c < 128; c++) {
            ASCII[c] = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        for (int c = 0; c < 65536; c++) {
            TABLE[c] = c < 128 ? ASCII[c] : Character.toLowerCase(Character.toUpperCase((char) c));
        }
        byte[] sources = new byte[65536];
        for (int c = 0; c < 65536; c++) {
            int f = fold((char) c);
            if (sources[f] < 2) {
                sources[f]++;
            }
        }
        for (int c = 0; c < 65536; c++) {
            ALONE[c] = sources[c] == 1 && fold((char) c) == c;
        }
    }

    private CaseFold() {
    }

    public static char fold(char c) {
        return TABLE[c];
    }

    /** The few characters beyond ASCII that fold into ASCII (KELVIN SIGN to k, LONG S to s, ...), and what they fold to. */
    private static final char[] INTO_ASCII_FROM;
    private static final char[] INTO_ASCII_TO;

    static {
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (int c = 128; c < 65536; c++) {
            if (TABLE[c] < 128) {
                from.append((char) c);
                to.append(TABLE[c]);
            }
        }
        INTO_ASCII_FROM = from.toString().toCharArray();
        INTO_ASCII_TO = to.toString().toCharArray();
        INTO_ASCII_FIRST = INTO_ASCII_FROM.length == 0 ? Character.MAX_VALUE : INTO_ASCII_FROM[0];
        INTO_ASCII_LAST = INTO_ASCII_FROM.length == 0 ? 0 : INTO_ASCII_FROM[INTO_ASCII_FROM.length - 1];
    }

    private static final char INTO_ASCII_FIRST;
    private static final char INTO_ASCII_LAST;

    /**
     * The ASCII character {@code c} folds to, or -1 when it folds to none: what scanners for
     * folded ASCII literals read a value's characters as. Small enough to inline.
     */
    public static int toAscii(char c) {
        return c < 128 ? ASCII[c] : wideToAscii(c);
    }

    /**
     * For a character beyond ASCII: the ASCII character it folds to, or -1 when it folds to none
     * (nearly all). No table lookup, so scans over text with many such characters stay in cache.
     */
    public static int wideToAscii(char c) {
        // Small enough to inline: nearly every character is outside the span the four lie in.
        return c < INTO_ASCII_FIRST || c > INTO_ASCII_LAST ? -1 : wideToAsciiAmongFew(c);
    }

    private static int wideToAsciiAmongFew(char c) {
        char[] from = INTO_ASCII_FROM;
        for (int i = 0; i < from.length; i++) {
            if (from[i] == c) {
                return INTO_ASCII_TO[i];
            }
        }
        return -1;
    }

    /** The folded form of a text (used at compile time and by engines building prefilters). */
    public static String fold(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && TABLE[s.charAt(i)] == s.charAt(i)) {
            i++;
        }
        if (i == n) {
            return s;
        }
        // Nearly every value is Latin-1 and folds into Latin-1: written as bytes, the String is a
        // copy of them, not a compression of a char array twice the size.
        byte[] latin1 = n >= LONG_FOLD ? FOLD_SCRATCH.get(n) : new byte[n];
        int all = 0;
        for (int j = 0; j < n; j++) {
            char f = TABLE[s.charAt(j)];
            all |= f;
            latin1[j] = (byte) f;
        }
        if (all < 256) {
            return new String(latin1, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[n];
        for (int j = 0; j < n; j++) {
            out[j] = TABLE[s.charAt(j)];
        }
        return new String(out);
    }

    /**
     * From this length on, {@link #fold} writes into this thread's scratch buffer (kept up to
     * 4 MiB) rather than a new array the String then copies: hostile values of megabytes.
     */
    private static final int LONG_FOLD = 1 << 16;
    private static final ScratchBytes FOLD_SCRATCH = new ScratchBytes(4 << 20);

    /** Values recently folded on this thread, direct-mapped by identity: rules test the same values many times. */
    private static final class Recent {
        final String[] raw = new String[256];
        final String[] folded = new String[256];
        /**
         * Long values ({@link TrigramIndex#FROM} characters or more), the last two, apart: kept
         * among the 256 they would hold hostile megabytes of many events alive (each young
         * collection copied them).
         */
        final String[] longRaw = new String[2];
        final String[] longFolded = new String[2];
        /** The value asked last: rules test one field's value many times in a row. */
        String lastRaw;
        String lastFolded;
    }

    /**
     * {@code value.contains(literal)}; a long value is searched through {@link TrigramIndex}:
     * hundreds of rules search one field, and on a hostile value of megabytes each search would
     * read it all again.
     */
    public static boolean contains(String value, String literal) {
        return TrigramIndex.contains(value, literal);
    }

    private static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    /**
     * The folded form of a value, remembered for values recently seen on this thread, so that
     * the many contains-tests rules run on one field fold it once and then use the JDK's
     * vectorised {@link String#indexOf(String)}.
     */
    public static String foldedValue(String text) {
        Recent r = RECENT.get();
        if (r.lastRaw == text) {
            return r.lastFolded;
        }
        if (text.length() >= TrigramIndex.FROM) {
            return foldedLong(r, text);
        }
        // Two-way set associative by identity, so two values that share a set do not evict each other.
        int set = (System.identityHashCode(text) & 127) << 1;
        String f;
        if (r.raw[set] == text) {
            f = r.folded[set];
        } else if (r.raw[set + 1] == text) {
            f = r.folded[set + 1];
        } else {
            f = fold(text);
            r.raw[set + 1] = r.raw[set];
            r.folded[set + 1] = r.folded[set];
            r.raw[set] = text;
            r.folded[set] = f;
        }
        r.lastRaw = text;
        r.lastFolded = f;
        return f;
    }

    private static String foldedLong(Recent r, String text) {
        String[] raw = r.longRaw;
        String[] folded = r.longFolded;
        String f;
        if (raw[0] == text) {
            f = folded[0];
        } else {
            // the other one, or a new one in place of the one asked less recently
            f = raw[1] == text ? folded[1] : fold(text);
            raw[1] = raw[0];
            folded[1] = folded[0];
            raw[0] = text;
            folded[0] = f;
        }
        r.lastRaw = text;
        r.lastFolded = f;
        return f;
    }

    /** Case-insensitive search of {@code folded} (already folded) in {@code text} from index 0; no allocation. */
    public static int indexOf(String text, String folded) {
        int n = folded.length();
        if (n == 0) {
            return 0;
        }
        char first = folded.charAt(0);
        int last = text.length() - n;
        if (ALONE[first]) {
            // no other character folds to the first one ('\\', ' ', '-', digits, emoji): jump with the JDK's fast search
            for (int i = text.indexOf(first); i >= 0 && i <= last; i = text.indexOf(first, i + 1)) {
                if (regionEquals(text, i + 1, folded, 1)) {
                    return i;
                }
            }
            return -1;
        }
        outer:
        for (int i = 0; i <= last; i++) {
            if (fold(text.charAt(i)) != first) {
                continue;
            }
            for (int j = 1; j < n; j++) {
                if (fold(text.charAt(i + j)) != folded.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Compares text from {@code from} with folded[skip..]; no allocation. */
    private static boolean regionEquals(String text, int from, String folded, int skip) {
        int n = folded.length() - skip;
        if (from + n > text.length()) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (fold(text.charAt(from + j)) != folded.charAt(skip + j)) {
                return false;
            }
        }
        return true;
    }

    /** Case-insensitive comparison of text[from, from+len) with an already folded text; no allocation. */
    public static boolean regionEquals(String text, int from, String folded) {
        int n = folded.length();
        if (from < 0 || from + n > text.length()) {
            return false;
        }
        for (int j = 0; j < n; j++) {
            if (fold(text.charAt(from + j)) != folded.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
