package org.gamekeeper.evtx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
}
