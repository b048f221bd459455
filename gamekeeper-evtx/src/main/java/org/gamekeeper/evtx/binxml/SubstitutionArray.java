package org.gamekeeper.evtx.binxml;

/**
 * The values of one template instance: where each lies in the chunk, its size and its type.
 * Nothing is decoded until asked for; nested Binary XML values are parsed with the record.
 * Public for the renderers: internal to the library (the arrays are read, never written, outside it).
 */
public final class SubstitutionArray {
    static final SubstitutionArray EMPTY = new SubstitutionArray(null, new int[0], new int[0], new byte[0]);

    public final byte[] data;
    public final int[] offsets;
    public final int[] sizes;
    public final byte[] types;
    private Fragment[] nested;

    SubstitutionArray(byte[] data, int[] offsets, int[] sizes, byte[] types) {
        this.data = data;
        this.offsets = offsets;
        this.sizes = sizes;
        this.types = types;
    }

    public int type(int i) {
        return types[i] & 0xff;
    }

    /** True when value {@code i} is absent or NULL (an optional substitution then leaves its attribute out). */
    public boolean isNull(int i) {
        return i >= types.length || (types[i] & 0xff) == 0;
    }

    void setNested(int i, Fragment f) {
        if (nested == null) {
            nested = new Fragment[types.length];
        }
        nested[i] = f;
    }

    /** The parsed Binary XML of value {@code i}; null when there is none, also for an index past the values (damage). */
    public Fragment nestedOrNull(int i) {
        return nested == null || i < 0 || i >= nested.length ? null : nested[i];
    }
}
