package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.evtx.write.WriterSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Chunks read into a caller's buffer give the records a fresh array gives, whole or truncated. */
class ChunkBufferTest {

    @TempDir
    Path dir;

    @Test
    void chunksReadIntoOneReusedBufferRenderAsChunksReadIntoTheirOwn() throws Exception {
        byte[] bytes = EvtxWriter.standard().toBytes(WriterSamples.varied(300, 3));
        // Cut the last chunk short: it must still be read as far as it goes, buffer or not.
        Path file = dir.resolve("t.evtx");
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40_000));
        List<String> own = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        byte[] buffer = new byte[ChunkHeader.SIZE];
        try (EvtxFile f = EvtxFile.open(file, "t.evtx")) {
            assertTrue(f.chunkSlots() >= 3);
            for (int i = 0; i < f.chunkSlots(); i++) {
                for (EventRecord r : f.readChunk(i, true).records()) {
                    own.add(r.toJson());
                }
                Chunk c = f.readChunk(i, true, buffer);
                for (EventRecord r : c.records()) {
                    reused.add(r.toJson());
                }
            }
        }
        assertTrue(own.size() > 200);
        assertEquals(own, reused);
    }

    @Test
    void unusedSlotsAreReportedUnusedAndGarbageSlotsAsDamage() throws Exception {
        byte[] bytes = EvtxWriter.standard().toBytes(WriterSamples.varied(20, 3));
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 3 * ChunkHeader.SIZE);
        padded[bytes.length + ChunkHeader.SIZE + 40_000] = 7; // the middle slot holds one stray byte
        Path file = dir.resolve("padded.evtx");
        Files.write(file, padded);
        try (EvtxFile f = EvtxFile.open(file, "padded.evtx")) {
            int first = f.chunkSlots() - 3;
            for (int i = first; i < f.chunkSlots(); i++) {
                Chunk c = f.readChunk(i, false, new byte[ChunkHeader.SIZE]);
                Chunk expected = Chunk.parse("padded.evtx", i, c.offset(),
                        Arrays.copyOfRange(padded, (int) c.offset(), (int) c.offset() + ChunkHeader.SIZE), false);
                assertEquals(expected.unused(), c.unused());
                assertEquals(expected.damage(), c.damage());
                assertEquals(i != first + 1, c.unused(), "slot " + i);
            }
        }
    }
}
