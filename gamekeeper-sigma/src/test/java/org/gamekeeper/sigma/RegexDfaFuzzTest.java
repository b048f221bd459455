package org.gamekeeper.sigma;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.gamekeeper.sigma.compile.CaseFold;
import org.gamekeeper.sigma.compile.RegexDfa;

/**
 * Fuzz target: the regex DFA gives RE2/J's answer whenever it claims to know it (YES or NO),
 * for any expression RE2/J accepts and any value, under the flags the matchers pass; and the texts
 * the expression requires (its {@code RegexRequirement}) are in every value RE2/J finds a match in.
 */
class RegexDfaFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void sameAnswersAsRe2j(byte[] data) {
        fuzzerTestOneInput(data);
    }

    /** Input: a flags byte (1 dotAll, 2 ignoreCase), the expression, 0xFF, the value. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean dotAll = (data[0] & 1) != 0;
        boolean ignoreCase = (data[0] & 2) != 0;
        String[] t = FuzzInput.texts(java.util.Arrays.copyOfRange(data, 1, data.length), 2);
        String regex = t[0];
        String value = t[1];
        if (org.gamekeeper.sigma.modifier.Re2Hazards.problem(regex) != null) {
            return; // refused before RE2/J sees it, as rule loading refuses it (RE2/J would loop for ever)
        }
        Pattern p;
        try {
            p = Pattern.compile(regex, (dotAll ? Pattern.DOTALL : 0) | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (PatternSyntaxException e) {
            return;
        }
        RegexDfa dfa = RegexDfa.of(regex);
        if (dfa == null) {
            return;
        }
        int r = dfa.decide(value, dotAll, ignoreCase);
        boolean re2 = p.matcher(value).find();
        if (r == RegexDfa.YES && !re2 || r == RegexDfa.NO && re2) {
            throw new AssertionError("DFA says " + (r == RegexDfa.YES ? "match" : "no match") + ", RE2/J "
                    + re2 + ": /" + regex + "/ dotAll=" + dotAll + " ignoreCase=" + ignoreCase + " on " + value);
        }
        if (r == RegexDfa.NO && dfa.mayMatch(value)) {
            throw new AssertionError("mayMatch disagrees with decide on /" + regex + "/ " + value);
        }
        if (re2 && !dfa.requirement().holdsIn(CaseFold.fold(value))) {
            throw new AssertionError("requirement " + dfa.requirement() + " of /" + regex + "/ rejects a match in " + value);
        }
    }
}
