package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.gamekeeper.engine.Event;

/** Damage to one event never costs another: mutated input, every undamaged event still read once. */
class JsonSourcePropertiesTest {

    static String event(int id, boolean pretty) {
        String cmd = "powershell -enc " + Integer.toHexString(id * 7919) + " \\\"q\\\" {x}";
        if (pretty) {
            return "{\n  \"Id\": \"" + id + "\",\n  \"EventData\": {\n    \"CommandLine\": \"" + cmd
                + "\",\n    \"List\": [\n      1,\n      2\n    ]\n  }\n}\n";
        }
        return "{\"Id\":\"" + id + "\",\"EventData\":{\"CommandLine\":\"" + cmd + "\",\"List\":[1,2]}}\n";
    }

    /** Reads {@code text} and returns how often each event id was read; checks nothing escaped. */
    static Map<String, Integer> read(String text, List<Problem> problems) {
        Map<String, Integer> seen = new HashMap<>();
        new JsonSource().read("m.json", new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
            (Event e) -> seen.merge(String.valueOf(e.field("Id")), 1, Integer::sum), problems::add);
        return seen;
    }

    @Property(tries = 300)
    void oneMutatedByteCostsAtMostItsOwnEvent(@ForAll boolean pretty, @ForAll @IntRange(min = 0, max = 19) int victim,
                                             @ForAll @IntRange(min = 0, max = 10_000) int where,
                                             @ForAll @IntRange(min = 0, max = 9) int what) {
        StringBuilder text = new StringBuilder();
        int victimStart = 0;
        int victimEnd = 0;
        for (int i = 0; i < 20; i++) {
            if (i == victim) {
                victimStart = text.length();
            }
            text.append(event(i, pretty));
            if (i == victim) {
                victimEnd = text.length() - 1; // keep the newline that ends it
            }
        }
        int at = victimStart + where % (victimEnd - victimStart);
        char[] replacements = {'"', '{', '}', '[', ']', '\\', '\n', ',', 'x', '\0'};
        text.setCharAt(at, replacements[what]);
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = read(text.toString(), problems);
        for (int i = 0; i < 20; i++) {
            if (i != victim) {
                assertEquals(1, seen.getOrDefault(Integer.toString(i), 0), "event " + i + " in\n" + text);
            }
        }
        for (Problem p : problems) {
            assertTrue(p.line() >= 1, p::toString);
        }
    }

    @Property(tries = 200)
    void truncationAnywhereKeepsEveryCompleteEventBeforeIt(@ForAll boolean pretty,
                                                           @ForAll @IntRange(min = 0, max = 5_000) int cut) {
        StringBuilder text = new StringBuilder();
        List<Integer> ends = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            text.append(event(i, pretty));
            ends.add(text.length());
        }
        int length = Math.min(cut, text.length());
        List<Problem> problems = new ArrayList<>();
        Map<String, Integer> seen = read(text.substring(0, length), problems);
        int complete = 0;
        while (complete < 20 && ends.get(complete) - 1 <= length) {
            complete++;
        }
        assertEquals(complete, seen.size());
        boolean midEvent = complete < 20 && length > (complete == 0 ? 0 : ends.get(complete - 1));
        assertEquals(midEvent ? 1 : 0, problems.size(), problems::toString);
    }

    /** Every event and problem of {@code bytes}, as text, read whole or handed over a few bytes per read. */
    static List<String> transcript(byte[] bytes, boolean dribble) {
        List<String> out = new ArrayList<>();
        InputStream in = new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, dribble ? Math.min(len, 1 + pos % 7) : len);
            }
        };
        // dribbled: a read buffer smaller than any event, so every event is framed across reads
        JsonSource source = dribble ? new JsonSource(JsonSource.DEFAULT_MAX_EVENT_BYTES, 24) : new JsonSource();
        source.read("m.json", in, (Event e) -> {
            StringBuilder fields = new StringBuilder();
            e.forEachField((k, v) -> fields.append(k).append('=').append(v).append(';'));
            out.add("event line " + e.line() + " offset " + e.offset() + " id " + e.field("Id") + " " + fields);
        }, p -> out.add("problem line " + p.line()));
        return out;
    }

    /**
     * A one-line value inside the read buffer is parsed where it lies; one split across reads
     * is framed first. Both ways must read the same events and report the same problems, on
     * damaged input too.
     */
    @Property(tries = 300)
    void valuesReadInPlaceAndFramedAgree(@ForAll boolean pretty, @ForAll @IntRange(min = 0, max = 19) int victim,
                                         @ForAll @IntRange(min = 0, max = 10_000) int where,
                                         @ForAll @IntRange(min = 0, max = 11) int what) {
        StringBuilder text = new StringBuilder();
        int victimStart = 0;
        int victimEnd = 0;
        for (int i = 0; i < 20; i++) {
            if (i == victim) {
                victimStart = text.length();
            }
            text.append(event(i, pretty));
            if (i == victim) {
                victimEnd = text.length() - 1;
            }
        }
        int at = victimStart + where % (victimEnd - victimStart);
        char[] replacements = {'"', '{', '}', '[', ']', '\\', '\n', ',', 'x', '\0', '\u00e9', ' '};
        text.setCharAt(at, replacements[what]);
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(transcript(bytes, true), transcript(bytes, false));
    }
}
