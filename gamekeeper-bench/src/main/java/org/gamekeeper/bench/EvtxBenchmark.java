package org.gamekeeper.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gamekeeper.evtx.read.Chunk;
import org.gamekeeper.evtx.read.EventRecord;
import org.gamekeeper.evtx.read.EvtxFile;
import org.gamekeeper.evtx.render.JsonOut;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Micro-benchmarks of the EVTX reader on one real chunk: parsing it (records and templates),
 * looking fields up the way the Sigma engine does, and rendering JSON.
 *
 * <pre>java -jar gamekeeper-bench/target/gamekeeper-bench.jar EvtxBenchmark -p file=PATH.evtx</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EvtxBenchmark {

    @Param("../shared/corpus/evtx/evtx-rs-samples/security.evtx")
    public String file;

    private EvtxFile evtx;
    private List<EventRecord> records;
    private final JsonOut out = new JsonOut(1 << 20);

    @Setup
    public void open() throws IOException {
        evtx = EvtxFile.open(Path.of(file), file);
        records = evtx.readChunk(0, false).records();
    }

    @TearDown
    public void close() throws IOException {
        evtx.close();
    }

    /** Chunks per second: read 64 KiB, verify checksums, parse every record's Binary XML. */
    @Benchmark
    public Chunk parseChunk() throws IOException {
        return evtx.readChunk(0, false);
    }

    /** Lookups per second of two fields on fresh records (decoded lazily, once per record). */
    @Benchmark
    public void fieldLookup(Blackhole bh) throws IOException {
        for (EventRecord r : evtx.readChunk(0, false).records()) {
            bh.consume(r.field("EventID"));
            bh.consume(r.field("TargetUserName"));
        }
    }

    /** Repeated lookups on the same records: what many rules asking one event cost. */
    @Benchmark
    public void cachedFieldLookup(Blackhole bh) {
        for (EventRecord r : records) {
            bh.consume(r.field("EventID"));
            bh.consume(r.field("Channel"));
            bh.consume(r.field("TargetUserName"));
        }
    }

    /** Records rendered as evtx_dump JSON per second of the chunk. */
    @Benchmark
    public int renderJson() {
        out.reset();
        for (EventRecord r : records) {
            r.writeJson(out);
        }
        return out.length();
    }
}
