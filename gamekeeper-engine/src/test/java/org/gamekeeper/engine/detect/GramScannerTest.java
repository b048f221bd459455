package org.gamekeeper.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The piece scanner finds exactly the patterns a value contains, short and long, from Strings and UTF-16LE bytes. */
class GramScannerTest {

    private static TreeSet<Integer> found(PatternScanner s, String value) {
        TreeSet<Integer> hits = new TreeSet<>();
        s.scan(value, hits::add);
        return hits;
    }

    @Property(tries = 500)
    void findsExactlyThePatternsAValueContains(
            @ForAll @Size(min = 1, max = 40) List<@StringLength(min = 1, max = 8) @CharRange(from = 'a', to = 'c') String> patterns,
            @ForAll @StringLength(max = 80) @CharRange(from = 'A', to = 'd') String value) {
        GramScanner s = GramScanner.build(patterns);
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (value.toLowerCase(Locale.ROOT).contains(patterns.get(i))) {
                expected.add(i);
            }
        }
        assertEquals(expected, found(s, value));
        TreeSet<Integer> utf16 = new TreeSet<>();
        byte[] b = value.getBytes(StandardCharsets.UTF_16LE);
        s.scanUtf16(b, 0, value.length(), utf16::add);
        assertEquals(expected, utf16);
        TreeSet<Integer> ascii = new TreeSet<>();
        byte[] a = ("[" + value).getBytes(StandardCharsets.ISO_8859_1);
        s.scanAscii(a, 1, value.length(), ascii::add);
        assertEquals(expected, ascii);
    }

    /**
     * A long value is not read but asked of its trigram index pattern by pattern: the same
     * patterns as reading it, with folding (the KELVIN SIGN is a 'k'), the marker for characters
     * beyond ASCII, patterns too short for a piece, and a pattern given twice.
     */
    @Property(tries = 40)
    void findsInLongValuesThePatternsReadingFinds(@ForAll long seed, @ForAll boolean beyondAscii) {
        java.util.Random r = new java.util.Random(seed);
        String letters = "abk \\";
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            StringBuilder p = new StringBuilder();
            for (int n = 1 + r.nextInt(9); p.length() < n; ) {
                p.append(letters.charAt(r.nextInt(letters.length())));
            }
            patterns.add(p.toString());
        }
        patterns.add(AsciiAutomaton.NON_ASCII);
        patterns.add(patterns.get(0));
        GramScanner s = GramScanner.build(patterns);
        StringBuilder v = new StringBuilder();
        while (v.length() < org.gamekeeper.sigma.compile.TrigramIndex.FROM + r.nextInt(5_000)) {
            int k = r.nextInt(200);
            v.append(k == 0 ? '\u212A' : k == 1 && beyondAscii ? '\u00e9' : Character.toUpperCase(letters.charAt(r.nextInt(letters.length()))));
        }
        String value = v.toString();
        TreeSet<Integer> read = new TreeSet<>();
        s.scanChars(value.toCharArray(), value.length(), read::add);
        for (int i = 0; i < 2; i++) { // the first time builds the value's index, the second finds it built
            assertEquals(read, found(s, value));
        }
        assertTrue(read.size() > 10 && read.size() < patterns.size(), () -> "patterns found: " + read.size()); // the test tells something
    }

    @Test
    void manyCommandLineLiteralsWithFoldingAndCharactersOutsideAscii() {
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            patterns.add("\\tool" + i + ".exe");
        }
        patterns.add(" /c");
        patterns.add(AsciiAutomaton.NON_ASCII);
        patterns.add("kerberos::");
        PatternScanner s = PatternScanner.of(patterns);
        assertInstanceOf(GramScanner.class, s);
        assertEquals(List.of(17, 200), List.copyOf(found(s, "CMD.EXE /C C:\\TOOL17.EXE")));
        assertEquals(List.of(201, 202), List.copyOf(found(s, "\u00e9 \u212Aerberos::list")));
        assertEquals(List.of(201), List.copyOf(found(s, "c:\\tool17.ex\u00e9"))); // only the marker: some character is not ASCII
        assertTrue(found(s, "c:\\tool17.ex").isEmpty());
        assertEquals(List.of(199), List.copyOf(found(s, "\\tool199.exe")));
    }
}
