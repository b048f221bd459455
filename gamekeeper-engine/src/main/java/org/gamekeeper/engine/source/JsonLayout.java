package org.gamekeeper.engine.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.gamekeeper.engine.mapping.FieldNames;

/**
 * Where each field name of a JSON event is found, shared by every event with the same leaves.
 * Exports repeat a few key sets over and over (one per kind of event), so the work of naming
 * (unique leaves, the {@link JsonShape}'s INTERFACES.md names, the loose forms) is done once per
 * key set, and an event is just its leaf texts in document order plus its layout.
 *
 * <p>A name resolves to a slot; a slot is one unique leaf path, whose texts are the event's
 * texts at {@link #first} (and, for a JSON array or a repeated key, at every index of
 * {@link #all}). Immutable once built; layouts are shared by the threads that evaluate events.
 */
final class JsonLayout {

    /** Slot to leaf path, in the order of first appearance. */
    final String[] names;
    /** Slot to the index of its first text. */
    final int[] first;
    /** Slot to the indexes of all its texts when it has more than one, else null. */
    final int[][] all;
    /**
     * The slots in the order their first leaf comes in the event, when that is not slot order
     * (a key set met again in another order shares the slots of the first); else null.
     */
    final int[] order;
    /**
     * Per slot, whether its texts may carry the exporter's extra escaping (Wazuh's event data,
     * see {@link JsonEvent}); null when no slot does.
     */
    final boolean[] escaped;
    private final Table exact;
    private final Table loose;

    private JsonLayout(String[] names, int[] first, int[][] all, int[] order, boolean[] escaped, Table exact, Table loose) {
        this.names = names;
        this.first = first;
        this.all = all;
        this.order = order;
        this.escaped = escaped;
        this.exact = exact;
        this.loose = loose;
    }

    /** The slot visited {@code k}-th in document order. */
    int slotAt(int k) {
        return order == null ? k : order[k];
    }

    /** The slot of {@code name} as given (a full path or an INTERFACES.md name), or -1. */
    int exactSlot(String name) {
        return exact.get(name);
    }

    /** The slot of {@code name}, or of its loose form (no spaces, any case) when the exact name is absent; or -1. */
    int slot(String name) {
        int s = exact.get(name);
        return s >= 0 ? s : loose.get(FieldNames.loose(name));
    }

    /**
     * Lays out the leaves {@code paths[0, count)}; their texts (by leaf index) are consulted
     * only for the value-dependent names (see {@link JsonShape#consultedLeaf}).
     */
    static JsonLayout of(String[] paths, IntFunction<String> texts, int count, JsonShape shape) {
        LinkedHashMap<String, Integer> fields = new LinkedHashMap<>(count * 2);
        List<String> names = new ArrayList<>(count);
        int[] leafSlot = new int[count];
        int[] counts = new int[count];
        for (int i = 0; i < count; i++) {
            Integer s = fields.get(paths[i]);
            if (s == null) {
                s = names.size();
                fields.put(paths[i], s);
                names.add(paths[i]);
            }
            leafSlot[i] = s;
            counts[s]++;
        }
        int n = names.size();
        int[] first = new int[n];
        int[][] all = new int[n][];
        int[] filled = new int[n];
        Arrays.fill(first, -1);
        for (int i = 0; i < count; i++) {
            int s = leafSlot[i];
            if (first[s] < 0) {
                first[s] = i;
            }
            if (counts[s] > 1) {
                if (all[s] == null) {
                    all[s] = new int[counts[s]];
                }
                all[s][filled[s]++] = i;
            }
        }
        String[] slotNames = names.toArray(new String[0]);
        Integer[] handles = new Integer[n];
        for (int s = 0; s < n; s++) {
            handles[s] = s;
        }
        shape.name(slotNames, handles, fields, s -> all[s] == null ? texts.apply(first[s]) : null);
        Table exact = new Table(fields.size());
        Table loose = new Table(fields.size());
        for (Map.Entry<String, Integer> e : fields.entrySet()) {
            exact.put(e.getKey(), e.getValue());
            loose.putIfAbsent(FieldNames.loose(e.getKey()), e.getValue());
        }
        boolean[] escaped = null;
        if (shape == JsonShape.WAZUH) {
            escaped = new boolean[n];
            for (int s = 0; s < n; s++) {
                escaped[s] = JsonShape.wazuhEventData(slotNames[s]);
            }
        }
        return new JsonLayout(slotNames, first, all, null, escaped, exact, loose);
    }

