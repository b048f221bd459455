package org.gamekeeper.sigma.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Searches through the index of a long value answer exactly as {@link String#indexOf(String, int)}. */
class TrigramIndexTest {

    /** A long value of few characters (so literals occur, often across block ends), with some beyond Latin-1. */
    private static String value(Random r, int length) {
        StringBuilder sb = new StringBuilder(length);
        String chars = "abc\\ -";
        while (sb.length() < length) {
            int k = r.nextInt(100);
            sb.append(k == 0 ? '\u212A' : k == 1 ? '\u00e9' : chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    /** A literal: mostly a piece of the value (present), sometimes changed or made up (absent). */
    private static String literal(Random r, String value) {
        int len = r.nextInt(5) == 0 ? 60 + r.nextInt(60) : r.nextInt(12);
        int at = r.nextInt(value.length() - len);
        String piece = value.substring(at, at + len);
        return switch (r.nextInt(4)) {
            case 0 -> piece.isEmpty() ? piece : piece.substring(0, piece.length() - 1) + 'z';
            case 1 -> "q" + piece;
            default -> piece;
        };
    }

    @Property(tries = 40)
    void answersAsIndexOf(@ForAll long seed, @ForAll @IntRange(min = TrigramIndex.FROM, max = 3 * TrigramIndex.FROM) int length) {
        Random r = new Random(seed);
        // three values in turn: the thread keeps two, so the third pushes one out and it is indexed again
        String[] values = {value(r, length), value(r, length + 1), value(r, TrigramIndex.FROM)};
        for (int i = 0; i < 600; i++) {
            String v = values[r.nextInt(i < 300 ? 2 : 3)];
            String lit = literal(r, v);
            int from = r.nextInt(3) == 0 ? r.nextInt(v.length() + 10) - 5 : 0;
            int expected = v.indexOf(lit, from);
            assertEquals(expected, TrigramIndex.indexOf(v, lit, from), () -> "'" + lit + "' from " + from);
        }
    }

    @Test
    void findsLiteralsAcrossBlockEndsAndLongerThanTheOverlap() {
        StringBuilder sb = new StringBuilder("x".repeat(3 * TrigramIndex.FROM));
        String across = "powershell -enc";
        sb.replace(24_576 - 5, 24_576 - 5 + across.length(), across);
        String longText = "abcdefghij".repeat(20);
        sb.replace(10_000, 10_000 + longText.length(), longText);
        // markers at a block's last places, its first, and where a long literal's later trigrams are in the next block
        int[] edges = {4093, 8191, 12_288, 16_382};
        for (int k = 0; k < edges.length; k++) {
            String marker = "<" + k + ">";
            sb.replace(edges[k], edges[k] + marker.length(), marker);
        }
        String spanning = "[" + "y".repeat(100) + "]";
        sb.replace(20_430, 20_430 + spanning.length(), spanning); // its trigrams from offset 50 on are in the next block
        String v = sb.toString();
        for (int i = 0; i < 3; i++) { // before and after the value is indexed
            for (int k = 0; k < edges.length; k++) {
                assertEquals(edges[k], TrigramIndex.indexOf(v, "<" + k + ">", 0));
                assertEquals(edges[k], TrigramIndex.indexOf(v, "<" + k + ">", edges[k]));
                assertEquals(-1, TrigramIndex.indexOf(v, "<" + k + ">", edges[k] + 1));
            }
            assertEquals(20_430, TrigramIndex.indexOf(v, spanning, 0));
            assertEquals(24_576 - 5, TrigramIndex.indexOf(v, across, 0));
            assertEquals(10_000, TrigramIndex.indexOf(v, longText, 0));
            assertEquals(10_010, TrigramIndex.indexOf(v, longText.substring(0, 150), 10_001));
            assertEquals(-1, TrigramIndex.indexOf(v, "mimikatz", 0));
            assertEquals(-1, TrigramIndex.indexOf(v, "xy", 0));
            assertEquals(-1, TrigramIndex.indexOf(v, "x", v.length()));
            assertEquals(0, TrigramIndex.indexOf(v, "", 0));
            assertEquals(v.length() - 3, TrigramIndex.indexOf(v, "xxx", v.length() - 3));
        }
    }
}
