package org.gamekeeper.engine;

import org.gamekeeper.sigma.SigmaEvent;

/**
 * One event from any source, as the rest of the engine sees it. Field names are those of
 * INTERFACES.md ("Events: field names"). Implementations decode lazily: asking for one field
 * must not render the whole event.
 */
public interface Event extends SigmaEvent {

    /** The evidence file as the user gave it. */
    String file();

    /** EventRecordID, or -1 for sources without one. */
    long recordId();

    /** 1-based line in a text source, or -1. */
    long line();

    /** Byte offset of the record in its file, or -1. */
    long offset();

    /** EventID, or -1 when absent. */
    int eventId();

    /** Host name ({@code Computer}), or null. */
    default String computer() {
        return field("Computer");
    }

    /** Channel, or null. */
    default String channel() {
        return field("Channel");
    }

    /** Provider name, or null. */
    default String provider() {
        return field("Provider_Name");
    }

    /**
     * Every value of the event, each once, in one of the forms of {@link ValueSink}: what a search
     * over all values reads. By default each field's text.
     */
    default void forEachValue(ValueSink sink) {
        forEachField((k, v) -> {
            if (v != null) {
                sink.text(v);
            }
        });
    }

    /**
     * The values of field {@code name} that {@link #anyValue} would test, each in one of the forms
     * of {@link ValueSink}, possibly with white space around it that the test would not see: what
     * a search for literals in one field reads (it finds in these whatever it would find in the
     * values tested). True when given; false (the default) when the source has nothing to give
     * but the texts, which the caller then tests with {@link #anyValue}.
     */
    default boolean forEachValue(String name, ValueSink sink) {
        return false;
    }

    /**
     * {@link #field} of each of {@code names}, in order (null where absent): for a list read of
     * many events, such as the fields an alert explains itself with, which a source may look up
     * once per kind of event. Pass the same array each time.
     */
    default String[] fields(String[] names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = field(names[i]);
        }
        return out;
    }

    /** {@code file#record} (or {@code file#Lline}) as used in alert event references. */
    default String ref() {
        long r = recordId();
        return r >= 0 ? file() + "#" + r : file() + "#L" + line();
    }
}
