package org.gamekeeper.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The sampling search finds exactly what a plain case-insensitive contains finds, from Strings, UTF-16LE bytes and ASCII bytes. */
class SkipScannerTest {

    private static TreeSet<Integer> found(PatternScanner s, String value) {
        TreeSet<Integer> hits = new TreeSet<>();
        s.scan(value, hits::add);
        return hits;
    }

    private static TreeSet<Integer> foundUtf16(PatternScanner s, String value) {
        byte[] b = ("xy" + value).getBytes(StandardCharsets.UTF_16LE);
        TreeSet<Integer> hits = new TreeSet<>();
        s.scanUtf16(b, 4, value.length(), hits::add);
        return hits;
    }

    /** Over ASCII bytes at an offset, as JSON values are searched where they lie. */
    private static TreeSet<Integer> foundAscii(PatternScanner s, String value) {
        byte[] b = ("xyz" + value + "q").getBytes(StandardCharsets.ISO_8859_1);
        TreeSet<Integer> hits = new TreeSet<>();
        s.scanAscii(b, 3, value.length(), hits::add);
        return hits;
    }

    /** A long value is asked of its trigram index pattern by pattern: the same patterns as reading it, folding included. */
    @Property(tries = 40)
    void findsInLongValuesThePatternsReadingFinds(@ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        String letters = "abk -";
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            StringBuilder p = new StringBuilder();
            for (int n = 4 + r.nextInt(4); p.length() < n; ) {
                p.append(letters.charAt(r.nextInt(letters.length())));
            }
            patterns.add(p.toString());
        }
        StringBuilder v = new StringBuilder();
        while (v.length() < org.gamekeeper.sigma.compile.TrigramIndex.FROM + r.nextInt(5_000)) {
            int k = r.nextInt(300);
            v.append(k == 0 ? '\u212A' : k == 1 ? '\u00e9' : Character.toUpperCase(letters.charAt(r.nextInt(letters.length()))));
        }
        String value = v.toString();
        // One pattern the value surely holds and one it cannot (no z in it): random patterns alone
        // were sometimes all found in so long a value, and the last check below failed.
        int at = r.nextInt(value.length() - 8);
        while (!value.substring(at, at + 6).chars().allMatch(c -> c < 128)) {
            at = r.nextInt(value.length() - 8);
        }
        patterns.add(value.substring(at, at + 6).toLowerCase(java.util.Locale.ROOT));
        patterns.add("zzzz");
        SkipScanner s = SkipScanner.build(patterns);
        TreeSet<Integer> read = new TreeSet<>();
        s.scanChars(value.toCharArray(), value.length(), read::add);
        for (int i = 0; i < 2; i++) { // the first time builds the value's index, the second finds it built
            assertEquals(read, found(s, value));
        }
        assertTrue(!read.isEmpty() && read.size() < patterns.size(), () -> "patterns found: " + read.size()); // the test tells something
    }

    @Property(tries = 500)
    void findsExactlyThePatternsAValueContains(
            @ForAll @Size(min = 1, max = 10) List<@StringLength(min = 4, max = 9) @CharRange(from = 'a', to = 'c') String> patterns,
            @ForAll @StringLength(max = 80) @CharRange(from = 'A', to = 'd') String value) {
        SkipScanner s = SkipScanner.build(patterns);
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (value.toLowerCase(Locale.ROOT).contains(patterns.get(i))) {
                expected.add(i);
            }
        }
        assertEquals(expected, found(s, value));
        assertEquals(expected, foundUtf16(s, value));
        assertEquals(expected, foundAscii(s, value));
    }

    /**
     * Values with characters beyond ASCII, some folding into it (the Kelvin sign is k, the long s
     * is s) and some not: each way of reading a value finds the same patterns as the reference
     * (folding each character, then looking for each pattern).
     */
    @Property(tries = 500)
    void findsInValuesBeyondAsciiThePatternsFoldingFinds(
            @ForAll @Size(min = 1, max = 8) List<@StringLength(min = 4, max = 9) @CharRange(from = 'j', to = 'm') String> patterns,
            @ForAll @StringLength(max = 90) @Chars({'j', 'k', 'K', 'l', 'L', 'm', '\u212A', '\u017F', '\u00e9', '\u0100', 's', ' '}) String value) {
        SkipScanner s = SkipScanner.build(patterns);
        StringBuilder folded = new StringBuilder();
        for (char c : value.toCharArray()) {
            folded.append(org.gamekeeper.sigma.compile.CaseFold.fold(c));
        }
        TreeSet<Integer> expected = new TreeSet<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (folded.toString().contains(patterns.get(i))) {
                expected.add(i);
            }
        }
        assertEquals(expected, found(s, value));
        assertEquals(expected, foundUtf16(s, value));
    }

    /**
     * Long patterns: the search samples every few positions, and must still find every occurrence
     * wherever it starts. Values are built from the patterns themselves (in random case, cut or
     * whole) and noise, so occurrences are many and fall at every offset.
     */
    @Test
    void longPatternsAreFoundWhereverTheyStart() {
        java.util.Random random = new java.util.Random(5);
        int occurrences = 0;
        for (int n = 0; n < 3000; n++) {
            List<String> patterns = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            int shortest = 4 + random.nextInt(12);
            for (int p = 0; p < count; p++) {
                StringBuilder b = new StringBuilder();
                int length = shortest + random.nextInt(10);
                for (int i = 0; i < length; i++) {
                    b.append("ab:\\".charAt(random.nextInt(4)));
                }
                patterns.add(b.toString());
            }
            StringBuilder v = new StringBuilder();
            while (v.length() < 150) {
                String piece = patterns.get(random.nextInt(count));
                if (random.nextInt(3) == 0) {
                    piece = piece.substring(random.nextInt(piece.length()));
                }
                for (char c : piece.toCharArray()) {
                    v.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
                }
                for (int i = random.nextInt(4); i > 0; i--) {
                    v.append("aAb:\\x".charAt(random.nextInt(6)));
                }
            }
            String value = v.toString();
            SkipScanner s = SkipScanner.build(patterns);
            TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (value.toLowerCase(Locale.ROOT).contains(patterns.get(i))) {
                    expected.add(i);
                }
            }
            occurrences += expected.size();
            assertEquals(expected, found(s, value), patterns + " in " + value);
            assertEquals(expected, foundUtf16(s, value), patterns + " in " + value);
            assertEquals(expected, foundAscii(s, value), patterns + " in " + value);
        }
        assertTrue(occurrences > 3000, "occurrences: " + occurrences);
    }

    /** So many patterns that the bitmap's bound makes the search sample more densely than their length allows: still all found. */
    @Test
    void manyPatternsSampledMoreDenselyAreAllFound() {
        java.util.Random random = new java.util.Random(9);
        int occurrences = 0;
        for (int n = 0; n < 100; n++) {
            List<String> patterns = new ArrayList<>();
            int count = 1400 + random.nextInt(1500);
            for (int p = 0; p < count; p++) {
                StringBuilder b = new StringBuilder();
                int length = 9 + random.nextInt(8);
                for (int i = 0; i < length; i++) {
                    b.append((char) ('a' + random.nextInt(6)));
                }
                patterns.add(b.toString());
            }
            SkipScanner s = SkipScanner.build(patterns);
            assertTrue(SkipScanner.step(patterns) < 6, "step " + SkipScanner.step(patterns));
            StringBuilder v = new StringBuilder();
            while (v.length() < 200) {
                String piece = patterns.get(random.nextInt(count));
                v.append(random.nextBoolean() ? piece.toUpperCase(Locale.ROOT) : piece).append("xyz".charAt(random.nextInt(3)));
            }
            String value = v.toString();
            TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < patterns.size(); i++) {
                if (value.toLowerCase(Locale.ROOT).contains(patterns.get(i))) {
                    expected.add(i);
                }
            }
            occurrences += expected.size();
            assertEquals(expected, found(s, value));
            assertEquals(expected, foundAscii(s, value));
        }
        assertTrue(occurrences > 1000, "occurrences: " + occurrences);
    }

    @Test
    void patternsOfDifferentLengthsAtTheEdgesOfAValue() {
        SkipScanner s = SkipScanner.build(List.of("sekurlsa::", "lsadump::", "mimidrv.sys"));
        assertEquals(List.of(0), List.copyOf(found(s, "SEKURLSA::logonpasswords")));
        assertEquals(List.of(1), List.copyOf(found(s, "run lsadump::")));
        assertEquals(List.of(0, 1), List.copyOf(found(s, "lsadump::sam sekurlsa::")));
        assertEquals(List.of(2), List.copyOf(foundUtf16(s, "C:\\temp\\MimiDrv.sys")));
        assertTrue(found(s, "lsadump:").isEmpty());
        assertTrue(found(s, "").isEmpty());
    }

    @Test
    void foldsLikeTheAutomatonAndBreaksOnCharactersOutsideAscii() {
        SkipScanner s = SkipScanner.build(List.of("kerberos::golden"));
        // U+212A KELVIN SIGN folds to ASCII k.
        assertEquals(List.of(0), List.copyOf(found(s, "\u212Aerberos::golden")));
        assertEquals(List.of(0), List.copyOf(foundUtf16(s, "\u212AERBEROS::GOLDEN")));
        assertTrue(found(s, "kerb\u00e9ros::golden").isEmpty());
        assertTrue(foundUtf16(s, "kerberos::gold\u00e9n").isEmpty());
    }

    @Test
    void onlyLongAsciiPatternsSkip() {
        assertFalse(SkipScanner.accepts(List.of("abcd", "abc")));
        assertFalse(SkipScanner.accepts(List.of()));
        assertFalse(SkipScanner.accepts(List.of(AsciiAutomaton.NON_ASCII)));
        assertThrows(IllegalArgumentException.class, () -> SkipScanner.build(List.of("ab")));
        assertInstanceOf(SkipScanner.class, PatternScanner.of(List.of("sekurlsa::", "privilege::debug")));
        assertInstanceOf(AsciiAutomaton.class, PatternScanner.of(List.of("sekurlsa::", " /c")));
        // more than a few patterns are sampled only when they let the search read at most every other position
        List<String> many = new ArrayList<>();
        for (int i = 0; i < PatternScanner.MAX_SKIP_PATTERNS + 1; i++) {
            many.add("pattern" + i);
        }
        assertInstanceOf(SkipScanner.class, PatternScanner.of(many));
        assertEquals(5, SkipScanner.step(many));
        many.add("abcd");
        assertEquals(1, SkipScanner.step(many));
        assertInstanceOf(AsciiAutomaton.class, PatternScanner.of(many));
        // and their four-grams fill at most a tenth of the bitmap: thousands of patterns sample densely
        List<String> thousands = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            thousands.add("long pattern number " + i);
        }
        assertEquals(2, SkipScanner.step(thousands));
    }
}
