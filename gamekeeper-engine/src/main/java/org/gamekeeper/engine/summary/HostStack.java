package org.gamekeeper.engine.summary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.engine.Event;

/** Hosts with their event count, time span and the channels their logs hold. */
final class HostStack implements Stack<HostStack.Fact> {

    record Fact(String host, String channel, long millis) { }

    private static final class Row {
        final Span span = new Span();
        final Map<String, Long> channels = new TreeMap<>();
    }

    private final Map<String, Row> rows = new TreeMap<>();

    @Override
    public Fact fact(Event e) {
        return new Fact(Span.text(e.computer()), Span.text(e.channel()), e.timestampMillis());
    }

    @Override
    public void add(Fact f) {
        Row r = rows.computeIfAbsent(f.host(), k -> new Row());
        r.span.add(f.millis());
        r.channels.merge(f.channel(), 1L, Long::sum);
    }

    @Override
    public List<String> columns() {
        return List.of("host", "events", "first_seen", "last_seen", "channels");
    }

    @Override
    public List<Map<String, Object>> rows() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", e.getKey());
            m.put("events", e.getValue().span.count);
            m.put("first_seen", e.getValue().span.firstText());
            m.put("last_seen", e.getValue().span.lastText());
            List<String> channels = new ArrayList<>();
            e.getValue().channels.forEach((c, n) -> channels.add(c + " (" + n + ")"));
            m.put("channels", channels);
            out.add(m);
        }
        return out;
    }
}
