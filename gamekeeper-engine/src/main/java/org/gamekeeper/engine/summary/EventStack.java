package org.gamekeeper.engine.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Event;

/** Event counts per channel and EventID, most frequent first (Hayabusa's eid-metrics). */
final class EventStack implements Stack<EventStack.Fact> {

    record Fact(String channel, int eventId, long millis) { }

    private final Map<Fact, Span> rows = new LinkedHashMap<>();

    @Override
    public Fact fact(Event e) {
        return new Fact(Span.text(e.channel()), e.eventId(), Long.MIN_VALUE);
    }

    @Override
    public void add(Fact f) {
        rows.computeIfAbsent(new Fact(f.channel(), f.eventId(), Long.MIN_VALUE), k -> new Span()).count++;
    }

    @Override
    public List<String> columns() {
        return List.of("count", "percent", "channel", "event_id");
    }

    @Override
    public List<Map<String, Object>> rows() {
        long total = 0;
        for (Span s : rows.values()) {
            total += s.count;
        }
        List<Map.Entry<Fact, Span>> sorted = new ArrayList<>(rows.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<Fact, Span> e) -> -e.getValue().count)
                .thenComparing(e -> e.getKey().channel()).thenComparingInt(e -> e.getKey().eventId()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<Fact, Span> e : sorted) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", e.getValue().count);
            long tenths = total == 0 ? 0 : Math.round(e.getValue().count * 1000.0 / total);
            m.put("percent", tenths / 10 + "." + tenths % 10);
            m.put("channel", e.getKey().channel());
            m.put("event_id", e.getKey().eventId() < 0 ? "" : Integer.toString(e.getKey().eventId()));
            out.add(m);
        }
        return out;
    }
}
