package org.gamekeeper.engine.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The in-place steps give what the String-building ones gave ({@link ObfuscationTextReference}),
 * each alone and in the order the normalisers run them, on text made of what the steps act on:
 * quotes, concatenation, carets, backticks, separators, white space, look-alikes, invisible
 * characters, letters of both cases and beyond ASCII.
 */
class ObfuscationTextTest {

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars("aBcZ\"'+ ^`,;\t\n\r\f\u000B-/\\%:~=0nT\u2013\u2019\u201C\u00A0\u200B\u00AD\uFF0F\u00C9\u0130\u212A.exEX")
                .ofMaxLength(60);
    }

    private static String run(String s, java.util.function.BiFunction<char[], Integer, Integer> step) {
        char[] b = s.toCharArray();
        int n = step.apply(b, b.length);
        return new String(b, 0, n);
    }

    @Property(tries = 3000)
    void eachStepInPlaceGivesWhatTheStringStepGave(@ForAll("texts") String s) {
        assertEquals(ObfuscationTextReference.foldLookAlikes(s), run(s, ObfuscationText::foldLookAlikes), "look-alikes");
        assertEquals(ObfuscationTextReference.dropCarets(s), run(s, ObfuscationText::dropCarets), "carets");
        assertEquals(ObfuscationTextReference.dropQuotes(s), run(s, ObfuscationText::dropQuotes), "quotes");
        assertEquals(ObfuscationTextReference.dropBackticks(s), run(s, ObfuscationText::dropBackticks), "backticks");
        for (boolean lower : new boolean[] {false, true}) {
            for (boolean separators : new boolean[] {false, true}) {
                assertEquals(ObfuscationTextReference.foldSpace(s, lower, separators),
                        run(s, (b, n) -> ObfuscationText.foldSpace(b, n, lower, separators)), "space " + lower + " " + separators);
            }
        }
    }

    @Property(tries = 3000)
    void theStepsInTheNormalisersOrderGiveWhatTheyGave(@ForAll("texts") String s) {
        String reference = ObfuscationTextReference.foldSpace(ObfuscationTextReference.dropBackticks(
                ObfuscationTextReference.dropQuotes(ObfuscationTextReference.dropCarets(ObfuscationTextReference.foldLookAlikes(s)))),
                false, true);
        char[] b = s.toCharArray();
        int n = ObfuscationText.foldLookAlikes(b, b.length);
        n = ObfuscationText.dropCarets(b, n);
        n = ObfuscationText.dropQuotes(b, n);
        n = ObfuscationText.dropBackticks(b, n);
        n = ObfuscationText.foldSpace(b, n, false, true);
        assertEquals(reference, new String(b, 0, n));
    }
}
