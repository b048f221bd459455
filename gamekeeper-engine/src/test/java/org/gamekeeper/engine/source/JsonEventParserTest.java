package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gamekeeper.engine.Event;
import org.junit.jupiter.api.Test;

/** The byte parser behind {@link JsonSource}: what it decodes, what it rejects and where it says so. */
class JsonEventParserTest {

    final List<Event> events = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    void read(byte[] bytes) {
        new JsonSource().read("p.json", new ByteArrayInputStream(bytes), events::add, problems::add);
    }

    void read(String text) {
        read(text.getBytes(StandardCharsets.UTF_8));
    }

    static final String GOOD = "{\"TargetUserName\":\"good\"}";

    List<String> users() {
        return events.stream().map(e -> e.field("TargetUserName")).toList();
    }

    @Test
    void escapesAndUtf8DecodeToTheirCharacters() {
        read("{\"a\":\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\\ud83d\\ude00\",\"b\":\"é€😀\",\"c\":\"plain\","
            + "\"d\":\"caf\u00e9 \\r\\n\",\"k\\u0065y\":\"v\"}\n");
        assertEquals(List.of(), problems);
        Event e = events.get(0);
        assertEquals("q\"b\\s/\b\f\n\r\té€😀", e.field("a"));
        assertEquals("é€😀", e.field("b"));
        assertEquals("plain", e.field("c"));
        assertEquals("café \r\n", e.field("d"));
        assertEquals("v", e.field("key"));
    }

