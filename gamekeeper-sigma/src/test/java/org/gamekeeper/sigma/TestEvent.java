package org.gamekeeper.sigma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** A small event for tests: fields by name, a field may have several values. */
final class TestEvent implements SigmaEvent {
    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private long time = Long.MIN_VALUE;

    /** Pairs of name, value; a name given twice gets two values. */
    static TestEvent of(String... pairs) {
        TestEvent e = new TestEvent();
        for (int i = 0; i < pairs.length; i += 2) {
            e.fields.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return e;
    }

    TestEvent at(long millis) {
        time = millis;
        return this;
    }

    @Override
    public String field(String name) {
        List<String> v = fields.get(name);
        return v == null ? null : v.get(0);
    }

    @Override
    public List<String> fieldValues(String name) {
        return fields.getOrDefault(name, List.of());
    }

    @Override
    public void forEachField(BiConsumer<String, String> sink) {
        fields.forEach((k, vs) -> vs.forEach(v -> sink.accept(k, v)));
    }

    @Override
    public long timestampMillis() {
        return time;
    }
}
