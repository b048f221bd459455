package org.gamekeeper.sigma;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * All the Sigma engine knows of an event: its fields by name and its time. Sources adapt their
 * events to this; field names here are the event's own names (the caller's mapping has already
 * translated Sigma field names when the rule was compiled).
 */
public interface SigmaEvent {

    /** Text of the named field, or null when the event has no such field. Multi-valued: the first value. */
    String field(String name);

    /** Every value of the named field (e.g. the unnamed {@code Data} list); empty when absent. */
    default List<String> fieldValues(String name) {
        String v = field(name);
        return v == null ? List.of() : List.of(v);
    }

    /** Every field name and value of the event, for keyword (field-less) searches. */
    void forEachField(BiConsumer<String, String> sink);

    /** Event time in epoch milliseconds, or {@link Long#MIN_VALUE} when unknown. */
    long timestampMillis();
}
