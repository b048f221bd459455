package org.gamekeeper.engine.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.gamekeeper.engine.Event;

/**
 * Process executions stacked by image and parent image, least frequent first (the rare pair is
 * the one to read): Sysmon 1 and Security 4688. Paths are compared case-insensitively, as Windows
 * does, and shown as first seen.
 */
final class ProcessStack implements Stack<ProcessStack.Fact> {

    record Fact(String image, String parent, String host, long millis) { }

    private static final class Row {
        final String image;
        final String parent;
        final Span span = new Span();
        final TreeSet<String> hosts = new TreeSet<>();

        Row(String image, String parent) {
            this.image = image;
            this.parent = parent;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    @Override
    public Fact fact(Event e) {
        int id = e.eventId();
        String channel = e.channel() == null ? "" : e.channel().toLowerCase(Locale.ROOT);
        if (id == 1 && channel.equals("microsoft-windows-sysmon/operational")) {
            return new Fact(Span.text(e.field("Image")), Span.text(e.field("ParentImage")), e.computer(), e.timestampMillis());
        }
        if (id == 4688 && channel.equals("security")) {
            return new Fact(Span.text(e.field("NewProcessName")), Span.text(e.field("ParentProcessName")), e.computer(), e.timestampMillis());
        }
        return null;
    }

    @Override
    public void add(Fact f) {
        String key = f.image().toLowerCase(Locale.ROOT) + '\u0000' + f.parent().toLowerCase(Locale.ROOT);
        Row r = rows.computeIfAbsent(key, k -> new Row(f.image(), f.parent()));
        r.span.add(f.millis());
        if (f.host() != null) {
            r.hosts.add(f.host());
        }
    }

    @Override
    public List<String> columns() {
        return List.of("count", "image", "parent_image", "hosts", "first_seen", "last_seen");
    }

    @Override
    public List<Map<String, Object>> rows() {
        List<Row> sorted = new ArrayList<>(rows.values());
        sorted.sort(Comparator.comparingLong((Row r) -> r.span.count).thenComparing(r -> r.image.toLowerCase(Locale.ROOT))
                .thenComparing(r -> r.parent.toLowerCase(Locale.ROOT)));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : sorted) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", r.span.count);
            m.put("image", r.image);
            m.put("parent_image", r.parent);
            m.put("hosts", List.copyOf(r.hosts));
            m.put("first_seen", r.span.firstText());
            m.put("last_seen", r.span.lastText());
            out.add(m);
        }
        return out;
    }
}