    /** Strings of every length around the eight-byte steps of the plain-run search, with a special character anywhere. */
    @Test
    void everyStringDecodesWhateverWhereItsSpecialCharactersFall() {
        Random random = new Random(7);
        String[] specials = {"\"", "\\", "\n", "\u0001", "\u00e9", "\u20ac", "\ud83d\ude00", " ", "~"};
        for (int n = 0; n < 300; n++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                value.append(random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : String.valueOf((char) ('a' + random.nextInt(26))));
            }
            String v = value.toString();
            StringBuilder json = new StringBuilder("{\"TargetUserName\":\"");
            for (char c : v.toCharArray()) {
                if (c == '"' || c == '\\') {
                    json.append('\\').append(c);
                } else if (c < 0x20) {
                    json.append(String.format("\\u%04x", (int) c));
                } else {
                    json.append(c);
                }
            }
            json.append("\"}\n");
            events.clear();
            read(json.toString());
            assertEquals(List.of(), problems, json.toString());
            assertEquals(List.of(v), users(), json.toString());
        }
    }

    @Test
    void latin1UnicodeEscapesStayOnTheByteWayAndWideOnesDecodeToo() {
        read("{\"a\":\"it\\u0027s \\u00ff\\r\\n\",\"b\":\"it\\u0027s \\u0100\",\"c\":\"\\u00e9\u00e9\\u0041\"}\n");
        assertEquals(List.of(), problems);
        assertEquals("it's \u00ff\r\n", events.get(0).field("a"));
        assertEquals("it's \u0100", events.get(0).field("b"));
        assertEquals("\u00e9\u00e9A", events.get(0).field("c"));
    }

    @Test
    void numbersAndLiteralsKeepTheirText() {
        read("{\"a\":-0.5e+10,\"b\":0,\"c\":true,\"d\":false,\"e\":null,\"f\":-9214364837600034816,\"g\":[],\"h\":{}}\n");
        assertEquals(List.of(), problems);
        Event e = events.get(0);
        assertEquals("-0.5e+10", e.field("a"));
        assertEquals("0", e.field("b"));
        assertEquals("true", e.field("c"));
        assertEquals("false", e.field("d"));
        assertEquals("", e.field("e"));
        assertEquals("-9214364837600034816", e.field("f"));
        assertNull(e.field("g"));
    }

    /** Each of these is one bad event on line 2 of three: reported there, the others read. */
    @Test
    void whatIsNotJsonIsReportedWithItsLineAndCostsOnlyItself() {
        String[] bad = {
            "{\"TargetUserName\":01}", "{\"TargetUserName\":-}", "{\"TargetUserName\":1.}", "{\"TargetUserName\":1e}",
            "{\"TargetUserName\":tru}", "{\"TargetUserName\":nul}", "{\"TargetUserName\":\"x\",}", "{\"a\":[1,]}",
            "{\"a\" 1}", "{a:1}", "{\"a\":1]", "{\"a\":[1}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
            "{\"a\":\"tab\there\"}", "{\"a\":1 \"b\":2}", "{,}", "{\"a\":'x'}", "{\"a\":+1}", "{\"a\":.5}",
        };
        for (String b : bad) {
            events.clear();
            problems.clear();
            read(GOOD + "\n" + b + "\n" + GOOD + "\n");
            assertEquals(List.of("good", "good"), users(), b);
            assertEquals(1, problems.size(), b);
            assertEquals("p.json", problems.get(0).file());
            assertEquals(2, problems.get(0).line(), b);
            // unbalanced brackets are found by the framing (cut off), the rest by the parser (bad JSON)
            assertTrue(problems.get(0).what().contains("event starting at line 2"), problems.get(0).what());
        }
    }

    @Test
    void invalidUtf8IsBadJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] good = (GOOD + "\n").getBytes(StandardCharsets.UTF_8);
        out.writeBytes(good);
        out.writeBytes("{\"a\":\"x".getBytes(StandardCharsets.UTF_8));
        out.write(0xC3); // a lead byte followed by no continuation
        out.writeBytes("y\"}\n{\"a\":\"".getBytes(StandardCharsets.UTF_8));
        out.write(0xFF); // never a UTF-8 byte
        out.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(good);
        read(out.toByteArray());
        assertEquals(List.of("good", "good"), users());
        assertEquals(List.of(2L, 3L), problems.stream().map(Problem::line).toList());
    }

    @Test
    void aFaultInAPrettyValueNamesItsOwnLine() {
        read("{\n  \"a\": \"x\",\n  \"b\": [1,\n    2,\n    x]\n}\n" + GOOD + "\n");
        assertEquals(1, problems.size());
        assertEquals(5, problems.get(0).line());
        assertEquals(List.of("good"), users());
    }

    @Test
    void nestingIsBounded() {
        int ok = JsonEventParser.MAX_DEPTH - 1;
        String deep = "{\"a\":" + "[".repeat(ok) + "1" + "]".repeat(ok) + "}";
        String tooDeep = "{\"a\":" + "[".repeat(ok + 1) + "1" + "]".repeat(ok + 1) + "}";
        read(deep + "\n" + tooDeep + "\n" + GOOD + "\n");
        assertEquals("1", events.get(0).field("a"));
        assertEquals(2, events.size());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
        assertTrue(problems.get(0).what().contains("nesting"), problems.get(0).what());
    }

    /** Long keys nested deep would make paths of depth × key length: bounded, reported, the rest read. */
    @Test
    void pathsAreBounded() {
        String key = "k".repeat(1000);
        int levels = JsonEventParser.MAX_PATH_LENGTH / 1000 + 2;
        String deep = "{\"" + key + "\":".repeat(1) + ("{\"" + key + "\":").repeat(levels - 1) + "1" + "}".repeat(levels);
        read(GOOD + "\n" + deep + "\n" + GOOD + "\n");
        assertEquals(List.of("good", "good"), users());
        assertEquals(1, problems.size());
        assertEquals(2, problems.get(0).line());
        assertTrue(problems.get(0).what().contains("path longer than"), problems.get(0).what());
    }

    @Test
    void repeatedKeysAndArraysAreOneMultiValuedFieldInDocumentOrder() {
        read("{\"a\":\"1\",\"b\":[\"2\",\"3\"],\"a\":\"4\"}\n{\"a\":\"5\",\"b\":[\"6\",\"7\"],\"a\":\"8\"}\n");
        for (int i = 0; i < 2; i++) {
            Event e = events.get(i);
            List<String> seen = new ArrayList<>();
            e.forEachField((k, v) -> seen.add(k + "=" + v));
            int o = i * 4;
            assertEquals(List.of("a=" + (1 + o), "a=" + (4 + o), "b=" + (2 + o), "b=" + (3 + o)), seen);
            assertEquals(List.of("" + (1 + o), "" + (4 + o)), e.fieldValues("a"));
            assertEquals("" + (1 + o), e.field("a"));
            assertTrue(e.anyValue("b", v -> v.equals("" + (3 + o))));
        }
    }

    /**
     * The parser predicts each key from the one before it last time: keys that change order, a
     * key that begins another's name, the same names under another parent and escaped names
     * must still each be read as themselves.
     */
    @Test
    void keysThatBreakThePredictedOrderAreStillReadRight() {
        String[] lines = {
            "{\"Image\":\"1\",\"ImageLoaded\":\"2\",\"o\":{\"Image\":\"3\"}}",
            "{\"Image\":\"4\",\"ImageLoad\":\"5\",\"o\":{\"ImageLoaded\":\"6\"}}",
            "{\"ImageLoaded\":\"7\",\"Image\":\"8\",\"p\":{\"Image\":\"9\"}}",
            "{\"Image\":\"10\",\"Image\\u004coaded\":\"11\",\"o\":{\"Image\":\"12\"}}",
            "{\"Image\":\"13\",\"ImageLoaded\" : \"14\",\"o\":{\"Image\":\"15\"}}",
        };
        read(String.join("\n", lines) + "\n");
        assertEquals(List.of(), problems);
        assertEquals(5, events.size());
        String[][] expected = {
            {"Image", "1", "ImageLoaded", "2", "o.Image", "3"},
            {"Image", "4", "ImageLoad", "5", "o.ImageLoaded", "6"},
            {"ImageLoaded", "7", "Image", "8", "p.Image", "9"},
            {"Image", "10", "ImageLoaded", "11", "o.Image", "12"},
            {"Image", "13", "ImageLoaded", "14", "o.Image", "15"},
        };
        for (int i = 0; i < expected.length; i++) {
            for (int f = 0; f < expected[i].length; f += 2) {
                assertEquals(expected[i][f + 1], events.get(i).field(expected[i][f]), lines[i] + " " + expected[i][f]);
            }
        }
        assertNull(events.get(1).field("ImageLoaded"));
        assertNull(events.get(1).field("o.Image"));
    }

    /** The parser hashes a key as it finds its end; the cache must find by that hash the key it kept. */
    @Test
    void aKeyMetAgainIsTheKeptOne() throws Exception {
        JsonEventParser parser = new JsonEventParser();
        byte[] event = "{\"Plain\":\"1\",\"Esc\\\"aped\\\\\":\"2\",\"o\":{\"Inner\":\"3\"}}".getBytes(StandardCharsets.UTF_8);
        JsonEventParser.Leaves first = new JsonEventParser.Leaves();
        JsonEventParser.Leaves second = new JsonEventParser.Leaves();
        parser.parse(event, event.length, first);
        parser.parse(event, event.length, second);
        assertEquals(3, first.count);
        assertEquals(List.of("Plain", "Esc\"aped\\", "o.Inner"), java.util.Arrays.asList(first.paths).subList(0, 3));
        for (int i = 0; i < 3; i++) {
            assertTrue(first.paths[i] == second.paths[i], "kept key " + first.paths[i]);
        }
    }

    /** More distinct keys and key sets than the caches keep, and keys too long to keep: every event still right. */
    @Test
    void eventsBeyondTheCacheBoundsAreStillNamedRight() {
        StringBuilder text = new StringBuilder();
        int n = Math.max(JsonEventParser.PathCache.MAX, JsonLayout.Cache.MAX) + 500;
        String longKey = "k".repeat(JsonEventParser.PathCache.MAX_KEPT_LENGTH + 1);
        for (int i = 0; i < n; i++) {
            text.append("{\"k").append(i).append("\":\"").append(i).append("\",\"TargetUserName\":\"u").append(i % 3)
                .append("\",\"").append(longKey).append(i % 2).append("\":{\"x\":\"").append(i).append("\"}}\n");
        }
        read(text.toString());
        assertEquals(List.of(), problems);
        assertEquals(n, events.size());
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            assertEquals(Integer.toString(i), e.field("k" + i));
            assertNull(e.field("k" + (i + 1)));
            assertEquals("u" + i % 3, e.field("targetusername"));
            assertEquals(Integer.toString(i), e.field(longKey + i % 2 + ".x"));
        }
    }

    @Test
    void looseNamesResolveInEveryEventOfAKeySet() {
        read("{\"Command Line\":\"one\"}\n{\"Command Line\":\"two\"}\n");
        assertEquals("one", events.get(0).field("commandline"));
        assertEquals("two", events.get(1).field("CommandLine"));
        assertNull(events.get(1).field("Image"));
    }

    @Test
    void winlogbeatUserDataNamesFollowEachEventsOuterElement() {
        read("{\"winlog\":{\"channel\":\"System\",\"user_data\":{\"xml_name\":\"A\",\"x\":\"1\"}}}\n"
            + "{\"winlog\":{\"channel\":\"System\",\"user_data\":{\"xml_name\":\"B\",\"x\":\"2\"}}}\n");
        assertEquals("1", events.get(0).field("UserData.A.x"));
        assertNull(events.get(1).field("UserData.A.x"));
        assertEquals("2", events.get(1).field("UserData.B.x"));
    }

    /** The fast timestamp path gives what {@link Instant#parse} gives, for every form it takes. */
    @Test
    void fastTimestampsAgreeWithInstantParse() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long millis = r.nextLong() % 8_000_000_000_000L + 4_000_000_000_000L - 2_000_000_000_000L;
            Instant t = Instant.ofEpochMilli(Math.floorMod(millis, 253_402_300_799_000L)).plusNanos(r.nextInt(1_000_000));
            int digits = r.nextInt(10);
            String pattern = "yyyy-MM-dd'" + (r.nextBoolean() ? "T" : " ") + "'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits));
            String text = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(t);
            String zoned = text + "Z";
            long expected = Instant.parse(zoned.replace(' ', 'T')).toEpochMilli();
            assertEquals(expected, JsonEvent.parseMillis(zoned, false), zoned);
            assertEquals(expected, JsonEvent.parseMillis(text, true), text);
        }
        String[] odd = {"2021-02-29T00:00:00Z", "2021-13-01T00:00:00Z", "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00z",
            "2020-02-29T23:59:59.9999999Z", "2020-10-18T07:50:06+02:00", "2020-10-18T24:00:00Z", "2020-10-18T23:59:60Z",
            "0000-01-01T00:00:00Z", "2020-10-18T07:50:06.1234567890Z", "2020-10-18T07:50", "2020-1x-18T07:50:06Z",
            "2020-10-18 07:50:06", "2020-10-18T07:50:06.5", "+2020-10-18T07:50:06Z", "2020-10-18T07:50:06 Z"};
        for (String t : odd) {
            assertEquals(asBefore(t, true), JsonEvent.parseMillis(t, true), t);
            assertEquals(asBefore(t, false), JsonEvent.parseMillis(t, false), t);
        }
    }

    /** The parse as it was before the fast path: through {@link Instant#parse}. */
    private static long asBefore(String t, boolean zonelessIsUtc) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(10) != 'T' && t.charAt(10) != ' ') {
            return Long.MIN_VALUE;
        }
        char z = t.charAt(n - 1);
        boolean zoned = z == 'Z' || z == 'z'
            || n >= 25 && t.charAt(n - 3) == ':' && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-');
        if (!zoned && !zonelessIsUtc) {
            return Long.MIN_VALUE;
        }
        String iso = t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        try {
            return Instant.parse(zoned ? iso : iso + 'Z').toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return Long.MIN_VALUE;
        }
    }
}
