package org.gamekeeper.engine.summary;

import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Event;

/**
 * One summary: a fact taken from each event (on worker threads, so without shared state), added
 * up on one thread, then read as rows in a stable order.
 *
 * @param <F> the fact taken from one event
 */
public interface Stack<F> {

    /** The fact of {@code e}, or null when the event does not count here. Thread-safe. */
    F fact(Event e);

    /** Adds one fact; called on one thread only. */
    void add(F fact);

    /** The column names, in order. */
    List<String> columns();

    /** The rows, each mapping every column to a String, a Long or a List of Strings; stable order. */
    List<Map<String, Object>> rows();

    /** The summary of that name: logons, hosts, processes or events; null for another name. */
    static Stack<?> named(String name) {
        return switch (name) {
            case "logons" -> new LogonStack();
            case "hosts" -> new HostStack();
            case "processes" -> new ProcessStack();
            case "events" -> new EventStack();
            default -> null;
        };
    }

    /** The names {@link #named} knows. */
    List<String> NAMES = List.of("logons", "hosts", "processes", "events");
}
