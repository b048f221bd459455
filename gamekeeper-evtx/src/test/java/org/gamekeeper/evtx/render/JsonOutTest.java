package org.gamekeeper.evtx.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.ValueType;
import org.junit.jupiter.api.Test;


/** The byte-level fast paths of {@link JsonOut} write what the plain character-by-character paths write. */
class JsonOutTest {

    /** Characters the word-at-a-time scan must stop at, and ordinary ones around them. */
    private static final char[] ALPHABET = {'a', 'Z', '0', ' ', '~', '\u007f', '"', '\\', '\n', '\t', '\u0000', '\u001f',
        '/', '!', '#', 'é', 'Ä', '€', '中', '\ud83d', '\ude00', '\u0020', '\u0021', '\u005b', '\u005d'};

    @Test
    void utf16TextIsEscapedAsTheSameTextGivenAsAString() {
        Random r = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            int len = r.nextInt(40);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                // Mostly plain ASCII, as event text is, so the fast path runs and must stop in the right place.
                sb.append(r.nextInt(4) == 0 ? ALPHABET[r.nextInt(ALPHABET.length)] : (char) (0x20 + r.nextInt(0x5f)));
            }
            String s = sb.toString();
            int pad = r.nextInt(3);
            byte[] utf16 = new byte[2 * pad + 2 * s.length()];
            System.arraycopy(s.getBytes(StandardCharsets.UTF_16LE), 0, utf16, 2 * pad, 2 * s.length());
            JsonOut fromBytes = new JsonOut(16).stringUtf16(utf16, 2 * pad, s.length());
            JsonOut fromString = new JsonOut(16).string(s);
            assertEquals(fromString.toString(), fromBytes.toString(), () -> "for " + escape(s));
        }
    }

    @Test
    void guidIsWrittenAsItsUpperCaseText() {
        Random r = new Random(7);
        for (int n = 0; n < 1000; n++) {
            byte[] b = new byte[20];
            r.nextBytes(b);
            String expected = "\"" + ValueFormat.guid(b, 2, false) + "\"";
            assertEquals(expected, new JsonOut(8).guid(b, 2).toString());
        }
        // As EVTX stores {5770385f-c22a-43e0-bf4c-06f5698ffbd9}: the first three groups little-endian.
        byte[] stored = {0x5f, 0x38, 0x70, 0x57, 0x2a, (byte) 0xc2, (byte) 0xe0, 0x43,
            (byte) 0xbf, 0x4c, 0x06, (byte) 0xf5, 0x69, (byte) 0x8f, (byte) 0xfb, (byte) 0xd9};
        assertEquals("\"5770385F-C22A-43E0-BF4C-06F5698FFBD9\"", new JsonOut(8).guid(stored, 0).toString());
    }

    @Test
    void unsignedNumbersAboveTwoToTheSixtyThreeAreWrittenInFull() {
        Random r = new Random(9);
        for (int n = 0; n < 10_000; n++) {
            long v = n < 4 ? new long[] {-1L, Long.MIN_VALUE, -10L, -9L}[n] : r.nextLong();
            assertEquals(Long.toUnsignedString(v), new JsonOut(8).unsigned(v).toString());
        }
    }

    @Test
    void numbersAndFixedWidthDigitsAreWrittenAsLongToStringWritesThem() {
        Random r = new Random(11);
        long[] edges = {0, 9, 10, 99, 100, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, Integer.MIN_VALUE, -1, -5, -9, -10, -99, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int n = 0; n < 20_000; n++) {
            long v = n < edges.length ? edges[n] : n % 2 == 0 ? r.nextInt() : r.nextLong() >> r.nextInt(64);
            assertEquals(Long.toString(v), new JsonOut(8).number(v).toString());
            if (v >= 0) {
                String padded = String.format("%019d", v);
                assertEquals(padded.substring(padded.length() - 4), new JsonOut(8).digits(v, 4).toString());
            }
        }
    }

    @Test
    void sidsAreWrittenAsTheirText() {
        Random r = new Random(5);
        for (int n = 0; n < 2000; n++) {
            int count = r.nextInt(7);
            byte[] b = new byte[8 + 4 * count + r.nextInt(3)];
            r.nextBytes(b);
            b[1] = (byte) (n % 3 == 0 ? count + 2 : count);
            JsonOut out = new JsonOut(8);
            JsonValues.append(out, b, 0, b.length, ValueType.SID.code());
            assertEquals("\"" + ValueFormat.sid(b, 0, b.length) + "\"", out.toString());
        }
    }

    @Test
    void fileTimesBeforeAndAfter1970AreWrittenAlike() {
        long epoch = 116_444_736_000_000_000L;
        for (long ticks : new long[] {0, 1, epoch - 1, epoch, epoch + 1, epoch + 9_999_999, 133_000_000_000_000_001L, 2_650_467_743_999_999_999L}) {
            String expected = "\"" + java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(ValueFormat.fileTimeInstant(ticks)) + "\"";
            assertEquals(expected, new JsonOut(8).fileTimeString(ticks, 6).toString(), "ticks " + ticks);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
