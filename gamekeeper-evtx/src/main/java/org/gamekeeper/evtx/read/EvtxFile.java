package org.gamekeeper.evtx.read;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open EVTX file. Chunks are read independently with positional reads, so several threads
 * may read chunks of one file at once; memory per chunk is its 64 KiB. Every chunk slot the
 * file holds is read, including those beyond the header's chunk count (files not closed
 * cleanly), and a truncated last chunk is read as far as it goes.
 */
public final class EvtxFile implements Closeable {
    private final String name;
    private final FileChannel channel;
    private final long size;
    private final FileHeader header;
    private final List<Damage> headerDamage;

    private EvtxFile(String name, FileChannel channel, long size, FileHeader header, List<Damage> headerDamage) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        this.header = header;
        this.headerDamage = headerDamage;
    }

    /**
     * Opens a file. {@code name} is how reports name it (the path as the user gave it).
     *
     * @throws IOException when it cannot be read, or does not start with the EVTX signature
     */
    public static EvtxFile open(Path path, String name) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            byte[] head = new byte[FileHeader.SIZE];
            int n = readFully(ch, head, 0);
            if (n < 8 || !FileHeader.hasMagic(head)) {
                throw new IOException(name + ": not an EVTX file (no ElfFile signature)");
            }
            List<Damage> damage = new ArrayList<>(0);
            FileHeader h = FileHeader.parse(head);
            if (n < 128) {
                damage.add(new Damage(0, Damage.Kind.TRUNCATED, "file ends inside the file header (" + n + " bytes)"));
            } else if (!h.checksumOk()) {
                damage.add(new Damage(124, Damage.Kind.FILE_HEADER_CRC, "file header checksum mismatch"));
            }
            if (h.headerBlockSize() != FileHeader.SIZE && n >= 128) {
                damage.add(new Damage(40, Damage.Kind.FILE_HEADER, "file header block size " + h.headerBlockSize()
                        + " is not 4096; chunks read from offset 4096"));
            }
            return new EvtxFile(name, ch, size, h, damage);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Each thread's native chunk buffer (see {@link #readChunk(int, boolean, byte[])}). */
    private static final ThreadLocal<ByteBuffer> DIRECT = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(ChunkHeader.SIZE));
    private static final ByteBuffer ZEROS = ByteBuffer.wrap(new byte[ChunkHeader.SIZE]).asReadOnlyBuffer();

    private static int readFully(FileChannel ch, ByteBuffer bb, long pos) throws IOException {
        int total = 0;
        while (bb.hasRemaining()) {
            int r = ch.read(bb, pos + total);
            if (r < 0) {
                break;
            }
            total += r;
        }
        return total;
    }

    private static int readFully(FileChannel ch, byte[] b, long pos) throws IOException {
        return readFully(ch, ByteBuffer.wrap(b), pos);
    }

    public String name() {
        return name;
    }

    public long size() {
        return size;
    }

    public FileHeader header() {
        return header;
    }

    /** Damage found in the file header itself. */
    public List<Damage> headerDamage() {
        return headerDamage;
    }

    /** Number of chunk slots in the file, counting a partial one at the end. */
    public int chunkSlots() {
        long body = Math.max(0, size - FileHeader.SIZE);
        return (int) ((body + ChunkHeader.SIZE - 1) / ChunkHeader.SIZE);
    }

    /** Reads and parses chunk {@code index}. Safe to call from several threads. */
    public Chunk readChunk(int index, boolean carve) throws IOException {
        return readChunk(index, carve, null);
    }

    /**
     * Reads and parses chunk {@code index} into {@code buffer} (64 KiB) when the whole chunk is
     * there, so a reader going through many chunks need not allocate one each time. The records
     * then hold {@code buffer}: they are valid only until it is used again. With a null buffer,
     * or for a truncated chunk, a new array is used.
     */
    public Chunk readChunk(int index, boolean carve, byte[] buffer) throws IOException {
        long offset = FileHeader.SIZE + (long) index * ChunkHeader.SIZE;
        int len = (int) Math.min(ChunkHeader.SIZE, size - offset);
        byte[] data = buffer != null && buffer.length == ChunkHeader.SIZE && len == ChunkHeader.SIZE
                ? buffer : new byte[Math.max(len, 0)];
        int n;
        if (len == ChunkHeader.SIZE) {
            // Read into native memory first: an unused (all-zero) slot, common at the end of a log,
            // is recognised there and never copied into the heap.
            ByteBuffer direct = DIRECT.get();
            direct.clear();
            n = readFully(channel, direct, offset);
            direct.flip();
            if (n == ChunkHeader.SIZE && direct.mismatch(ZEROS.duplicate()) < 0) {
                return new Chunk(index, offset, null, List.of(), List.of(), true);
            }
            direct.get(0, data, 0, n);
        } else {
            n = readFully(channel, data, offset);
        }
        if (n < len) {
            data = Arrays.copyOf(data, n);
        }
        try {
            return Chunk.parse(name, index, offset, data, carve);
        } catch (RuntimeException | StackOverflowError e) {
            // A reader bug on hostile bytes costs this chunk, not the run; it is reported, not hidden.
            return new Chunk(index, offset, null, List.of(), List.of(new Damage(offset, Damage.Kind.CHUNK_HEADER,
                    "chunk " + index + " could not be read (reader error: " + e + "); please report this file")), false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
