package org.gamekeeper.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.gamekeeper.sigma.compile.CaseFold;
import org.junit.jupiter.api.Test;

/** The prefilter's multi-pattern search agrees with a plain case-insensitive contains. */
class AsciiAutomatonTest {

    private static TreeSet<Integer> found(AsciiAutomaton a, String value) {
        TreeSet<Integer> hits = new TreeSet<>();
        a.scan(value, hits::add);
        return hits;
    }

    @Property(tries = 300)
    void findsExactlyThePatternsAValueContains(
            @ForAll @Size(min = 1, max = 12) List<@StringLength(min = 1, max = 5) @CharRange(from = 'a', to = 'd') String> patterns,
            @ForAll @StringLength(max = 60) @CharRange(from = 'A', to = 'e') String value) {
        List<String> folded = new ArrayList<>();
        patterns.forEach(p -> folded.add(CaseFold.fold(p)));
        AsciiAutomaton a = AsciiAutomaton.build(folded);
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < folded.size(); i++) {
            if (value.toLowerCase(Locale.ROOT).contains(folded.get(i))) {
                expected.add(i);
            }
        }
        assertEquals(expected, found(a, value));
        TreeSet<Integer> ascii = new TreeSet<>();
        byte[] b = ("[" + value + "]").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        a.scanAscii(b, 1, value.length(), ascii::add);
        assertEquals(expected, ascii);
    }

    @Test
    void foldsUpperCaseAndNonAsciiThatFoldsToAscii() {
        AsciiAutomaton a = AsciiAutomaton.build(List.of("\\powershell.exe", "kerberos"));
        assertEquals(TreeSet.class, found(a, "C:\\Windows\\POWERSHELL.EXE").getClass());
        assertEquals(List.of(0), List.copyOf(found(a, "C:\\Windows\\POWERSHELL.EXE")));
        // U+212A KELVIN SIGN folds to ASCII k, as Sigma's case folding says.
        assertEquals(List.of(1), List.copyOf(found(a, "\u212Aerberos ticket")));
        assertTrue(found(a, "powershell").isEmpty());
    }

    @Test
    void aCharacterOutsideAsciiBreaksAMatch() {
        AsciiAutomaton a = AsciiAutomaton.build(List.of("abc"));
        assertFalse(found(a, "ab\u00e9c").contains(0));
        assertTrue(found(a, "\u00e9abc\u00e9").contains(0));
        assertFalse(AsciiAutomaton.accepts("gr\u00fc\u00dfe"));
        assertFalse(AsciiAutomaton.accepts(""));
    }
}
