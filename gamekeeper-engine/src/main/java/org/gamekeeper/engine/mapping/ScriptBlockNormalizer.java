package org.gamekeeper.engine.mapping;

/**
 * De-obfuscates PowerShell script text (the field {@code ScriptBlockTextNormalized}, and the
 * script decoded from an encoded command): Unicode look-alikes folded, backticks before plain
 * letters dropped, the format operator with literal operands ({@code "{1}{0}" -f 'X','IE'}), a
 * reversed literal ({@code 'XEI'[-1..-3]}) and a replace on a literal replaced by the string they make, quotes and string concatenation dropped, lower case, white space as single
 * spaces, and the PowerShell host's switches and encoded commands inside it canonical as in
 * {@link CommandLineNormalizer}. Carets are kept: in PowerShell they are text (regular
 * expressions). Input longer than {@link #MAX_INPUT} characters is normalised up to that length.
 */
public final class ScriptBlockNormalizer {

    /** A 4104 event carries a script in parts of at most about 32 K characters; twice that is ample. */
    public static final int MAX_INPUT = 65_536;

    private ScriptBlockNormalizer() {
    }

    /** The normalised form of a script block; null for null. */
    public static String normalize(String script) {
        return normalize(script, 0);
    }

    static String normalize(String script, int depth) {
        if (script == null) {
            return null;
        }
        int n = Math.min(script.length(), MAX_INPUT);
        char[] b = new char[n];
        script.getChars(0, n, b, 0);
        n = ObfuscationText.foldLookAlikes(b, n);
        if (ObfuscationText.mayHaveStringExpressions(b, n)) {
            b = ObfuscationText.expandStringExpressions(new String(b, 0, n)).toCharArray();
            n = b.length;
        }
        n = ObfuscationText.dropQuotes(b, n);
        n = ObfuscationText.dropBackticks(b, n);
        n = ObfuscationText.foldSpace(b, n, false, false);
        return CommandLineNormalizer.canonicalTokens(new String(b, 0, n), depth);
    }
}
