package org.gamekeeper.sigma.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import org.junit.jupiter.api.Test;

class RegexLiteralTest {

    @Test
    void takesTheLongestRunOfTheTopLevelSequence() {
        assertEquals("powershell", RegexLiteral.required("cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$\\{?input\\}?|noexit).+\\\"", 3));
        assertEquals("c:\\windows\\", RegexLiteral.required("(?i)c:\\\\windows\\\\[a-z]+\\.exe", 3));
        // a closing bracket or brace outside a class or repetition is a character like any other
        assertEquals("clipboard]::(", RegexLiteral.required("cmd.{0,5}(?:/c|/r).+clip(?:\\.exe)?.{0,4}&&.+clipboard]::\\(\\s\\\\\"\\{\\d\\}.+-f.+\"", 3));
        assertEquals("a}b]c", RegexLiteral.required("x+a}b]c", 3));
    }

    @Test
    void aCharacterAQuantifierMayRemoveIsNotRequired() {
        assertEquals("ab", RegexLiteral.required("abc?d", 2));
        assertEquals("abc", RegexLiteral.required("abc+d", 3));
        assertEquals("ab", RegexLiteral.required("abc{0,2}d", 2));
        assertEquals("abc", RegexLiteral.required("abc{2}d", 3));
        assertEquals("ab", RegexLiteral.required("abc*?d", 2));
    }

    /** RE2 repeats the atom before a flag group: {@code k(?s)*} is {@code k*}, so nothing is required. */
    @Test
    void aQuantifiedFlagGroupGivesNothing() {
        assertEquals("", RegexLiteral.required("k(?s)*", 1));
        assertEquals("", RegexLiteral.required("abc(?i)+", 1));
        assertTrue(Pattern.compile("k(?s)*").matcher("zzz").find(), "RE2/J reads k(?s)* as k*");
        assertEquals("abc", RegexLiteral.required("(?i)abc", 1));
    }

    @Test
    void alternationQuotingAndClassEscapesGiveNothingOrBreakRuns() {
        assertEquals("", RegexLiteral.required("abc|def", 1));
        assertEquals("", RegexLiteral.required("\\Qa.b\\E", 1));
        assertEquals("", RegexLiteral.required("(?ix)a b c d", 1));
        assertEquals("abc", RegexLiteral.required("abc\\d+def", 3));
        assertEquals("xyz", RegexLiteral.required("a\\x41xyz", 3));
        assertEquals("", RegexLiteral.required("[abc]+", 1));
        assertEquals("end", RegexLiteral.required("^[^]x]*end$", 3));
    }

    @Test
    void literalsAreFoldedAndTooShortOnesAreDropped() {
        assertEquals("invoke-", RegexLiteral.required("Invoke-[A-Z]+", 3));
        assertEquals("", RegexLiteral.required("ab.cd", 3));
    }
}
