package org.gamekeeper.sigma.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.gamekeeper.sigma.value.SigmaCidr;
import org.gamekeeper.sigma.value.SigmaString;
import org.junit.jupiter.api.Test;

/** The fast matchers agree with slow, obviously right references. */
class MatchingPropertiesTest {

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars("aAbB*?\\-é").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("aAbB*?\\-éÉ").ofMaxLength(10);
    }

    /** The reference: the Sigma string as a java.util.regex over the whole value, case-insensitive (Unicode). */
    private static boolean reference(SigmaString s, String text) {
        return Pattern.compile(regex(s), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL).matcher(text).matches();
    }

    /** The Sigma string as a regular expression (java.util.regex and RE2/J read it alike). */
    private static String regex(SigmaString s) {
        StringBuilder re = new StringBuilder();
        for (SigmaString.Part p : s.parts()) {
            if (p instanceof SigmaString.Plain pl) {
                re.append(Pattern.quote(pl.text()));
            } else if (p instanceof SigmaString.AnyChars) {
                re.append(".*");
            } else if (p instanceof SigmaString.OneChar) {
                re.append('.');
            } else {
                re.append("[-/\u2013\u2014\u2015]");
            }
        }
        return re.toString();
    }

    /** Folding a whole text (ASCII takes the JDK's lower-casing) is folding each character. */
    @Property(tries = 2000)
    void foldingATextFoldsEachCharacter(@ForAll("foldable") String text) {
        StringBuilder each = new StringBuilder();
        for (char c : text.toCharArray()) {
            each.append(CaseFold.fold(c));
        }
        org.junit.jupiter.api.Assertions.assertEquals(each.toString(), CaseFold.fold(text));
    }

    @Provide
    Arbitrary<String> foldable() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(40),
                Arbitraries.strings().withChars("aAzZ@[`{09 \\\u00b5\u00ff\u00c9\u212a\u0130\u03a3").ofMaxLength(40));
    }

    /** Values of 64 Ki characters and more fold through a reused buffer: a shorter one after a longer one is itself. */
    @Test
    void foldsMegabyteValuesOfDifferentLengthsEachToItsOwnText() {
        for (int n : new int[] {300_000, 70_000, 1_000_000, 65_536, 200_000}) {
            String v = ("Ab\u212A\u00c9" + n).repeat(n / 4 + 1).substring(0, n);
            StringBuilder each = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                each.append(CaseFold.fold(v.charAt(i)));
            }
            assertEquals(each.toString(), CaseFold.fold(v));
        }
    }

    @Property(tries = 3000)
    void wildcardMatchingAgreesWithARegexReference(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        SigmaString s = SigmaString.parse(pattern);
        boolean fast = RuleCompiler.string(s, false).test(text);
        if (fast != reference(s, text)) {
            throw new AssertionError("pattern '" + pattern + "' on '" + text + "': fast=" + fast);
        }
    }

    /** Longer values and patterns of several pieces between stars: the piece-by-piece search against the reference. */
    @Property(tries = 5000)
    void wildcardPiecesAreFoundAsTheReferenceFindsThem(@ForAll("piecePatterns") String pattern, @ForAll("longTexts") String text) {
        SigmaString s = SigmaString.parse(pattern);
        boolean fast = RuleCompiler.string(s, false).test(text);
        if (fast != reference(s, text)) {
            throw new AssertionError("pattern '" + pattern + "' on '" + text + "': fast=" + fast);
        }
    }

    /**
     * Long values (searched through their {@link TrigramIndex}): wildcard pieces and lists of
     * contains-texts give the answers of RE2/J (linear, so a reference on values this long) and of
     * trying each text. The values have their letters at both ends of a long run of filler, so a
     * search meets indexed blocks that hold nothing and pieces found after an earlier one.
     */
    @Property(tries = 300)
    void longValuesAnswerAsTheReference(@ForAll("piecePatterns") String pattern, @ForAll("longTexts") String head,
                                        @ForAll("longTexts") String tail, @ForAll("plainLists") java.util.List<String> texts) {
        String text = head + "z".repeat(TrigramIndex.FROM + 100) + tail;
        SigmaString s = SigmaString.parse(pattern);
        // RE2/J as the reference: linear on values this long
        boolean expected = com.google.re2j.Pattern.compile("(?is)^(?:" + regex(s) + ")$").matcher(text).find();
        ValueTest test = RuleCompiler.string(s, false);
        for (int i = 0; i < 3; i++) { // before and after the value is indexed
            if (test.test(text) != expected) {
                throw new AssertionError("pattern '" + pattern + "' on '" + head + "' + filler + '" + tail + "': " + !expected);
            }
        }
        java.util.List<ValueTest> contains = new java.util.ArrayList<>();
        boolean any = false;
        for (String t : texts) {
            if (!t.isEmpty()) {
                contains.add(new ValueTest.Contains(t, false));
                any |= CaseFold.fold(text).contains(CaseFold.fold(t));
            }
        }
        while (contains.size() < ValueTest.ContainsIndex.FROM) {
            contains.add(new ValueTest.Contains("\u00e9\u00e9\u00e9", false)); // absent: makes the list long enough to be indexed
        }
        if (new ValueTest.AnyOf(contains).test(text) != any) {
            throw new AssertionError(texts + " in '" + head + "' + filler + '" + tail + "'");
        }
    }

    /**
     * A list of contains-texts long enough to be indexed answers on short values as the texts one
     * by one do: texts of one character, texts whose second character is beyond ASCII (neither
     * ruled out by the index's first two characters), texts that end where the value ends.
     */
    @Property(tries = 3000)
    void containsListsAnswerAsTheTextsOneByOne(@ForAll("shortLists") java.util.List<String> texts, @ForAll("shortValues") String value) {
        java.util.List<ValueTest> contains = new java.util.ArrayList<>();
        boolean any = false;
        for (String t : texts) {
            contains.add(new ValueTest.Contains(t, false));
            any |= new ValueTest.Contains(t, false).test(value);
        }
        while (contains.size() < ValueTest.ContainsIndex.FROM) {
            contains.add(new ValueTest.Contains("qqqq", false));
        }
        if (new ValueTest.AnyOf(contains).test(value) != any) {
            throw new AssertionError(texts + " in '" + value + "'");
        }
    }

    @Provide
    Arbitrary<java.util.List<String>> shortLists() {
        return Arbitraries.strings().withChars("abAB\\.:\u00e9\u00c9 ").ofMinLength(1).ofMaxLength(4).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> shortValues() {
        return Arbitraries.strings().withChars("abAB\\.:\u00e9\u00c9 x").ofMaxLength(24);
    }

    /**
     * Long values with the pattern's letters all through them: a piece with wildcards is searched
     * by all its runs of letters, each from where it must be, jumping to where one is next found;
     * RE2/J is the reference.
     */
    @Property(tries = 300)
    void longValuesFullOfPiecesAnswerAsTheReference(@ForAll("piecePatterns") String pattern, @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder();
        String chars = r.nextBoolean() ? "abAz" : "abzzzzzz";
        while (sb.length() < TrigramIndex.FROM + 2_000) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        String text = sb.toString();
        SigmaString s = SigmaString.parse(pattern);
        boolean expected = com.google.re2j.Pattern.compile("(?is)^(?:" + regex(s) + ")$").matcher(text).find();
        ValueTest test = RuleCompiler.string(s, false);
        for (int i = 0; i < 3; i++) { // before and after the value is indexed
            if (test.test(text) != expected) {
                throw new AssertionError("pattern '" + pattern + "' on a long value of '" + chars + "': " + !expected);
            }
        }
    }

    @Provide
    Arbitrary<String> piecePatterns() {
        return Arbitraries.strings().withChars("abAB**??").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> longTexts() {
        return Arbitraries.strings().withChars("abAB").ofMaxLength(48);
    }

    @Property(tries = 1000)
    void casedMatchingIsExact(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        SigmaString s = SigmaString.parse(pattern);
        boolean fast = RuleCompiler.string(s, true).test(text);
        boolean lower = RuleCompiler.string(s, true).test(text.toLowerCase(Locale.ROOT));
        boolean expected = reference(s, text) && (s.isPlain() ? text.equals(s.plainText()) : fast);
        if (s.isPlain() && fast != text.equals(s.plainText())) {
            throw new AssertionError("cased '" + pattern + "' on '" + text + "'");
        }
        if (fast && !reference(s, text) || lower && !reference(s, text.toLowerCase(Locale.ROOT)) || expected != fast && s.isPlain()) {
            throw new AssertionError("cased '" + pattern + "' matched where the case-insensitive reference did not");
        }
    }

    @Provide
    Arbitrary<java.util.List<String>> plainLists() {
        return Arbitraries.strings().withChars("aAbBéÉ\\.").ofMinLength(0).ofMaxLength(4).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 2000)
    void indexedListsOfEqualsAndEndswithAgreeWithTryingEachValue(@ForAll("plainLists") java.util.List<String> values,
            @ForAll("texts") String text) {
        java.util.List<ValueTest> eq = new java.util.ArrayList<>();
        java.util.List<ValueTest> ends = new java.util.ArrayList<>();
        boolean eqExpected = false;
        boolean endsExpected = false;
        for (String v : values) {
            eq.add(new ValueTest.Equals(v, false));
            ends.add(new ValueTest.EndsWith(v, false));
            eqExpected |= new ValueTest.Equals(v, false).test(text);
            endsExpected |= new ValueTest.EndsWith(v, false).test(text);
        }
        if (new ValueTest.AnyOf(eq).test(text) != eqExpected || new ValueTest.AnyOf(ends).test(text) != endsExpected) {
            throw new AssertionError(values + " on '" + text + "'");
        }
    }

    @Provide
    Arbitrary<String> mixed() {
        return Arbitraries.strings().withChars("aA\\ -1kK\u212A\u017Fs\u0130iI\uD83D\uDE00").ofMaxLength(12);
    }

    /** Long values are remembered folded apart from the others (the last two): values in turn, each folded as it is. */
    @Test
    void foldsLongValuesInTurnAsTheyAre() {
        String[] values = new String[4];
        for (int i = 0; i < values.length; i++) {
            values[i] = ("Value" + i + " \u212A\u00c9 ").repeat(TrigramIndex.FROM / 8);
        }
        java.util.Random r = new java.util.Random(22);
        for (int i = 0; i < 200; i++) {
            String v = values[r.nextInt(i < 100 ? 2 : values.length)];
            assertEquals(CaseFold.fold(v), CaseFold.foldedValue(v));
            assertEquals("short " + i, CaseFold.foldedValue("Short " + i)); // values of the other kind in between
        }
    }

    @Property(tries = 3000)
    void foldedSearchAgreesWithRegionMatchesAtEveryPosition(@ForAll("mixed") String text, @ForAll("mixed") String pattern) {
        String folded = CaseFold.fold(pattern);
        int expected = -1;
        for (int i = 0; i + folded.length() <= text.length() && expected < 0; i++) {
            if (CaseFold.regionEquals(text, i, folded)) {
                expected = i;
            }
        }
        if (CaseFold.indexOf(text, folded) != expected) {
            throw new AssertionError("'" + pattern + "' in '" + text + "'");
        }
    }

    @Property(tries = 2000)
    void ipv4CidrContainmentIsThePrefixComparison(@ForAll int address, @ForAll int network, @ForAll("prefixes") int prefix) {
        String net = ip(network) + "/" + prefix;
        SigmaCidr c = SigmaCidr.parse(net);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        boolean expected = ((address & 0xFFFFFFFFL) & mask) == ((network & 0xFFFFFFFFL) & mask);
        boolean actual = new ValueTest.Cidr(c).test(ip(address));
        if (expected != actual) {
            throw new AssertionError(ip(address) + " in " + net + ": " + actual);
        }
    }

    @Provide
    Arbitrary<Integer> prefixes() {
        return Arbitraries.integers().between(0, 32);
    }

    private static String ip(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 255) + "." + (v >>> 8 & 255) + "." + (v & 255);
    }
}