    /**
     * This layout's names for the same leaves in another order ({@code paths[0, count)}: the same
     * paths, each as many times), or null when they are not the same leaves. Exporters that write
     * a map's keys in random order (Go's encoding/json behind Winlogbeat, for one) give nearly
     * every event its own order; naming its key set again for each (the shape, the INTERFACES.md
     * names, the loose forms, two tables) cost more than parsing the event. Only where a leaf
     * is found is new.
     */
    JsonLayout reordered(String[] paths, int count) {
        int n = names.length;
        int[] slotOf = new int[count];
        int[] counts = new int[n];
        for (int i = 0; i < count; i++) {
            int s = exact.get(paths[i]);
            // a path another name displaced from the table is not reused: built afresh
            if (s < 0 || !names[s].equals(paths[i])) {
                return null;
            }
            slotOf[i] = s;
            counts[s]++;
        }
        for (int s = 0; s < n; s++) {
            if (counts[s] != (all[s] == null ? 1 : all[s].length)) {
                return null;
            }
        }
        int[] f = new int[n];
        int[][] a = new int[n][];
        int[] filled = new int[n];
        int[] ord = new int[n];
        boolean inSlotOrder = true;
        Arrays.fill(f, -1);
        int k = 0;
        for (int i = 0; i < count; i++) {
            int s = slotOf[i];
            if (f[s] < 0) {
                f[s] = i;
                inSlotOrder &= s == k;
                ord[k++] = s;
            }
            if (all[s] != null) {
                if (a[s] == null) {
                    a[s] = new int[all[s].length];
                }
                a[s][filled[s]++] = i;
            }
        }
        return new JsonLayout(names, f, a, inSlotOrder ? null : ord, escaped, exact, loose);
    }

    /** String to slot, open addressing; built once, then only read. */
    private static final class Table {
        private final String[] keys;
        private final int[] hashes;
        private final int[] slots;
        private final int mask;

        Table(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
            keys = new String[cap];
            hashes = new int[cap];
            slots = new int[cap];
            mask = cap - 1;
        }

        private static int spread(int h) {
            return h ^ h >>> 16;
        }

        int get(String name) {
            int h = name.hashCode();
            for (int i = spread(h) & mask; ; i = i + 1 & mask) {
                String k = keys[i];
                if (k == null) {
                    return -1;
                }
                if (hashes[i] == h && (k == name || k.equals(name))) {
                    return slots[i];
                }
            }
        }

        void put(String name, int slot) {
            int h = name.hashCode();
            for (int i = spread(h) & mask; ; i = i + 1 & mask) {
                String k = keys[i];
                if (k == null || hashes[i] == h && k.equals(name)) {
                    keys[i] = name;
                    hashes[i] = h;
                    slots[i] = slot;
                    return;
                }
            }
        }

        void putIfAbsent(String name, int slot) {
            if (get(name) < 0) {
                put(name, slot);
            }
        }
    }

    /**
     * The layouts one reader has seen, by leaf paths. Bounded: emptied when full, so endless
     * distinct key sets cost time, never memory. Not thread-safe: one per read.
     */
    static final class Cache {
        /** Key sets kept, at most; then the cache starts again. */
        static final int MAX = 4096;
        /** Leaves over all kept layouts, at most: a hostile file of huge, ever different key sets pins little. */
        static final int MAX_LEAVES = 1 << 18;
        /** A layout of more leaves than this is built for its event and not kept. */
        static final int MAX_KEPT_LEAVES = 4096;
        private static final int MAX_VARIANTS = 64;
        /**
         * Other orders of one key set kept, at most: a file whose every event has its own order
         * (random key order) would otherwise fill the cache and empty it again and again.
         */
        static final int MAX_ORDERS = 16;

        /** The layouts of one key set: one per text of the consulted leaf that names differently. */
        private static final class Entry {
            final String[] paths;
            final int hash;
            final boolean eventObject;
            final JsonShape shape;
            /** The leaf whose text can change the names, or -1. */
            final int consulted;
            final String firstVariant;
            final JsonLayout firstLayout;
            Map<String, JsonLayout> variants;
            /** Other orders of these leaves kept so far (counted on the first order's entry). */
            int orders;
            Entry next;

            Entry(String[] paths, int hash, boolean eventObject, JsonShape shape, int consulted, String firstVariant,
                  JsonLayout firstLayout) {
                this.paths = paths;
                this.hash = hash;
                this.eventObject = eventObject;
                this.shape = shape;
                this.consulted = consulted;
                this.firstVariant = firstVariant;
                this.firstLayout = firstLayout;
            }
        }

        private Entry[] table = new Entry[256];
        /** The entry of each key set's first order, by {@link #setHash}: other orders share its names. */
        private final HashMap<Long, Entry> bySet = new HashMap<>();
        private int size;
        private int leaves;

