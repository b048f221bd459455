package org.gamekeeper.engine.source;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.ValueSink;
import org.gamekeeper.engine.mapping.DerivedFields;
import org.gamekeeper.engine.mapping.FieldNames;
import org.gamekeeper.evtx.read.EventRecord;

/**
 * An EVTX record seen as an engine {@link Event}; every lookup goes straight to the lazy record,
 * except the record's identity (EventID, record id, time, channel, computer, provider), which the
 * index, the alerts of each matching rule, the rarity stage and correlations each ask for: read
 * once, on first use (each is a walk of the record's templates, and the texts are decoded anew).
 * A value is published whole (an immutable object or one atomic write), so a race between
 * threads computes it twice at worst.
 */
public final class EvtxEvent implements Event {
    /** Not read yet (compared by identity; a field's text is never this object). */
    private static final String UNREAD = new String("unread");
    /** Read, and absent. */
    private static final String ABSENT = new String("absent");
    private static final int UNREAD_ID = Integer.MIN_VALUE;
    private static final long UNREAD_NUMBER = Long.MIN_VALUE + 1;

    private final EventRecord record;
    private DerivedFields.Memo derived;
    private String channel = UNREAD;
    private String computer = UNREAD;
    private String provider = UNREAD;
    private int eventId = UNREAD_ID;
    private volatile long recordId = UNREAD_NUMBER; // volatile: a long is written whole only so (JLS 17.7)
    private volatile long timestamp = UNREAD_NUMBER;

    public EvtxEvent(EventRecord record) {
        this.record = record;
    }

    /** The underlying record, for renderers that want the evtx_dump shape. */
    public EventRecord record() {
        return record;
    }

    /**
     * Values as rules see them: without surrounding white space. Windows stores some values with
     * a trailing space ({@code "NtLmSsp "} in 4624, command lines ending in a space), and the
     * Sigma ecosystem (SigmaHQ's regression data, tools built on evtx_dump) matches the trimmed
     * value; {@link #record()} and {@code dump} keep the exact bytes.
     */
    @Override
    public String field(String name) {
        if (DerivedFields.isDerived(name)) {
            return derived(name);
        }
        String v = record.field(name, FieldNames.LOOSE_FOLDING);
        return v == null ? null : v.strip();
    }

    @Override
    public String[] fields(String[] names) {
        for (String n : names) {
            if (DerivedFields.isDerived(n)) {
                return Event.super.fields(names);
            }
        }
        String[] out = record.fields(names, FieldNames.LOOSE_FOLDING);
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null) {
                out[i] = out[i].strip();
            }
        }
        return out;
    }

    @Override
    public List<String> fieldValues(String name) {
        if (DerivedFields.isDerived(name)) {
            String v = derived(name);
            return v == null ? List.of() : List.of(v);
        }
        List<String> values = record.fieldValues(name, FieldNames.LOOSE_FOLDING);
        for (String v : values) {
            if (v.length() != v.strip().length()) {
                return values.stream().map(String::strip).toList();
            }
        }
        return values;
    }

    @Override
    public boolean anyValue(String name, Predicate<String> test) {
        if (DerivedFields.isDerived(name)) {
            String v = derived(name);
            return v != null && test.test(v);
        }
        return record.anyValue(name, test, true, FieldNames.LOOSE_FOLDING);
    }

    private String derived(String name) {
        if (derived == null) {
            derived = new DerivedFields.Memo();
        }
        return derived.get(name, this);
    }

    /** String values as their UTF-16LE bytes; other values as text, left out when the sink looks for text only. */
    @Override
    public void forEachValue(ValueSink sink) {
        record.forEachText(new EventRecord.TextSink() {
            @Override
            public void utf16(byte[] data, int off, int chars) {
                sink.utf16(data, off, chars);
            }

            @Override
            public void text(String value) {
                sink.text(value);
            }

            @Override
            public boolean nonText() {
                return sink.nonText();
            }
        });
    }

    @Override
    public void forEachField(BiConsumer<String, String> sink) {
        record.forEachField(sink);
    }

    @Override
    public long timestampMillis() {
        if (timestamp == UNREAD_NUMBER) {
            timestamp = record.timestampMillis();
        }
        return timestamp;
    }

    @Override
    public String channel() {
        if (channel == UNREAD) {
            channel = read("Channel");
        }
        return shown(channel);
    }

    @Override
    public String computer() {
        if (computer == UNREAD) {
            computer = read("Computer");
        }
        return shown(computer);
    }

    @Override
    public String provider() {
        if (provider == UNREAD) {
            provider = read("Provider_Name");
        }
        return shown(provider);
    }

    /** A field's text to remember: {@link #ABSENT} for none. */
    private String read(String name) {
        String v = field(name);
        return v == null ? ABSENT : v;
    }

    /** A remembered text as the event gives it. */
    private static String shown(String remembered) {
        return remembered == ABSENT ? null : remembered;
    }

    @Override
    public String file() {
        return record.file();
    }

    @Override
    public long recordId() {
        if (recordId == UNREAD_NUMBER) {
            recordId = record.eventRecordId();
        }
        return recordId;
    }

    @Override
    public long line() {
        return -1;
    }

    @Override
    public long offset() {
        return record.offset();
    }

    @Override
    public int eventId() {
        if (eventId == UNREAD_ID) {
            eventId = record.eventId();
        }
        return eventId;
    }

    @Override
    public String toString() {
        return record.toString();
    }
}
