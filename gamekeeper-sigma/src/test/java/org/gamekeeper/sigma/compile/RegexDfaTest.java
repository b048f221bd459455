package org.gamekeeper.sigma.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * The regex DFA is a necessary condition: whatever RE2/J finds a match in, it accepts. It may
 * accept more (it folds case, lets assertions pass), never less.
 */
class RegexDfaTest {

    private static void neverRejectsAMatch(String regex, String value) {
        RegexDfa outside = RegexDfa.of(regex);
        if (outside == null) {
            return;
        }
        try {
            Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return; // not an expression RE2 takes (a repeated group name, say): rules cannot hold it
        }
        RegexDfa lines = RegexDfa.of("(?m)" + regex); // as ValueTest.Regex builds it for a multi-line pattern
        for (int flags : new int[] {0, Pattern.CASE_INSENSITIVE, Pattern.DOTALL | Pattern.MULTILINE}) {
            boolean found = Pattern.compile(regex, flags).matcher(value).find();
            RegexDfa d = (flags & Pattern.MULTILINE) != 0 ? lines : outside;
            if (d == null) {
                continue;
            }
            if (found) {
                assertTrue(d.mayMatch(value), () -> "DFA rejects a match of /" + regex + "/ in \"" + value + "\"");
                assertTrue(d.requirement().holdsIn(CaseFold.fold(value)),
                        () -> "requirement " + d.requirement() + " of /" + regex + "/ rejects a match in \"" + value + "\"");
                // the prefilter's anchors (a clause of the requirement, or the longest literal): one is in the value
                java.util.List<String> anchors = ValueTest.Regex.anchors(regex, RegexLiteral.required(regex, 1));
                assertTrue(anchors == null || anchors.stream().anyMatch(CaseFold.fold(value)::contains),
                        () -> "anchors " + anchors + " of /" + regex + "/ miss a match in \"" + value + "\"");
            }
            int decided = d.decide(value, (flags & Pattern.DOTALL) != 0, (flags & Pattern.CASE_INSENSITIVE) != 0);
            if (decided != RegexDfa.MAYBE) {
                assertEquals(found, decided == RegexDfa.YES, () -> "DFA decides /" + regex + "/ on \"" + value + "\" wrongly");
            }
        }
    }

