package org.gamekeeper.engine.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.evtx.read.Chunk;
import org.gamekeeper.evtx.read.ChunkHeader;
import org.gamekeeper.evtx.read.Damage;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.read.EvtxFile;

/**
 * Reads EVTX inputs. A plain file is read in place; a packed one (inside .gz or .zip) is first
 * unpacked to a temporary file, since EVTX chunks are read by position. Unpacking is bounded.
 */
public final class EvtxSource implements EventSource {
    /** Largest EVTX unpacked from an archive (Windows caps logs far below this by default). */
    public static final long MAX_UNPACKED_BYTES = 16L << 30;

    private final boolean carve;

    public EvtxSource(boolean carve) {
        this.carve = carve;
    }

    /** An opened EVTX input; closing it deletes any temporary copy. */
    public static final class Opened implements AutoCloseable {
        private final EvtxFile file;
        private final Path temporary;

        Opened(EvtxFile file, Path temporary) {
            this.file = file;
            this.temporary = temporary;
        }

        public EvtxFile file() {
            return file;
        }

        @Override
        public void close() throws IOException {
            try {
                file.close();
            } finally {
                if (temporary != null) {
                    Files.deleteIfExists(temporary);
                }
            }
        }
    }

    /** Opens an EVTX input for chunk-by-chunk (and parallel) reading. */
    public static Opened open(InputFile in) throws IOException {
        if (in.packing() == InputFile.Packing.PLAIN) {
            return new Opened(EvtxFile.open(in.path(), in.name()), null);
        }
        Path tmp = Files.createTempFile("gamekeeper-", ".evtx");
        try (InputStream src = in.open(); OutputStream dst = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = src.read(buf)) > 0) {
                total += n;
                if (total > MAX_UNPACKED_BYTES) {
                    throw new IOException(in.name() + ": unpacks to more than " + (MAX_UNPACKED_BYTES >> 30) + " GiB; not read");
                }
                dst.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            return new Opened(EvtxFile.open(tmp, in.name()), tmp);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** A damage report as an engine problem. */
    public static Problem problem(String file, Damage d) {
        return new Problem(file, d.offset(), -1, d.what());
    }

    /** The chunks of an EVTX input, each read on its own (and in parallel). */
    @Override
    public Pieces pieces(InputFile in) throws IOException {
        Opened o = open(in);
        EvtxFile f = o.file();
        List<Problem> header = new ArrayList<>();
        for (Damage d : f.headerDamage()) {
            header.add(problem(in.name(), d));
        }
        return new Pieces() {
            @Override
            public List<Problem> problems() {
                return header;
            }

            @Override
            public int count() {
                return f.chunkSlots();
            }

            @Override
            public long bytes(int piece) {
                return ChunkHeader.SIZE;
            }

            @Override
            public void read(int piece, Consumer<Event> events, Consumer<Problem> problems) throws IOException {
                readChunk(f, piece, in.name(), events, problems);
            }

            @Override
            public void close() throws IOException {
                o.close();
            }
        };
    }

    @Override
    public void read(InputFile in, Consumer<Event> events, Consumer<Problem> problems) {
        try (Opened o = open(in)) {
            EvtxFile f = o.file();
            for (Damage d : f.headerDamage()) {
                problems.accept(problem(in.name(), d));
            }
            for (int i = 0; i < f.chunkSlots(); i++) {
                readChunk(f, i, in.name(), events, problems);
            }
        } catch (IOException e) {
            problems.accept(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage()));
        }
    }

    /**
     * One chunk's damage and events. Records decode lazily, while {@code events} uses them: a
     * reader bug on hostile bytes met there costs that record (a problem in its place), never the
     * chunk's other records or the run.
     */
    private void readChunk(EvtxFile f, int chunk, String name, Consumer<Event> events, Consumer<Problem> problems)
            throws IOException {
        Chunk c = f.readChunk(chunk, carve);
        for (Damage d : c.damage()) {
            problems.accept(problem(name, d));
        }
        for (EventRecord r : c.records()) {
            try {
                events.accept(new EvtxEvent(r));
            } catch (RuntimeException | StackOverflowError bug) {
                problems.accept(problem(name, Damage.readerBug(r, bug)));
            }
        }
    }
}
