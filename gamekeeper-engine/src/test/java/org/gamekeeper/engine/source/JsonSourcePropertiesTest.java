package org.gamekeeper.engine.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
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
}