        /** The layout of the leaves {@code paths[0, count)} with these texts (by leaf index). */
        JsonLayout get(String[] paths, IntFunction<String> texts, int count, boolean eventObject) {
            int h = eventObject ? 1 : 0;
            for (int i = 0; i < count; i++) {
                h = 31 * h + paths[i].hashCode();
            }
            h ^= h >>> 16;
            for (Entry e = table[h & table.length - 1]; e != null; e = e.next) {
                if (e.hash == h && e.eventObject == eventObject && same(e.paths, paths, count)) {
                    if (e.consulted < 0) {
                        return e.firstLayout;
                    }
                    String v = variant(e.shape, texts.apply(e.consulted));
                    if (v.equals(e.firstVariant)) {
                        return e.firstLayout;
                    }
                    JsonLayout l = e.variants == null ? null : e.variants.get(v);
                    if (l == null) {
                        l = JsonLayout.of(paths, texts, count, e.shape);
                        if (e.variants == null) {
                            e.variants = new HashMap<>();
                        }
                        if (e.variants.size() < MAX_VARIANTS && leaves + count <= MAX_LEAVES) {
                            e.variants.put(v, l);
                            leaves += count;
                        }
                    }
                    return l;
                }
            }
            long set = setHash(paths, count, eventObject);
            Entry model = bySet.get(set);
            if (model != null && model.eventObject == eventObject) {
                JsonLayout l = model.firstLayout.reordered(paths, count);
                // the consulted leaf, where this order has it
                int consulted = l == null || model.consulted < 0 ? -1 : l.first[l.exactSlot(model.paths[model.consulted])];
                if (l != null && (consulted < 0 || variant(model.shape, texts.apply(consulted)).equals(model.firstVariant))) {
                    if (model.orders < MAX_ORDERS) {
                        // kept like any key set, so an order met often is found at once next time
                        model.orders++;
                        add(new Entry(Arrays.copyOf(paths, count), h, eventObject, model.shape, consulted, model.firstVariant, l), count);
                    }
                    return l;
                }
            }
            String[] unique = unique(paths, count);
            JsonShape shape = JsonShape.of(unique, eventObject);
            int consulted = consulted(shape, paths, count);
            String v = consulted < 0 ? null : variant(shape, texts.apply(consulted));
            JsonLayout layout = JsonLayout.of(paths, texts, count, shape);
            if (count > MAX_KEPT_LEAVES) {
                return layout;
            }
            Entry e = new Entry(Arrays.copyOf(paths, count), h, eventObject, shape, consulted, v, layout);
            add(e, count);
            bySet.put(set, e);
            return layout;
        }

        private void add(Entry e, int count) {
            if (size >= MAX || leaves + count > MAX_LEAVES) {
                Arrays.fill(table, null);
                bySet.clear();
                size = 0;
                leaves = 0;
            } else if (size > table.length) {
                rehash();
            }
            int i = e.hash & table.length - 1;
            e.next = table[i];
            table[i] = e;
            size++;
            leaves += count;
        }

        /** A hash of the leaves that does not depend on their order. */
        private static long setHash(String[] paths, int count, boolean eventObject) {
            long h = count * 2L + (eventObject ? 1 : 0);
            for (int i = 0; i < count; i++) {
                long x = paths[i].hashCode() * 0x9E3779B97F4A7C15L;
                h += x ^ x >>> 29;
            }
            return h;
        }

        private void rehash() {
            Entry[] old = table;
            table = new Entry[old.length * 2];
            for (Entry e : old) {
                while (e != null) {
                    Entry next = e.next;
                    int i = e.hash & table.length - 1;
                    e.next = table[i];
                    table[i] = e;
                    e = next;
                }
            }
        }

        private static boolean same(String[] a, String[] b, int count) {
            if (a.length != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                if (a[i] != b[i] && !a[i].equals(b[i])) {
                    return false;
                }
            }
            return true;
        }

        private static String[] unique(String[] paths, int count) {
            LinkedHashMap<String, Boolean> seen = new LinkedHashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                seen.putIfAbsent(paths[i], Boolean.TRUE);
            }
            return seen.keySet().toArray(new String[0]);
        }

        /** The leaf index of the shape's consulted leaf when it holds exactly one text, else -1. */
        private static int consulted(JsonShape shape, String[] paths, int count) {
            String name = shape.consultedLeaf();
            if (name == null) {
                return -1;
            }
            int at = -1;
            for (int i = 0; i < count; i++) {
                if (paths[i].equals(name)) {
                    if (at >= 0) {
                        return -1; // multi-valued: no text to consult, the names never depend on it
                    }
                    at = i;
                }
            }
            return at;
        }

        /** What of the consulted text matters to the names. */
        private static String variant(JsonShape shape, String text) {
            if (shape == JsonShape.FLAT) {
                return JsonShape.readableTime(text) ? "timed" : "";
            }
            return text;
        }
    }
}
