package org.gamekeeper.engine;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.source.JsonSource;

/** Events for tests, read by the real JSON source from flat JSON objects (one per argument). */
public final class TestEvents {
    private TestEvents() {
    }

    public static List<Event> json(String... objects) {
        List<Event> out = new ArrayList<>();
        List<Object> problems = new ArrayList<>();
        new JsonSource().read("test.jsonl", new ByteArrayInputStream(String.join("\n", objects).getBytes(StandardCharsets.UTF_8)),
                out::add, problems::add);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad test events: " + problems);
        }
        return out;
    }

    public static Event one(String object) {
        return json(object).get(0);
    }
}
