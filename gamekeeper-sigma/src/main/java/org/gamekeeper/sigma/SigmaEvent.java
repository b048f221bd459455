package org.gamekeeper.sigma;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

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

    /**
     * True when some value of the named field passes {@code test}. The matchers call this on the
     * hot path with themselves as the test; sources should override it to avoid the list the
     * default builds for multi-valued fields.
     */
    default boolean anyValue(String name, Predicate<String> test) {
        String first = field(name);
        if (first == null) {
            return false;
        }
        if (test.test(first)) {
            return true;
        }
        List<String> all = fieldValues(name);
        for (int i = 1; i < all.size(); i++) {
            if (test.test(all.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** True when some value of some field passes {@code test} (keyword searches); sources may override. */
    default boolean anyFieldValue(Predicate<String> test) {
        boolean[] found = new boolean[1];
        forEachField((k, v) -> {
            if (!found[0] && v != null && test.test(v)) {
                found[0] = true;
            }
        });
        return found[0];
    }

    /** Event time in epoch milliseconds, or {@link Long#MIN_VALUE} when unknown. */
    long timestampMillis();
}
