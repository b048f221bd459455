package org.gamekeeper.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.JsonSource;
import org.gamekeeper.engine.ValueSink;
import org.junit.jupiter.api.Test;

/**
 * JSON string values are kept as their bytes until read: what the keyword search sees of them
 * ({@link JsonValues}) must hold every literal the decoded text holds, once the literal is
 * escaped as {@link RuleIndex#jsonEscaped} escapes it, however the exporter chose to escape.
 */
class RawValuesTest {

    private static final String ALPHABET = "abcAB:\\\"/\n\t\r\b\f\u0001é€ -";

    /** {@code text} as a JSON string body, each character escaped one of the ways JSON allows, at random. */
    private static String encode(String text, Random random, boolean mayUseU) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            boolean u = mayUseU && random.nextInt(5) == 0;
            switch (c) {
                case '"' -> out.append(u ? "\\u0022" : "\\\"");
                case '\\' -> out.append(u ? "\\u005c" : "\\\\");
                case '/' -> out.append(u ? "\\/" : "/");
                case '\n' -> out.append(u ? "\\u000A" : "\\n");
                case '\t' -> out.append(u ? "\\u0009" : "\\t");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || u) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            out.append(switch (e) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                case 'b' -> '\b';
                case 'f' -> '\f';
                default -> e;
            });
        }
        return out.toString();
    }

    @Test
    void everyLiteralOfTheTextIsFoundInWhatTheSearchReads() {
        Random random = new Random(11);
        int escapedForms = 0;
        int asciiForms = 0;
        int textForms = 0;
        for (int n = 0; n < 2000; n++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(30);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(random.nextBoolean() ? 5 : ALPHABET.length())));
            }
            String value = text.toString();
            String json = "{\"EventID\":1,\"Message\":\"" + encode(value, random, random.nextInt(3) == 0) + "\"}\n";
            List<Event> events = new ArrayList<>();
            new JsonSource().read("v.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), events::add,
                    p -> { throw new AssertionError(p.toString()); });
            Event e = events.get(0);
            List<String> seen = new ArrayList<>();
            // the form the Message value came in: 't' text, 'a' exact ASCII bytes, 'e' escaped ASCII bytes
            char[] form = {0};
            byte[][] bytesOfValue = {null};
            e.forEachValue(new ValueSink() {
                @Override
                public void utf16(byte[] data, int offset, int chars) {
                    throw new AssertionError("a JSON event has no UTF-16 values");
                }

                @Override
                public void text(String v) {
                    seen.add(v);
                    if (!v.equals("1")) {
                        form[0] = 't';
                    }
                }

                @Override
                public void ascii(byte[] bytes, int offset, int len) {
                    String v = new String(bytes, offset, len, StandardCharsets.ISO_8859_1);
                    seen.add(v);
                    if (!v.equals("1")) {
                        form[0] = 'a';
                        bytesOfValue[0] = java.util.Arrays.copyOfRange(bytes, offset, offset + len);
                    }
                }

                @Override
                public void escapedAscii(byte[] bytes, int offset, int len) {
                    byte[] own = java.util.Arrays.copyOfRange(bytes, offset, offset + len);
                    seen.add(unescape(new String(own, StandardCharsets.ISO_8859_1)));
                    form[0] = 'e';
                    bytesOfValue[0] = own;
                }
            });
            // the values, decoded or as read, are the event's values
            assertEquals(2, seen.size(), json);
            assertEquals(java.util.Set.of("1", value), new java.util.HashSet<>(seen), json);
            assertEquals(value, e.field("Message"), json);
            if (form[0] == 'e') {
                escapedForms++;
            } else if (form[0] == 'a') {
                asciiForms++;
            } else {
                textForms++;
            }
            // every ASCII literal of four to seven characters the folded text holds is found in what the search reads
            String folded = value.toLowerCase(Locale.ROOT);
            for (int from = 0; from + 4 <= folded.length(); from++) {
                String literal = folded.substring(from, Math.min(folded.length(), from + 4 + random.nextInt(4)));
                if (!literal.chars().allMatch(c -> c < 128 && c != 0)) {
                    continue;
                }
                List<Integer> hits = new ArrayList<>();
                if (form[0] == 't') {
                    SkipScanner.build(List.of(literal)).scan(value, hits::add);
                } else {
                    String searched = form[0] == 'e' ? RuleIndex.escaped(literal) : literal;
                    SkipScanner.build(List.of(searched)).scanAscii(bytesOfValue[0], 0, bytesOfValue[0].length, hits::add);
                }
                assertEquals(List.of(0), hits.subList(0, Math.min(1, hits.size())), "literal '" + literal + "' of " + json);
            }
        }
        // all three forms occur (the rest are text: \\u escapes, \\/ or characters beyond ASCII)
        assertTrue(escapedForms > 100 && asciiForms > 100 && textForms > 100,
                escapedForms + " escaped, " + asciiForms + " exact, " + textForms + " text");
    }

    /**
     * An event offered whole ({@link ValueSink#allEscapedAscii}) holds, in those bytes, the escaped
     * form of every literal of every value; it is offered whole exactly when no value needs
     * decoding to be searched (no {@code \\u} or {@code \\/} escape, nothing beyond ASCII), and
     * a sink that declines still gets every value one by one.
     */
    @Test
    void anEventOfferedWholeHoldsEveryLiteralOfEveryValue() {
        Random random = new Random(12);
        int whole = 0;
        int apart = 0;
        for (int n = 0; n < 1000; n++) {
            List<String> values = new ArrayList<>();
            StringBuilder json = new StringBuilder("{\"EventID\":1");
            boolean needsText = false;
            int fields = 1 + random.nextInt(4);
            for (int f = 0; f < fields; f++) {
                StringBuilder text = new StringBuilder();
                int length = 1 + random.nextInt(20);
                for (int i = 0; i < length; i++) {
                    text.append(ALPHABET.charAt(random.nextInt(random.nextInt(4) == 0 ? ALPHABET.length() : 9)));
                }
                String value = text.toString();
                String body = encode(value, random, random.nextInt(4) == 0);
                needsText |= needsDecoding(body);
                values.add(value);
                // nested objects and arrays, numbers, booleans and nulls between the strings
                switch (random.nextInt(4)) {
                    case 0 -> json.append(",\"F").append(f).append("\":\"").append(body).append('"');
                    case 1 -> json.append(",\"O").append(f).append("\":{\"In\":\"").append(body).append("\",\"N\":-12.5e3}");
                    case 2 -> json.append(",\"A").append(f).append("\":[\"").append(body).append("\",true,null]");
                    default -> json.append(",\"B").append(f).append("\":false,\"S").append(f).append("\":\"").append(body).append('"');
                }
            }
            json.append("}\n");
            List<Event> events = new ArrayList<>();
            new JsonSource().read("v.json", new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)), events::add,
                    p -> { throw new AssertionError(p.toString()); });
            Event e = events.get(0);
            byte[][] offered = {null};
            int[] oneByOne = {0};
            ValueSink accepting = new ValueSink() {
                @Override
                public void text(String v) {
                    oneByOne[0]++;
                }

                @Override
                public void ascii(byte[] bytes, int offset, int len) {
                    oneByOne[0]++;
                }

                @Override
                public void utf16(byte[] data, int offset, int chars) {
                    throw new AssertionError("a JSON event has no UTF-16 values");
                }

                @Override
                public void escapedAscii(byte[] bytes, int offset, int len) {
                    oneByOne[0]++;
                }

                @Override
                public boolean allEscapedAscii(byte[] bytes, int offset, int length) {
                    offered[0] = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
                    return true;
                }
            };
            e.forEachValue(accepting);
            assertEquals(!needsText, offered[0] != null, json.toString());
            if (offered[0] == null) {
                apart++;
                assertTrue(oneByOne[0] > values.size(), json.toString());
                continue;
            }
            whole++;
            assertEquals(0, oneByOne[0], json.toString());
            for (String value : values) {
                String folded = value.toLowerCase(Locale.ROOT);
                for (int from = 0; from + 4 <= folded.length(); from++) {
                    String literal = folded.substring(from, Math.min(folded.length(), from + 4 + random.nextInt(4)));
                    List<Integer> hits = new ArrayList<>();
                    SkipScanner.build(List.of(RuleIndex.escaped(literal))).scanAscii(offered[0], 0, offered[0].length, hits::add);
                    assertTrue(hits.contains(0), "literal '" + literal + "' of " + json);
                }
            }
        }
        assertTrue(whole > 200 && apart > 200, whole + " offered whole, " + apart + " value by value");
    }

    /**
     * A field's values as a named search reads them ({@link Event#forEachValue(String, ValueSink)}):
     * each, read back from its form (bytes, escaped bytes or text), is a value the field's test
     * would see, all of them (array values too), and none of another field.
     */
    @Test
    void aFieldsValuesAsTheSearchReadsThemAreItsValues() {
        Random random = new Random(13);
        int forms = 0;
        for (int n = 0; n < 1000; n++) {
            List<String> expected = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            StringBuilder body = new StringBuilder();
            for (int v = 0; v < count; v++) {
                StringBuilder text = new StringBuilder();
                int length = random.nextInt(12);
                for (int i = 0; i < length; i++) {
                    text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
                expected.add(text.toString());
                body.append(v == 0 ? "" : ",").append('"').append(encode(text.toString(), random, random.nextBoolean())).append('"');
            }
            String json = "{\"EventID\":1,\"Other\":\"zz\",\"Message\":" + (count == 1 && random.nextBoolean() ? body : "[" + body + "]") + "}\n";
            List<Event> events = new ArrayList<>();
            new JsonSource().read("v.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), events::add,
                    p -> { throw new AssertionError(p.toString()); });
            Event e = events.get(0);
            List<String> read = new ArrayList<>();
            java.util.Set<Character> kinds = new java.util.HashSet<>();
            boolean given = e.forEachValue("Message", new ValueSink() {
                @Override
                public void text(String v) {
                    read.add(v);
                    kinds.add('t');
                }

                @Override
                public void ascii(byte[] bytes, int offset, int len) {
                    read.add(new String(bytes, offset, len, StandardCharsets.ISO_8859_1));
                    kinds.add('a');
                }

                @Override
                public void utf16(byte[] data, int offset, int chars) {
                    throw new AssertionError("a JSON event has no UTF-16 values");
                }

                @Override
                public void escapedAscii(byte[] bytes, int offset, int len) {
                    read.add(unescape(new String(bytes, offset, len, StandardCharsets.ISO_8859_1)));
                    kinds.add('e');
                }
            });
            assertTrue(given, json);
            List<String> tested = new ArrayList<>();
            e.anyValue("Message", v -> !tested.add(v));
            assertEquals(tested, read, json);
            assertEquals(expected, read, json);
            forms += kinds.size();
        }
        assertTrue(forms > 1200, forms + " forms"); // bytes, escaped bytes and text all occur
    }

    /** True when a JSON string body has a {@code \\u} or {@code \\/} escape or a character beyond ASCII. */
    private static boolean needsDecoding(String body) {
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c >= 128) {
                return true;
            }
            if (c == '\\') {
                char e = body.charAt(++i);
                if (e == 'u' || e == '/') {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void jsonEscapingOfLiterals() {
        assertEquals("c:\\\\windows\\\\", RuleIndex.escaped("c:\\windows\\"));
        assertEquals("say \\\"hi\\\"\\n\\t", RuleIndex.escaped("say \"hi\"\n\t"));
        assertEquals("plain", RuleIndex.escaped("plain"));
        assertEquals("a\u0001b", RuleIndex.escaped("a\u0001b"));
    }
}
