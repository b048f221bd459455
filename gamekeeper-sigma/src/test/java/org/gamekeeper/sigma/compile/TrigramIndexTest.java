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

    /** A long value of few Latin-1 characters (compared eight at a time), or with some beyond Latin-1 too. */
    private static String value(Random r, int length, boolean latin1) {
        if (!latin1) {
            return value(r, length);
        }
        StringBuilder sb = new StringBuilder(length);
        String chars = "abc\\ -\u00e9\u00ff";
        while (sb.length() < length) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    /**
     * Searches as rules make them: a literal from several places (each answer is remembered with
     * the place searched from), every place of a literal in turn (a wildcard's anchor), literals
     * in alternation (the last one's trigrams are kept), literals beyond Latin-1 in a Latin-1
     * value, and literals of one and two characters.
     */
    @Property(tries = 60)
    void searchesAsRulesMakeThemAnswerAsIndexOf(@ForAll long seed, @ForAll boolean latin1,
                                                @ForAll @IntRange(min = TrigramIndex.FROM, max = 3 * TrigramIndex.FROM) int length) {
        Random r = new Random(seed);
        String v = value(r, length, latin1);
        String[] literals = new String[7];
        for (int i = 0; i < literals.length; i++) {
            literals[i] = switch (i) {
                case 0 -> v.substring(length / 2, length / 2 + 1 + r.nextInt(2)); // one or two characters
                case 6 -> r.nextBoolean() ? "\u2014" : v.charAt(length / 3) + "\u212A"; // beyond Latin-1, short
                case 1 -> "\u212A" + literal(r, v); // never in a Latin-1 value
                case 2 -> literal(r, v).replace('a', '\u0160'); // a character the index keys as 'a'
                default -> literal(r, v);
            };
        }
        for (int i = 0; i < 400; i++) {
            String lit = literals[r.nextInt(literals.length)];
            int from = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(v.length() + 10) - 5;
                default -> Math.max(0, v.indexOf(lit) + r.nextInt(50) - 25); // around a remembered answer
            };
            assertEquals(v.indexOf(lit, from), TrigramIndex.indexOf(v, lit, from), () -> "'" + lit + "' from " + from);
        }
        for (String lit : literals) {
            if (lit.isEmpty()) {
                continue;
            }
            for (int at = TrigramIndex.indexOf(v, lit, 0), expected = v.indexOf(lit); ; ) {
                assertEquals(expected, at, "'" + lit + "', each place in turn");
                if (at < 0) {
                    break;
                }
                at = TrigramIndex.indexOf(v, lit, at + 1);
                expected = v.indexOf(lit, expected + 1);
            }
        }
    }

    /** Each answer is remembered with the place searched from: it answers searches from that place up to the answer, and no others. */
    @Test
    void remembersAnAnswerOnlyForThePlacesItCovers() {
        StringBuilder sb = new StringBuilder("x".repeat(2 * TrigramIndex.FROM));
        sb.replace(100, 104, "evil");
        sb.replace(5_000, 5_004, "evil");
        String v = sb.toString();
        for (int i = 0; i < 2; i++) { // before and after the value is indexed
            assertEquals(100, TrigramIndex.indexOf(v, "evil", 0));
            assertEquals(100, TrigramIndex.indexOf(v, "evil", 50));
            assertEquals(5_000, TrigramIndex.indexOf(v, "evil", 101));
            assertEquals(100, TrigramIndex.indexOf(v, "evil", 0)); // not the answer from 101
            assertEquals(100, TrigramIndex.indexOf(v, "evil", 100));
            assertEquals(5_000, TrigramIndex.indexOf(v, "evil", 4_000));
            assertEquals(-1, TrigramIndex.indexOf(v, "evil", 5_001));
            assertEquals(5_000, TrigramIndex.indexOf(v, "evil", 5_000)); // not the answer from 5,001
            assertEquals(100, TrigramIndex.indexOf(v, "evil", -7));
            assertEquals(-1, TrigramIndex.indexOf(v, "evil", 6_000));
        }
    }

    @Test
    void knowsWhetherAValueHoldsCharactersBeyondAscii() {
        String ascii = "abc ".repeat(TrigramIndex.FROM);
        String latin1 = ascii + "\u00e9";
        String wide = "\u212A" + ascii;
        String[] values = {ascii, latin1, wide};
        boolean[] expected = {false, true, true};
        for (int v = 0; v < values.length; v++) {
            for (int i = 0; i < 3; i++) { // before the value is indexed, and after
                assertEquals(expected[v], TrigramIndex.holdsBeyondAscii(values[v]));
                TrigramIndex.contains(values[v], "zzz" + i);
            }
        }
        assertEquals(false, TrigramIndex.holdsBeyondAscii("short"));
        assertEquals(true, TrigramIndex.holdsBeyondAscii("short \u00e9"));
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
        sb.setCharAt(sb.length() - 1, '#'); // a character only at the very end
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
            assertEquals(v.length() - 1, TrigramIndex.indexOf(v, "#", 0));
            assertEquals(v.length() - 2, TrigramIndex.indexOf(v, "x#", 0));
            assertEquals(-1, TrigramIndex.indexOf(v, "xy", 0));
            assertEquals(-1, TrigramIndex.indexOf(v, "x", v.length()));
            assertEquals(0, TrigramIndex.indexOf(v, "", 0));
            assertEquals(v.length() - 4, TrigramIndex.indexOf(v, "xxx", v.length() - 4)); // the last place it fits before the "#"
            assertEquals(-1, TrigramIndex.indexOf(v, "xxx", v.length() - 3));
        }
    }
}
