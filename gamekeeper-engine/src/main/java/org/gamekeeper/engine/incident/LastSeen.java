package org.gamekeeper.engine.incident;

import java.util.function.IntPredicate;

/**
 * The last alert (its position in time order) seen with each key on one host: an open-addressing
 * table of keys and int positions, about 12 bytes an entry where a {@code HashMap<String, Integer>}
 * takes about 50. Keys whose link has a time window are dropped once the window has passed
 * ({@link #retain}, when {@link #crowded}), so such a table holds only what can still join.
 */
final class LastSeen {
    private static final int SMALLEST = 4;
    private String[] keys = new String[SMALLEST];
    private int[] values = new int[SMALLEST];
    private int size;
    /** The size at which the owner should drop what has passed: twice what was left last time. */
    private int crowd = 2 * SMALLEST;

    /** The position last put with {@code key}, or -1. */
    int get(String key) {
        int mask = keys.length - 1;
        for (int s = spread(key.hashCode()) & mask; ; s = (s + 1) & mask) {
            String k = keys[s];
            if (k == null) {
                return -1;
            }
            if (k.equals(key)) {
                return values[s];
            }
        }
    }

    void put(String key, int value) {
        int mask = keys.length - 1;
        for (int s = spread(key.hashCode()) & mask; ; s = (s + 1) & mask) {
            String k = keys[s];
            if (k == null) {
                keys[s] = key;
                values[s] = value;
                if (++size * 2 > keys.length) {
                    resize(keys.length * 2, null);
                }
                return;
            }
            if (k.equals(key)) {
                values[s] = value;
                return;
            }
        }
    }

    int size() {
        return size;
    }

    /** Whether the table has doubled since it last dropped what had passed (amortised O(1) clean-up). */
    boolean crowded() {
        return size >= crowd;
    }

    /** Keeps only the entries whose position {@code keep} accepts. */
    void retain(IntPredicate keep) {
        int capacity = SMALLEST;
        int live = 0;
        for (int s = 0; s < keys.length; s++) {
            if (keys[s] != null && keep.test(values[s])) {
                live++;
            }
        }
        while (live * 2 > capacity) {
            capacity *= 2;
        }
        resize(capacity, keep);
        crowd = Math.max(2 * SMALLEST, 2 * size);
    }

    private void resize(int capacity, IntPredicate keep) {
        String[] oldKeys = keys;
        int[] oldValues = values;
        keys = new String[capacity];
        values = new int[capacity];
        size = 0;
        int mask = capacity - 1;
        for (int o = 0; o < oldKeys.length; o++) {
            String k = oldKeys[o];
            if (k != null && (keep == null || keep.test(oldValues[o]))) {
                int s = spread(k.hashCode()) & mask;
                while (keys[s] != null) {
                    s = (s + 1) & mask;
                }
                keys[s] = k;
                values[s] = oldValues[o];
                size++;
            }
        }
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B1; // low bits from all of the hash, as the mask keeps only those
        return x ^ (x >>> 16);
    }
}
