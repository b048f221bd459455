package org.gamekeeper.engine.source;

import java.util.Arrays;
import org.gamekeeper.engine.Event;

/**
 * JSON events one value at a time, as a message queue carries them (one event per message):
 * the same strict parser, shapes and field names as {@link JsonSource}, with the parser state
 * and the layout cache kept from one value to the next. Not thread-safe: one per consumer thread.
 *
 * <p>Also the way back: {@link #text} gives the JSON text an event from {@link JsonSource} was
 * read from, so recorded exports can be replayed into a queue unchanged.
 */
public final class JsonRecords {

    /** Why a value is not an event; {@code reason} is one sentence for a dead-letter record. */
    public static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }

    private final int maxEventBytes;
    private final JsonEventParser parser = new JsonEventParser();
    private final JsonEventParser.Leaves leaves = new JsonEventParser.Leaves();
    private final JsonLayout.Cache layouts = new JsonLayout.Cache();

    /** A decoder that rejects values larger than {@code maxEventBytes}. */
    public JsonRecords(int maxEventBytes) {
        if (maxEventBytes < 2 || maxEventBytes > 1 << 30) {
            throw new IllegalArgumentException("maxEventBytes must be from 2 to 2^30: " + maxEventBytes);
        }
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * The one JSON object in {@code value} as an event labelled {@code file} and {@code line}
     * (its place in the evidence it came from; -1 when unknown).
     *
     * @throws Rejected when the value is too large, is not one JSON object, or has none of the
     *                  fields that make it a Windows event (EventID, Channel, provider)
     */
    public Event decode(byte[] value, String file, long line) throws Rejected {
        if (value == null || value.length == 0) {
            throw new Rejected("empty record");
        }
        if (value.length > maxEventBytes) {
            throw new Rejected("oversized: " + value.length + " bytes, more than " + maxEventBytes);
        }
        boolean eventObject;
        try {
            eventObject = parser.parse(value, 0, value.length, leaves);
        } catch (JsonEventParser.Fault f) {
            leaves.clear();
            throw new Rejected("not JSON: " + f.getMessage() + " at byte " + (f.at + 1));
        }
        for (int i = parser.parsedEnd(); i < value.length; i++) {
            byte b = value[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                leaves.clear();
                throw new Rejected("not one JSON object: more bytes after its end at byte " + (i + 1));
            }
        }
        int n = leaves.count;
        String[] texts = Arrays.copyOf(leaves.texts, n);
        long[] spans = leaves.spanCount > 0 ? Arrays.copyOf(leaves.spans, n) : null;
        byte[] own = spans != null ? Arrays.copyOfRange(value, parser.origin(), parser.parsedEnd()) : null;
        JsonLayout layout = layouts.get(leaves.paths, i -> JsonEvent.leaf(texts, spans, own, i), n, eventObject);
        leaves.clear();
        JsonEvent e = new JsonEvent(file, line, -1, layout, texts, spans, own, null);
        if (e.eventId() < 0 && e.channel() == null && e.provider() == null) {
            throw new Rejected("unknown shape: no EventID, Channel or provider (evtx_dump, Winlogbeat/ECS, Wazuh or flat export expected)");
        }
        return e;
    }

    /**
     * The JSON text {@code e} was read from, when it is an event of {@link JsonSource} whose
     * text it keeps (any event with a string value); else null.
     */
    public static byte[] text(Event e) {
        return e instanceof JsonEvent j ? j.text() : null;
    }
}
