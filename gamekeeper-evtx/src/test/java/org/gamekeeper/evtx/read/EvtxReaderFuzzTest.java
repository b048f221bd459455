package org.gamekeeper.evtx.read;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for the reader: an input starting with the file signature is a whole file (file
 * header, then chunks), any other input one chunk. Every record read must pass
 * {@link RecordChecks}; nothing may throw. Replays its committed findings
 * ({@code src/test/resources/fuzz/EvtxReaderFuzzTest/}, {@link FuzzRegressionTest}) in every test run;
 * {@code ./test --fuzz} fuzzes it.
 */
class EvtxReaderFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void readAndRender(byte[] data) {
        fuzzerTestOneInput(data);
    }

    private static Path scratch;

    /** The entry point of the stand-alone fuzzer. */
    public static void fuzzerTestOneInput(byte[] data) {
        if (data.length >= 8 && FileHeader.hasMagic(data)) {
            readFile(data);
            return;
        }
        RecordChecks.check(Chunk.parse("fuzz", 0, 4096, data, true));
    }

    private static void readFile(byte[] data) {
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("gamekeeper-fuzz", ".evtx");
                scratch.toFile().deleteOnExit();
            }
            Files.write(scratch, data);
            try (EvtxFile f = EvtxFile.open(scratch, "fuzz.evtx")) {
                for (int i = 0; i < f.chunkSlots(); i++) {
                    RecordChecks.check(f.readChunk(i, true));
                }
            } catch (IOException e) {
                // not an EVTX file after all (the signature alone is too short a header): a clear error, fine
                if (e.getMessage() == null || !e.getMessage().contains("fuzz.evtx")) {
                    throw new AssertionError("an I/O error that does not name the file", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
