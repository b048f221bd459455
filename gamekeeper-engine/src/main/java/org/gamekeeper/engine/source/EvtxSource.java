package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gamekeeper.engine.Event;
import org.gamekeeper.evtx.Chunk;
import org.gamekeeper.evtx.ChunkHeader;
import org.gamekeeper.evtx.Damage;
import org.gamekeeper.evtx.EventRecord;
import org.gamekeeper.evtx.EvtxFile;

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
                Chunk c = f.readChunk(piece, carve);
                for (Damage d : c.damage()) {
                    problems.accept(problem(in.name(), d));
                }
                for (EventRecord r : c.records()) {
                    events.accept(new EvtxEvent(r));
                }
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
                Chunk c = f.readChunk(i, carve);
                for (Damage d : c.damage()) {
                    problems.accept(problem(in.name(), d));
                }
                for (EventRecord r : c.records()) {
                    events.accept(new EvtxEvent(r));
                }
            }
        } catch (IOException e) {
            problems.accept(new Problem(in.name(), -1, -1, "cannot read: " + e.getMessage()));
        }
    }
}