    @Provide
    Arbitrary<String> regexes() {
        Arbitrary<String> atom = Arbitraries.oneOf(
 Arbitraries.of("a", "b", "A", "k", "\\.", "\\+", "-", "0", "[0-9]", "\\{", "\\\\", ".", "\\d", "\\s", "\\w", "\\D", "\\S", "\\W", "[ab]", "[^a]",
                        "[a-c0-9]", "[A-Za-z]", "[aA]", "[^ ]", "[^\\s]", "[\\D]", "\\x41", "^", "$", "\\b", "(?i)", "(?s)", "(?is)", "(?si)", "(?ms)", "i", "I", "(?i:ab)", "(?:a|b)", "(a|bc)", "(?P<n>ab)"));
        Arbitrary<String> quantified = Arbitraries.oneOf(atom,
                atom.map(a -> a.equals("^") || a.equals("$") || a.equals("\\b") || a.startsWith("(?") && a.endsWith(")") && !a.contains(":") ? a : a + "*"),
                atom.map(a -> a.equals("^") || a.equals("$") || a.equals("\\b") || a.startsWith("(?") && a.endsWith(")") && !a.contains(":") ? a : a + "+"),
                atom.map(a -> a.equals("^") || a.equals("$") || a.equals("\\b") || a.startsWith("(?") && a.endsWith(")") && !a.contains(":") ? a : a + "{1,3}"),
                atom.map(a -> a.equals("^") || a.equals("$") || a.equals("\\b") || a.startsWith("(?") && a.endsWith(")") && !a.contains(":") ? a : a + "?"));
        return quantified.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join("", l))
                .flatMap(r -> Arbitraries.of(r, r + "|ab", "x(" + r + ")y"));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().withChars("abkAKiI01 .+{\\\n\u212A\u017F\u00e9\u0130\u0131").withChars('\uD83D', '\uDE00')
                .ofMaxLength(12).map(s -> s.replace("\uD83D\uD83D", "\uD83D\uDE00"));
    }

    @Property(tries = 3000)
    void acceptsEveryValueRe2FindsAMatchIn(@ForAll("regexes") String regex, @ForAll("values") String value) {
        neverRejectsAMatch(regex, value);
    }

    @Property(tries = 500)
    void acceptsEveryMatchOfALiteral(@ForAll @StringLength(min = 1, max = 6) String needle, @ForAll @StringLength(max = 10) String around) {
        String regex = Pattern.quote(needle);
        neverRejectsAMatch(regex, around + needle + around);
    }

    /** What an expression needs, read from its tree: runs of exact characters multiply, the rest ends a run. */
    @Test
    void requirementNamesTheTextsAnExpressionNeeds() {
        assertEquals("'cmd' and any of '/c', '/r' and 'powershell' and any of '${input}', '${input', '$input}', '$input', 'noexit' and '\"'",
                RegexDfa.of("(?i)cmd.{0,5}(?:/c|/r).+powershell.+(?:\\$\\{?input\\}?|noexit).+\"").requirement().toString());
        assertEquals("any of 'https://0', 'http://0'", RegexDfa.of("https?://0[0-9]{1,11}").requirement().toString());
        assertEquals("any of 'acx', 'adx', 'bcx', 'bdx'", RegexDfa.of("(a|b)(c|D)x").requirement().toString());
        assertEquals("any of 'ab', 'cd' and any of 'ab', 'ef'", RegexDfa.of("(ab|cd.*ef)").requirement().toString());
        assertEquals("'xxxy'", RegexDfa.of("x{3}y").requirement().toString());
        // Seventeen names and more cannot be multiplied with what follows, but one of them is required.
        StringBuilder names = new StringBuilder();
        StringBuilder any = new StringBuilder("any of ");
        for (int i = 0; i < 20; i++) {
            names.append(i == 0 ? "" : "|").append("host").append((char) ('a' + i));
            any.append(i == 0 ? "" : ", ").append("'host").append((char) ('a' + i)).append('\'');
        }
        assertEquals(any + " and '.example'", RegexDfa.of("(?:" + names + ")\\.example").requirement().toString());
        assertEquals("'.example'", RegexDfa.of("(?:" + names + "|)\\.example").requirement().toString(),
                "an empty alternative requires none of them");
        assertEquals("nothing", RegexDfa.of("a*|b").requirement().toString());
        assertEquals("nothing", RegexDfa.of(".{3,}").requirement().toString());
    }

    /**
     * On long values (indexed, see {@link TrigramIndex}) the regex test asks the requirement
     * first: it still answers exactly as RE2/J, wherever in a long value the match is.
     */
    @Property(tries = 300)
    void regexTestsOnLongValuesAnswerAsRe2(@ForAll("regexes") String regex, @ForAll("values") String needle,
                                            @ForAll @IntRange(min = 0, max = 40_000) int at) {
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (com.google.re2j.PatternSyntaxException e) {
            return;
        }
        StringBuilder filler = new StringBuilder();
        Random r = new Random(at);
        while (filler.length() < 40_000) {
            filler.append("zq xw ").append((char) ('a' + r.nextInt(3))).append(r.nextInt(10));
        }
        String value = filler.substring(0, at) + needle + filler.substring(at);
        ValueTest.Regex test = new ValueTest.Regex(p, regex, RegexLiteral.required(regex, 1));
        for (int i = 0; i < 3; i++) { // the first runs build the DFA and the index; the later ones use them
            assertEquals(p.matcher(value).find(), test.test(value), () -> "/" + regex + "/ on a long value with \"" + needle + "\" at " + at);
        }
    }

    /**
     * On a long value, a DFA whose start state only a few characters leave jumps from one of them
     * to the next: it decides as reading every character does, matches or not, with characters
     * beyond Latin-1 in the value or not.
     */
    @Property(tries = 400)
    void jumpingThroughALongValueDecidesAsReadingIt(@ForAll("regexes") String regex, @ForAll("values") String needle,
                                                    @ForAll @IntRange(min = 0, max = 20_000) int at) {
        RegexDfa d = RegexDfa.of(regex);
        if (d == null) {
            return;
        }
        StringBuilder filler = new StringBuilder();
        Random r = new Random(at);
        String chars = "zq xw.01ab\n";
        while (filler.length() < 20_000) {
            filler.append(chars.charAt(r.nextInt(chars.length())));
        }
        String value = filler.substring(0, at) + needle + filler.substring(at);
        for (boolean dotAll : new boolean[] {false, true}) {
            for (boolean ignoreCase : new boolean[] {false, true}) {
                assertEquals(d.decideReading(value, dotAll, ignoreCase), d.decide(value, dotAll, ignoreCase),
                        () -> "/" + regex + "/ on a long value with \"" + needle + "\" at " + at);
            }
        }
    }

    /**
     * States after the start state jump too: an expression that must find its pattern twice
     * waits between the two as it waited before the first, and decides as reading does.
     */
    @Property(tries = 300)
    void jumpingFromEveryStateDecidesAsReading(@ForAll("regexes") String regex, @ForAll("values") String needle,
                                               @ForAll @IntRange(min = 0, max = 6_000) int first,
                                               @ForAll @IntRange(min = 0, max = 6_000) int second) {
        RegexDfa d = RegexDfa.of("(?s)(?:" + regex + ").*(?:" + regex + ")");
        if (d == null) {
            return;
        }
        StringBuilder filler = new StringBuilder();
        Random r = new Random(first * 31L + second);
        String chars = "zq xw.01ab\n'\"+";
        while (filler.length() < 6_000) {
            filler.append(chars.charAt(r.nextInt(chars.length())));
        }
        int a = Math.min(first, second);
        int b = Math.max(first, second);
        String value = filler.substring(0, a) + needle + filler.substring(a, b) + needle + filler.substring(b);
        if (second % 3 == 1) {
            // a character pair beyond the BMP somewhere: no jumps before it from states it leaves
            int w = r.nextInt(value.length());
            value = value.substring(0, w) + "\uD83D\uDE00" + value.substring(w);
        }
        String v = value;
        for (boolean dotAll : new boolean[] {false, true}) {
            for (boolean ignoreCase : new boolean[] {false, true}) {
                assertEquals(d.decideReading(v, dotAll, ignoreCase), d.decide(v, dotAll, ignoreCase),
                        () -> "/" + regex + "/ twice in a long value with \"" + needle + "\" at " + a + " and " + b);
            }
        }
    }

    @Test
    void stringSplittingIsReadByJumpsBetweenQuotesAfterItsFirstMatchToo() {
        RegexDfa d = RegexDfa.of("(?s)(?:['\"]\\s*\\+\\s*\\(?\\s*['\"].*){10}");
        assertNotNull(d);
        assertEquals("\"'", new String(d.leaving()));
        char[][] byState = d.jumps().leave();
        long jumping = Arrays.stream(byState).filter(Objects::nonNull).count();
        assertTrue(jumping >= 10, "states waiting for a quote, before each of the ten matches: " + jumping);
        String script = "$a = Get-Item 'C:\\x'; Write-Host \"done\" # plain\n".repeat(200);
        String nine = script + "'ne'+'w-'+'ob'+'je'+'ct'+'ne'+'t.'+'we'+'bc'+'li'" + script;
        String ten = script + "'ne'+'w-'+'ob'+'je'+'ct'+'ne'+'t.'+'we'+'bc'+'li'+'ent'" + script;
        for (String v : new String[] {script, nine, ten}) {
            assertEquals(d.decideReading(v, true, true), d.decide(v, true, true));
        }
        assertEquals(RegexDfa.NO, d.decide(nine, true, true));
        assertEquals(RegexDfa.YES, d.decide(ten, true, true));
    }

    @Test
    void jumpsOnlyWhereFewLatin1CharactersLeaveTheStartState() {
        RegexDfa url = RegexDfa.of("https?://(?:(?:25[0-5]|(?:2[0-4]|1\\d|[1-9])?\\d)(?:\\.|\\b)){4}");
        assertEquals("Hh", new String(url.leaving()));
        assertEquals(0, RegexDfa.of("k").leaving().length); // the KELVIN SIGN folds to k
        assertEquals(0, RegexDfa.of("[a-z]x").leaving().length); // more than a few
        String words = "whoami powershell -w hidden http://x.example/a ".repeat(400);
        for (String value : new String[] {words, words + "http://10.0.0.1", words + "\u212A", "http://1.2.3.4 " + words}) {
            assertEquals(url.decideReading(value, false, false), url.decide(value, false, false));
        }
        assertEquals(RegexDfa.NO, url.decide(words, false, false));
        assertEquals(RegexDfa.MAYBE, url.decide(words + "http://10.0.0.1", false, false)); // \\b: RE2/J decides
    }

    @Test
    void rulesOutWhatCannotMatch() {
        RegexDfa snake = RegexDfa.of("\\s[a-fA-F0-9]{64}\\s[a-fA-F0-9]{16}");
        assertNotNull(snake);
        assertFalse(snake.mayMatch("C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"));
        assertTrue(snake.mayMatch("jpsetup.exe " + "ab".repeat(32) + " " + "0123456789ABCDEF"));
        RegexDfa robin = RegexDfa.of("\\\\[a-zA-Z0-9]{1,32}\\.[a-zA-Z0-9]{1,6}\\.[ \"']{1}");
        assertNotNull(robin);
        assertTrue(robin.mayMatch("odbcconf.exe /a {regsvr \\\\host\\share\\abc.log. }"));
        assertFalse(robin.mayMatch("cmd.exe /c dir"));
    }

    @Test
    void foldsAsRe2FoldsAsciiAndKeepsWholeCodePoints() {
        // U+212A KELVIN SIGN is K to a case-insensitive RE2; U+017F LONG S is s.
        neverRejectsAMatch("(?i)kerberos", "\u212Aerberos");
        neverRejectsAMatch("(?i)SEKURLSA", "\u017Fekurlsa");
        // A negated class and the dot read a whole code point outside the BMP (two UTF-16 units).
        neverRejectsAMatch("a[^x]b", "a\uD83D\uDE00b");
        neverRejectsAMatch("a.b", "a\uD83D\uDE00b");
        neverRejectsAMatch("a\\Sb", "a\uD83D\uDE00b");
        neverRejectsAMatch("a[\\W]b", "a\uD83D\uDE00b");
        assertTrue(RegexDfa.of("a.b").mayMatch("a\uD83D\uDE00b"));
    }

    @Test
    void decidesAloneOnlyWithoutLettersAssertionsOrNegations() {
        RegexDfa plus = RegexDfa.of("\\+.*\\+.*\\+");
        assertEquals(RegexDfa.YES, plus.decide("a+b+c+", false, false));
        assertEquals(RegexDfa.NO, plus.decide("a+b+c", false, false));
        assertEquals(RegexDfa.MAYBE, plus.decide("+\n+\n+", false, false)); // the dot and a line break: RE2/J decides
        assertEquals(RegexDfa.YES, plus.decide("+\n+\n+", true, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("net\\s+user").decide("NET USER", false, false));
        // ^ and $ (outside multi-line mode) are read as the value's two ends: the DFA decides them.
        assertEquals(RegexDfa.YES, RegexDfa.of("^\\d+$").decide("123", false, false));
        assertEquals(RegexDfa.NO, RegexDfa.of("^\\d+$").decide("123 ", false, false));
        assertEquals(RegexDfa.NO, RegexDfa.of("^\\d+$").decide("a123", false, false));
        // (letters: decided when the caller reads without regard to case)
        assertEquals(RegexDfa.YES, RegexDfa.of("\\.exe(?: |$)").decide("c:\\x.exe", false, true));
        assertEquals(RegexDfa.NO, RegexDfa.of("\\.exe(?: |$)").decide("c:\\x.exe.config", false, true));
        assertEquals(RegexDfa.YES, RegexDfa.of("\\Ax\\z").decide("x", false, true));
        assertEquals(RegexDfa.NO, RegexDfa.of("\\Ax\\z").decide("xx", false, true));
        // In multi-line mode they are line anchors, which the DFA reads as nothing: RE2/J decides.
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("(?m)^\\d+$").decide("123", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("^1(?m:2)$").decide("12", false, false));
        // A value holding the sentinels the ends are read as is left to RE2/J.
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("^\\d+$").decide("1\uFFFF2", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("a.$").decide("a\uFFFF", true, false));
        // Letters only in sets holding both cases of each ([A-Za-z], \\w) are decided without regard
        // to the caller's case flag; beyond Latin-1 (the Kelvin sign folds to k) RE2/J decides.
        assertEquals(RegexDfa.YES, RegexDfa.of("[A-Za-z]\"+[A-Za-z]").decide("cmd /c e\"c\"ho", false, false));
        assertEquals(RegexDfa.NO, RegexDfa.of("[A-Za-z]\"+[A-Za-z]").decide("\"c:\\x.exe\" /c", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("[A-Za-z]\"+[A-Za-z]").decide("\u212A\"b", false, false));
        assertEquals(RegexDfa.YES, RegexDfa.of("\\w+\\.\\w+").decide("a.b", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("[A-Z]\\.").decide("a.", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("[A-Za-y]\\.").decide("a.", false, false));
        // A negated class whose excluded characters have no case is read exactly (as a dot).
        assertEquals(RegexDfa.YES, RegexDfa.of("\\\\[^ |&<>]+\\.dll").decide("\\\\h\\s\\x.dll", false, true));
        assertEquals(RegexDfa.NO, RegexDfa.of("\\\\[^ |&<>]+\\.dll").decide("\\\\h x.dll", false, true));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("1[^a]2").decide("1A2", false, false));
        assertEquals(RegexDfa.YES, RegexDfa.of("1\\D2").decide("1+2", false, false));
        assertEquals(RegexDfa.NO, RegexDfa.of("^\\d+$").decide("abc", false, false));
        assertEquals(RegexDfa.YES, RegexDfa.of("net\\s+user").decide("NET USER", false, true));
        assertEquals(RegexDfa.YES, RegexDfa.of("(?i)net\\s+user").decide("NET USER", false, false));
        // A leading (?s) (alone or with i) is what the DFA reads anyway: it decides line breaks under a dot.
        assertEquals(RegexDfa.YES, RegexDfa.of("(?s)1.2").decide("1\n2", false, false));
        assertEquals(RegexDfa.YES, RegexDfa.of("(?is)a.b").decide("A\nB", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("x(?s)1.2").decide("x1\n2", false, false));
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("(?ms)1.2").decide("1\n2", false, false));
        // Dotted capital I folds to i here, but RE2/J's (?i)i does not take it: RE2/J decides.
        assertEquals(RegexDfa.MAYBE, RegexDfa.of("(?i)whoami").decide("WHOAM\u0130", false, false));
        assertFalse(Pattern.compile("(?i)whoami").matcher("WHOAM\u0130").find());
    }

    @Test
    void declinesWhatItDoesNotRead() {
        for (String r : List.of("\\p{Greek}", "\\Qa.b\\E", "[[:alpha:]]", "caf\u00e9", "(a", "a{2000}", "\\x{1F600}")) {
            assertNull(RegexDfa.of(r), r);
        }
    }
    /** RE2/J answers until the expression has met enough values or characters; then the DFA does, with the same answers. */
    @Test
    void anExpressionRunsOnRe2jUntilItHasMetEnoughValuesThenOnItsDfa() {
        String re = "cmd.{0,5}(?:/c|/r).+powershell";
        Pattern reference = Pattern.compile(re, Pattern.CASE_INSENSITIVE);
        ValueTest.Regex test = new ValueTest.Regex(reference, re, RegexLiteral.required(re, 1));
        List<String> values = List.of("cmd /c powershell -nop", "cmd.exe /c whoami powershell", "CMD /R x POWERSHELL",
            "powershell cmd", "cmd.exe /k powershell");
        for (int i = 0; i < 2 * ValueTest.Regex.DFA_AFTER_VALUES; i++) {
            String v = values.get(i % values.size());
            assertEquals(reference.matcher(v).find(), test.test(v), v);
            if (i == 10) {
                assertFalse(test.dfaDecided(), "built after a few values");
            }
        }
        assertTrue(test.dfaDecided(), "never built");

        ValueTest.Regex big = new ValueTest.Regex(reference, re, RegexLiteral.required(re, 1));
        String longValue = "x".repeat((int) ValueTest.Regex.DFA_AFTER_CHARS) + " cmd /c powershell";
        assertTrue(big.test(longValue));
        assertTrue(big.dfaDecided(), "one value of more characters than the budget builds it");
        assertFalse(big.test(longValue.replace("/c", "/k")));
    }

    /**
     * An expression RE2/J is slow on (its NFA runs ten copies of {@code .*} at each character:
     * about half a millisecond on a 1,500-character script block) gets its DFA once RE2/J has
     * spent the time budget, long before the value or character budget, with the same answers.
     */
    @Test
    void anExpressionRe2jIsSlowOnGetsItsDfaOnceItHasCostEnoughTime() {
        String re = "(?s)(?:['\"]\\s*\\+\\s*\\(?\\s*['\"].*){10}";
        Pattern reference = Pattern.compile(re);
        ValueTest.Regex test = new ValueTest.Regex(reference, re, RegexLiteral.required(re, 0));
        StringBuilder joined = new StringBuilder();
        while (joined.length() < 1500) {
            joined.append("$a = 'x' + 'y' + \"z\"; Write-Host $a\n");
        }
        String yes = joined.toString();
        String no = yes.replace("+", "-");
        for (int i = 0; i < 60; i++) {
            String v = i % 3 == 0 ? no : yes;
            assertEquals(reference.matcher(v).find(), test.test(v), "value " + i);
        }
        assertTrue(test.dfaDecided(), "built within 60 values of 1,500 characters (values budget "
            + ValueTest.Regex.DFA_AFTER_VALUES + ", characters " + ValueTest.Regex.DFA_AFTER_CHARS + ")");
        assertTrue(test.test(yes));
        assertFalse(test.test(no));
    }
}
