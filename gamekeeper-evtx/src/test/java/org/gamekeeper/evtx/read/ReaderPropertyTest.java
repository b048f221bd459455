package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EventBuilder;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.evtx.write.WriterSamples;


/**
 * Where the writer and the reader meet: random events written by our writer read back
 * identical, and mutated files (byte flips, truncation, zeroed regions, swapped chunks) never
 * crash or hang the reader and lose no record outside the chunks that were damaged.
 */
class ReaderPropertyTest {

    @Property(tries = 60)
    void randomEventsReadBackIdentical(@ForAll("events") List<XmlNode.Element> events) throws IOException {
        byte[] file = EvtxWriter.standard().toBytes(events);
        List<EventRecord> read = readAll(file).records;
        assertEquals(events.size(), read.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(normal(events.get(i)), normal(read.get(i).toElement()), "event " + i);
        }
    }

    @Property(tries = 80)
    void mutatedFilesNeverCrashAndLoseNothingOutsideDamagedChunks(
            @ForAll @IntRange(min = 0, max = 3) int kind, @ForAll @IntRange(min = 0, max = 1_000_000) int where,
            @ForAll @IntRange(min = 1, max = 4096) int length, @ForAll long seed) throws IOException {
        List<XmlNode.Element> events = WriterSamples.varied(500, seed);
        byte[] clean = EvtxWriter.standard().toBytes(events);
        Read before = readAll(clean);
        int chunks = (clean.length - FileHeader.SIZE) / ChunkHeader.SIZE;
        assertTrue(chunks >= 3, "the sample spans several chunks");
        byte[] bad = clean.clone();
        Set<Integer> touched = new HashSet<>();
        Random r = new Random(seed);
        int at = FileHeader.SIZE + where % (clean.length - FileHeader.SIZE);
        switch (kind) {
            case 0 -> { // flip bytes
                for (int i = 0; i < Math.min(length, 64); i++) {
                    int p = Math.min(bad.length - 1, at + r.nextInt(length));
                    bad[p] ^= (byte) (1 + r.nextInt(255));
                    touched.add(chunkOf(p));
                }
            }
            case 1 -> { // truncate
                bad = Arrays.copyOf(clean, at);
                for (int c = chunkOf(at); c < chunks; c++) {
                    touched.add(c);
                }
            }
            case 2 -> { // zero a region
                int end = Math.min(bad.length, at + length);
                Arrays.fill(bad, at, end, (byte) 0);
                for (int p = at; p < end; p += 512) {
                    touched.add(chunkOf(p));
                }
                touched.add(chunkOf(end - 1));
            }
            default -> { // swap two chunks: every chunk stands alone, so nothing may be lost
                int a = r.nextInt(chunks);
                int b = r.nextInt(chunks);
                byte[] tmp = Arrays.copyOfRange(bad, FileHeader.SIZE + a * ChunkHeader.SIZE, FileHeader.SIZE + (a + 1) * ChunkHeader.SIZE);
                System.arraycopy(bad, FileHeader.SIZE + b * ChunkHeader.SIZE, bad, FileHeader.SIZE + a * ChunkHeader.SIZE, ChunkHeader.SIZE);
                System.arraycopy(tmp, 0, bad, FileHeader.SIZE + b * ChunkHeader.SIZE, ChunkHeader.SIZE);
            }
        }
        Read after = readAll(bad);
        Map<String, Integer> got = new HashMap<>();
        for (EventRecord e : after.records) {
            e.toJson();
            e.toXml();
            got.merge(e.toJson(), 1, Integer::sum);
        }
        for (EventRecord e : before.records) {
            if (kind == 3 || !touched.contains(e.chunkIndex())) {
                String json = e.toJson();
                assertTrue(got.merge(json, -1, Integer::sum) >= 0, "record " + e.eventRecordId() + " of intact chunk "
                        + e.chunkIndex() + " lost (mutation " + kind + " at " + at + ")");
            }
        }
    }

