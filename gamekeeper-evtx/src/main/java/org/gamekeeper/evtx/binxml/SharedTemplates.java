package org.gamekeeper.evtx.binxml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Template definitions shared across chunks and files. Every chunk stores its templates again,
 * so a log of thousands of chunks holds the same few dozen definitions thousands of times;
 * parsing each once saves the parse, and lets what is worked out per template (field plans,
 * JSON plans) be worked out once.
 *
 * <p>Sharing is by content, never by offset: a definition is reused only when its GUID, its
 * size and its bytes are those of the cached one, where the only bytes allowed to differ are
 * those the parser never reads as content: name offsets and the next-name links inside inline
 * names. A name offset into the definition must be the same relative to its start; one to a
 * name elsewhere in the chunk (chunks keep each name once, so templates refer to each other's)
 * must lead to the same name text. A definition that holds a template instance refers to the
 * rest of its chunk in ways not checked here and is never shared. Bounded: a few variants per
 * GUID, and a cap on entries and bytes beyond which the cache starts over.
 */
final class SharedTemplates {
    static final int MAX_ENTRIES = 4096;
    static final long MAX_BYTES = 32L << 20;
    private static final int MAX_VARIANTS = 4;
    /** Marks of {@link Layout#mask}: compared byte for byte, part of a name offset, or not read. */
    static final byte EXACT = 0;
    static final byte OFFSET = 1;
    static final byte UNREAD = 2;
    /** Marks a name offset to a name outside the definition: compared by the name's text. */
    static final byte OUTSIDE = 3;

    private static final ConcurrentHashMap<Key, Entry[]> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong BYTES = new AtomicLong();

    private SharedTemplates() {
    }

    private record Key(long guidLow, long guidHigh, int size) { }

    /** A cached definition: its bytes, how to compare them, and the names the parser would cache. */
    private static final class Entry {
        final byte[] bytes;
        /** Runs of the definition: [from, to, kind] with kind EXACT, OFFSET (one 4-byte field) or UNREAD. */
        final int[] runs;
        /** For each OFFSET run in order: the name offset relative to the definition's start. */
        final int[] relative;
        /** For each OUTSIDE run in order: the name's text, and the same as UTF-16LE. */
        final String[] outside;
        final byte[][] outsideUtf16;
        final int[] nameOffsets;
        final String[] names;
        final Template template;

        Entry(byte[] bytes, int[] runs, int[] relative, String[] outside, int[] nameOffsets, String[] names, Template template) {
            this.bytes = bytes;
            this.runs = runs;
            this.relative = relative;
            this.outside = outside;
            this.outsideUtf16 = new byte[outside.length][];
            for (int i = 0; i < outside.length; i++) {
                outsideUtf16[i] = outside[i].getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
            }
            this.nameOffsets = nameOffsets;
            this.names = names;
            this.template = template;
        }

        boolean matches(byte[] b, int start) {
            int k = 0;
            int o = 0;
            int end = start + bytes.length;
            for (int i = 0; i < runs.length; i += 3) {
                int from = runs[i];
                int to = runs[i + 1];
                switch (runs[i + 2]) {
                    case EXACT:
                        if (!Arrays.equals(b, start + from, start + to, bytes, from, to)) {
                            return false;
                        }
                        break;
                    case OFFSET:
                        if (Bytes.i32(b, start + from) - start != relative[k++]) {
                            return false;
                        }
                        break;
                    case OUTSIDE:
                        if (!nameIs(b, Bytes.i32(b, start + from), start, end, outsideUtf16[o++])) {
                            return false;
                        }
                        break;
                    default:
                        break;
                }
            }
            return true;
        }
    }

    /**
     * What the parser found while reading one definition: where name offsets are and which
     * names they name. The definition is shareable when every name lies inside it and no byte
     * that is compared loosely (an offset, an unread link) is also read as a name's text.
     */
    static final class Layout {
        final int start;
        final int end;
        private int[] fields = new int[8];
        private int[] nameOffsets = new int[8];
        private boolean[] inline = new boolean[8];
        private String[] names = new String[8];
        private int count;
        private boolean shareable = true;
        private byte[] mask;

        Layout(int start, int end) {
            this.start = start;
            this.end = end;
        }

        /** The definition refers outside itself (a template instance inside it, say). */
        void notShareable() {
            shareable = false;
        }

        /** The offset field at {@code fieldPos} named {@code name} at {@code nameOffset}, stored inline or not. */
        void name(int fieldPos, int nameOffset, boolean isInline, String name) {
            boolean out = nameOffset < start || nameOffset >= end;
            if (fieldPos < start || fieldPos + 4 > end || !out && (long) nameOffset + 10 + 2L * name.length() > end) {
                shareable = false;
                return;
            }
            if (count == fields.length) {
                fields = Arrays.copyOf(fields, count * 2);
                nameOffsets = Arrays.copyOf(nameOffsets, count * 2);
                inline = Arrays.copyOf(inline, count * 2);
                names = Arrays.copyOf(names, count * 2);
            }
            fields[count] = fieldPos - start;
            nameOffsets[count] = out ? -1 : nameOffset - start;
            inline[count] = isInline;
            names[count] = name;
            count++;
        }

        /** Marks each byte EXACT, OFFSET or UNREAD; false when the marks conflict (then nothing is shared). */
        boolean finish() {
            if (!shareable) {
                return false;
            }
            mask = new byte[end - start];
            for (int i = 0; i < count; i++) {
                if (!mark(fields[i], nameOffsets[i] < 0 ? OUTSIDE : OFFSET)) {
                    return false;
                }
            }
            for (int i = 0; i < count; i++) {
                // The first four bytes of a name link it to the next in its hash bucket: never read.
                if (inline[i] && !mark(nameOffsets[i], UNREAD)) {
                    return false;
                }
            }
            for (int i = 0; i < count; i++) {
                if (nameOffsets[i] < 0) {
                    continue;
                }
                int from = nameOffsets[i] + 4;
                int to = nameOffsets[i] + 10 + 2 * names[i].length();
                for (int k = from; k < to; k++) {
                    if (mask[k] != EXACT) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean mark(int at, byte kind) {
            for (int i = at; i < at + 4; i++) {
                if (mask[i] != EXACT) {
                    return false;
                }
                mask[i] = kind;
            }
            return true;
        }
    }

    /** True when the name at {@code at}, outside [start, end), reads as {@code name} (the parser's bounds apply). */
    private static boolean nameIs(byte[] b, int at, int start, int end, byte[] name) {
        if (at >= start && at < end || at < 0 || (long) at + 8 > b.length) {
            return false;
        }
        int chars = Bytes.u16(b, at + 6);
        if (2 * chars != name.length || (long) at + 8 + 2L * chars > b.length) {
            return false;
        }
        return Arrays.equals(b, at + 8, at + 8 + 2 * chars, name, 0, name.length);
    }

    /** The shared template for the definition at {@code defOffset}, or null; registers its names in {@code nameCache}. */
    static Template find(byte[] b, int defOffset, int size, BinXmlParser.NameTable nameCache) {
        Entry[] variants = CACHE.get(key(b, defOffset, size));
        if (variants == null) {
            return null;
        }
        int start = defOffset + 24;
        for (Entry e : variants) {
            if (e.matches(b, start)) {
                // The names the parser would have cached, so later reads in this chunk go as they would have.
                for (int i = 0; i < e.nameOffsets.length; i++) {
                    nameCache.putIfAbsent(start + e.nameOffsets[i], e.names[i]);
                }
                int o = 0;
                for (int i = 0; i < e.runs.length; i += 3) {
                    if (e.runs[i + 2] == OUTSIDE) {
                        nameCache.putIfAbsent(Bytes.i32(b, start + e.runs[i]), e.outside[o++]);
                    }
                }
                return e.template;
            }
        }
        return null;
    }

    /** Offers a freshly parsed definition for sharing. */
    static void offer(byte[] b, int defOffset, Layout layout, Template template) {
        if (!layout.finish()) {
            return;
        }
        int size = layout.end - layout.start;
        Key key = key(b, defOffset, size);
        byte[] bytes = Arrays.copyOfRange(b, layout.start, layout.end);
        int[] runs = new int[3 * 16];
        int nRuns = 0;
        int[] relative = new int[8];
        int nRel = 0;
        List<String> outside = new ArrayList<>();
        List<Integer> insideNames = new ArrayList<>();
        Map<Integer, String> outsideAt = new HashMap<>();
        for (int i = 0; i < layout.count; i++) {
            if (layout.nameOffsets[i] < 0) {
                outsideAt.put(layout.fields[i], layout.names[i]);
            } else {
                insideNames.add(i);
            }
        }
        byte[] mask = layout.mask;
        for (int i = 0; i < mask.length; ) {
            int kind = mask[i];
            int j = i + 1;
            if (kind == OFFSET || kind == OUTSIDE) {
                // One run per field, so each compares as one number (or one name).
                j = i + 4;
                if (kind == OFFSET) {
                    if (nRel == relative.length) {
                        relative = Arrays.copyOf(relative, nRel * 2);
                    }
                    relative[nRel++] = Bytes.i32(b, layout.start + i) - layout.start;
                } else {
                    outside.add(outsideAt.get(i));
                }
            } else {
                while (j < mask.length && mask[j] == kind) {
                    j++;
                }
            }
            if (nRuns + 3 > runs.length) {
                runs = Arrays.copyOf(runs, runs.length * 2);
            }
            runs[nRuns++] = i;
            runs[nRuns++] = j;
            runs[nRuns++] = kind;
            i = j;
        }
        int[] nameOffsets = new int[insideNames.size()];
        String[] names = new String[insideNames.size()];
        for (int i = 0; i < nameOffsets.length; i++) {
            nameOffsets[i] = layout.nameOffsets[insideNames.get(i)];
            names[i] = layout.names[insideNames.get(i)];
        }
        Entry entry = new Entry(bytes, Arrays.copyOf(runs, nRuns), Arrays.copyOf(relative, nRel),
                outside.toArray(new String[0]), nameOffsets, names, template);
        if (CACHE.size() >= MAX_ENTRIES || BYTES.get() + size > MAX_BYTES) {
            CACHE.clear();
            BYTES.set(0);
        }
        boolean[] added = {false};
        CACHE.compute(key, (k, old) -> {
            if (old == null) {
                added[0] = true;
                return new Entry[] {entry};
            }
            if (old.length >= MAX_VARIANTS) {
                return old;
            }
            for (Entry e : old) {
                if (e.matches(b, layout.start)) {
                    return old; // another thread offered the same definition first
                }
            }
            Entry[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = entry;
            added[0] = true;
            return grown;
        });
        if (added[0]) {
            BYTES.addAndGet(size + 64L * (layout.count + 4));
            template.shared = true;
        }
    }

    /**
     * Counts bytes kept for shared templates elsewhere (their JSON plans) against the bound; past
     * it the cache starts over, and templates dropped from it live only as long as their chunks.
     */
    static void charge(long bytes) {
        if (BYTES.addAndGet(bytes) > MAX_BYTES) {
            CACHE.clear();
            BYTES.set(0);
        }
    }

    private static Key key(byte[] b, int defOffset, int size) {
        return new Key(Bytes.i64(b, defOffset + 4), Bytes.i64(b, defOffset + 12), size);
    }

    /** Empties the cache (tests). */
    static void clear() {
        CACHE.clear();
        BYTES.set(0);
    }

    static int size() {
        return CACHE.size();
    }
}
