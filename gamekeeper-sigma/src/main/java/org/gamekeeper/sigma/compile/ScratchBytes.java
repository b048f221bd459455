package org.gamekeeper.sigma.compile;

/**
 * A per-thread byte buffer for building one long String at a time (a hostile value of megabytes
 * decoded or folded): written here and copied once by the String, instead of written to a new
 * array of its size that the String then copies again. Kept between uses up to a bound, so one
 * huge value does not pin its buffer; each user holds its own, so two uses never overlap.
 */
public final class ScratchBytes {
    private final ThreadLocal<byte[][]> held = ThreadLocal.withInitial(() -> new byte[1][]);
    private final int kept;

    /** A buffer kept up to {@code kept} bytes. */
    public ScratchBytes(int kept) {
        this.kept = kept;
    }

    /** This thread's buffer, at least {@code length} long; valid until this thread's next call. */
    public byte[] get(int length) {
        byte[][] h = held.get();
        byte[] s = h[0];
        if (s == null || s.length < length) {
            s = new byte[length];
            if (length <= kept) {
                h[0] = s;
            }
        }
        return s;
    }
}