    private static int chunkOf(int offset) {
        return (offset - FileHeader.SIZE) / ChunkHeader.SIZE;
    }

    static final class Read {
        final List<EventRecord> records = new ArrayList<>();
        final List<Damage> damage = new ArrayList<>();
    }

    static Read readAll(byte[] file) throws IOException {
        Path tmp = Files.createTempFile("gk-prop", ".evtx");
        try {
            Files.write(tmp, file);
            Read r = new Read();
            try (EvtxFile f = EvtxFile.open(tmp, "mem.evtx")) {
                for (int i = 0; i < f.chunkSlots(); i++) {
                    Chunk c = f.readChunk(i, false);
                    r.records.addAll(c.records());
                    r.damage.addAll(c.damage());
                }
            }
            return r;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Binary XML values in content are expanded in place by the reader; compare them that way. */
    static XmlNode normal(XmlNode n) {
        if (n instanceof XmlNode.Element e) {
            List<XmlNode.Attribute> attrs = new ArrayList<>();
            for (XmlNode.Attribute a : e.attributes()) {
                List<XmlNode> v = new ArrayList<>();
                a.value().forEach(x -> v.add(normal(x)));
                attrs.add(new XmlNode.Attribute(a.name(), v));
            }
            List<XmlNode> children = new ArrayList<>();
            for (XmlNode c : e.children()) {
                if (c instanceof Value v && v.type() == ValueType.BIN_XML && v.value() instanceof XmlNode.Element inner) {
                    children.add(normal(inner));
                } else if (!(c instanceof Value v2 && v2.type() == ValueType.NULL)) {
                    children.add(normal(c));
                }
            }
            return new XmlNode.Element(e.name(), attrs, children);
        }
        return n;
    }

    @Provide
    Arbitrary<List<XmlNode.Element>> events() {
        Arbitrary<XmlNode.Element> event = Combinators.combine(
                Arbitraries.integers().between(0, 65535),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(60).filter(ReaderPropertyTest::wellFormedUtf16),
                Arbitraries.longs(),
                Arbitraries.integers().between(0, 8),
                Arbitraries.longs().between(0, 4_000_000_000_000L)).as((id, word, text, number, shape, millis) -> {
                    Instant t = Instant.ofEpochMilli(millis).plusNanos(100L * (number & 0xfff));
                    EventBuilder b = new EventBuilder("Provider-" + (id % 7), id).timeCreated(t)
                            .eventRecordId(1 + (number & 0xffffff)).channel("Channel/" + (id % 3)).computer("host" + (id % 11));
                    b.data("Word", word).data("Text", text).data("Number", Value.of(ValueType.INT64, number));
                    switch (shape) {
                        case 0 -> b.data("Hex", Value.of(ValueType.HEX_INT64, number));
                        case 1 -> b.data("Guid", Value.of(ValueType.GUID, new UUID(number, ~number)));
                        case 2 -> b.data("When", Value.of(ValueType.FILETIME, t));
                        case 3 -> b.data("Sid", Value.of(ValueType.SID, "S-1-5-21-" + (number & 0x7fffffff) + "-500"));
                        case 4 -> b.data("Blob", Value.of(ValueType.BINARY, word.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                        case 5 -> b.data("List", new Value(ValueType.STRING, true, List.of(word, "x" + id)));
                        case 6 -> b.data("Flag", Value.of(ValueType.BOOL, (number & 1) == 0));
                        case 7 -> b.data("Real", Value.of(ValueType.REAL64, (double) (number % 100000) / 8));
                        default -> b.data(Value.string(word));
                    }
                    return b.build();
                });
        return event.list().ofMinSize(1).ofMaxSize(300);
    }

    /** The format stores UTF-16; a string with a lone surrogate cannot round-trip through Java text. */
    private static boolean wellFormedUtf16(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
