package org.gamekeeper.evtx.read;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.gamekeeper.evtx.binxml.EventFields;
import org.gamekeeper.evtx.binxml.Fragment;
import org.gamekeeper.evtx.binxml.NameFolding;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.evtx.render.JsonRenderer;
import org.gamekeeper.evtx.render.XmlRenderer;

/**
 * One event record. Field values are decoded on first request and cached; nothing is rendered
 * unless asked. A record stays valid after its chunk has been read (it holds the chunk bytes).
 */
public final class EventRecord {
    private final String file;
    private final int chunkIndex;
    private final long offset;
    private final long recordNumber;
    private final long writtenTicks;
    private final Fragment fragment;
    private final boolean recovered;
    /** The event's fields, looked up on first request. */
    private EventFields fields;

    EventRecord(String file, int chunkIndex, long offset, long recordNumber, long writtenTicks, Fragment fragment,
           boolean recovered) {
        this.file = file;
        this.chunkIndex = chunkIndex;
        this.offset = offset;
        this.recordNumber = recordNumber;
        this.writtenTicks = writtenTicks;
        this.fragment = fragment;
        this.recovered = recovered;
    }

    Fragment fragment() {
        return fragment;
    }

    /** The file as the caller named it. */
    public String file() {
        return file;
    }

    /** Index of the chunk in the file (0-based), or -1 for a record carved outside any chunk. */
    public int chunkIndex() {
        return chunkIndex;
    }

    /** Absolute byte offset of the record in the file. */
    public long offset() {
        return offset;
    }

    /** The record header's number (filtered exports renumber it; prefer {@link #eventRecordId()}). */
    public long recordNumber() {
        return recordNumber;
    }

    /** When the record was written, from the record header. */
    public Instant writtenTime() {
        return ValueFormat.fileTimeInstant(writtenTicks);
    }

    /** True for a record recovered from slack space rather than the chunk's live records. */
    public boolean recovered() {
        return recovered;
    }

    /** {@code <EventRecordID>} from the event, falling back to the header's number. */
    public long eventRecordId() {
        return fields().eventRecordId(recordNumber);
    }

    /** {@code <EventID>}, or -1. */
    public int eventId() {
        return fields().eventId();
    }

    /** Event time (System/TimeCreated) in epoch milliseconds, else the written time. */
    public long timestampMillis() {
        return fields().timestampMillis(writtenTicks);
    }

    private EventFields fields() {
        EventFields f = fields;
        if (f == null) {
            f = new EventFields(fragment);
            fields = f;
        }
        return f;
    }

    /** The value of a field (names as in INTERFACES.md), or null when the event has none. */
    public String field(String name) {
        return fields().field(name, null);
    }

    /** {@link #field(String, NameFolding)} of each of {@code names}, looked up once per template for a list asked again (pass the same array). */
    public String[] fields(String[] names, NameFolding fold) {
        return fields().fields(names, fold);
    }

    /** As {@link #field(String)}; with {@code fold}, a field the event spells otherwise is found too. */
    public String field(String name, NameFolding fold) {
        return fields().field(name, fold);
    }

    /**
     * True when some value of the field passes {@code test}: the values {@link #fieldValues}
     * would list first (those of the winning tier), without building a list. With {@code strip}
     * the values are tested without surrounding white space (as detection rules expect them).
     */
    public boolean anyValue(String name, Predicate<String> test, boolean strip) {
        return fields().anyValue(name, test, strip, null);
    }

    /** As {@link #anyValue(String, Predicate, boolean)}; with {@code fold}, a field the event spells otherwise is found too. */
    public boolean anyValue(String name, Predicate<String> test, boolean strip, NameFolding fold) {
        return fields().anyValue(name, test, strip, fold);
    }

    /** Every value of a field: several unnamed {@code Data}, array values; empty when absent. */
    public List<String> fieldValues(String name) {
        return fields().fieldValues(name, null);
    }

    /** As {@link #fieldValues(String)}; with {@code fold}, a field the event spells otherwise is found too. */
    public List<String> fieldValues(String name, NameFolding fold) {
        return fields().fieldValues(name, fold);
    }

    /**
     * Receives each value of an event as text: UTF-16LE bytes where stored so, else a String
     * (its methods are {@link EventFields.TextSink}'s).
     */
    public interface TextSink extends EventFields.TextSink {
    }

    /**
     * Every value of the event as text, string values straight from the record's bytes: for a
     * search through all values (keyword rules) that need not build a String per value.
     */
    public void forEachText(TextSink sink) {
        fields().forEachText(sink);
    }

    /** Every field once, by its short name, with each of its values. */
    public void forEachField(BiConsumer<String, String> sink) {
        fields().forEachField(sink);
    }

    /**
     * True when the record looks like a real event (see {@link EventFields#plausible()}): tells
     * carved records from slack that merely happens to hold a record signature.
     */
    boolean plausible() {
        return fields().plausible();
    }

    /** Renders the event as evtx_dump JSON: {@code {"Event":{...}}}. */
    public void writeJson(JsonOut out) {
        JsonRenderer.render(fragment, out);
    }

    /** Renders the event XML as Windows does, on one line. */
    public void writeXml(JsonOut out) {
        XmlRenderer.render(fragment, out);
    }

    /** The event as the intermediate XML tree with typed values. */
    public XmlNode.Element toElement() {
        return fragment.toElement();
    }

    public String toJson() {
        JsonOut out = new JsonOut(1024);
        writeJson(out);
        return out.toString();
    }

    public String toXml() {
        JsonOut out = new JsonOut(1024);
        writeXml(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return file + "@" + offset + " record " + recordNumber;
    }
}
