package org.gamekeeper.engine.baseline;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of behaviours per host and overall, with first and last seen: what a baseline holds,
 * in memory. Filled from events while learning or hunting, or from a {@link BaselineFile}.
 * Bounded: past {@link #maxEntries} distinct behaviours per host, new ones are counted as
 * dropped instead of stored. Not thread-safe; one stage owns it.
 */
public final class Tallies {
    /** Default bound on distinct (facet, host, behaviour) entries: about 0.5 GB at worst. */
    public static final int DEFAULT_MAX_ENTRIES = 2_000_000;

    /** Count and times of one behaviour on one host (or overall, then with its host count). */
    public static final class Tally {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int hosts;

        void add(long n, long firstMillis, long lastMillis) {
            count += n;
            if (firstMillis != Long.MIN_VALUE && firstMillis < first) {
                first = firstMillis;
            }
            if (lastMillis != Long.MIN_VALUE && lastMillis > last) {
                last = lastMillis;
            }
        }

        public long count() {
            return count;
        }

        /** Epoch milliseconds, or {@link Long#MIN_VALUE} when no event had a time. */
        public long first() {
            return first == Long.MAX_VALUE ? Long.MIN_VALUE : first;
        }

        public long last() {
            return last;
        }

        /** On how many hosts (overall tallies only). */
        public int hosts() {
            return hosts;
        }
    }

    /** Receives every per-host entry. */
    public interface Visitor {
        void entry(Facet facet, String host, String key, Tally tally);
    }

    private final int maxEntries;
    private final Map<Key, Tally> byHost = new HashMap<>();
    private final Map<Key, Tally> overall = new HashMap<>();
    private final Map<String, Tally> hosts = new HashMap<>();
    private final Tally all = new Tally();
    private long dropped;

    private record Key(Facet facet, String host, String key) { }

    public Tallies() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public Tallies(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** Counts one event of {@code host} at {@code millis} (for the span and the host list). */
    public void event(String host, long millis) {
        hosts.computeIfAbsent(host, h -> new Tally()).add(1, millis, millis);
        all.add(1, millis, millis);
    }

    /** Counts one observation made at {@code millis}; its overall tally (null when never stored: the bound). */
    public Tally add(Observation o, long millis) {
        return add(o.facet(), o.host(), o.key(), 1, millis, millis);
    }

    /** Adds {@code count} sightings of a behaviour (from a baseline file, or a merge); its overall tally, or null. */
    public Tally add(Facet facet, String host, String key, long count, long firstMillis, long lastMillis) {
        Key k = new Key(facet, host, key);
        Tally t = byHost.get(k);
        Key all = new Key(facet, null, key);
        if (t == null) {
            if (byHost.size() >= maxEntries) {
                dropped += count;
                return overall.get(all);
            }
            t = new Tally();
            byHost.put(k, t);
            Tally o = overall.computeIfAbsent(all, x -> new Tally());
            o.hosts++;
        }
        t.add(count, firstMillis, lastMillis);
        Tally o = overall.get(all);
        o.add(count, firstMillis, lastMillis);
        return o;
    }

    /** Adds a host's event count and span (from a baseline file). */
    public void host(String host, long events, long firstMillis, long lastMillis) {
        hosts.computeIfAbsent(host, h -> new Tally()).add(events, firstMillis, lastMillis);
        all.add(events, firstMillis, lastMillis);
    }

    /** The behaviour on one host, or null when never seen there. */
    public Tally on(Facet facet, String host, String key) {
        return byHost.get(new Key(facet, host, key));
    }

    /** The behaviour over all hosts, or null when never seen. */
    public Tally overall(Facet facet, String key) {
        return overall.get(new Key(facet, null, key));
    }

    /** How many hosts had any event. */
    public int hostCount() {
        return hosts.size();
    }

    /** Every host with its event count and span. */
    public Map<String, Tally> hosts() {
        return Collections.unmodifiableMap(hosts);
    }

    /** All events together: count and span. */
    public Tally span() {
        return all;
    }

    /** Distinct (facet, host, behaviour) entries held. */
    public int size() {
        return byHost.size();
    }

    /** Sightings not stored because the bound was reached. */
    public long dropped() {
        return dropped;
    }

    /** Visits each per-host entry (no order). */
    public void forEach(Visitor v) {
        byHost.forEach((k, t) -> v.entry(k.facet(), k.host(), k.key(), t));
    }
}
