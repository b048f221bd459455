package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gamekeeper.evtx.binxml.Bytes;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.evtx.write.WriterSamples;
import org.gamekeeper.evtx.write.WrittenBytes;
import org.junit.jupiter.api.Test;



/**
 * A template definition that instantiates itself (as element content) once made the parser
 * recurse until {@code StackOverflowError}, an Error no per-record catch stopped. The file is
 * written by our writer, then one element of the second event's template is overwritten with a
 * template instance pointing back at that same definition.
 */
class TemplateRecursionTest {

    private static final String MARK = "RecursionPointXY";

    private static XmlNode.Element marked(long id) {
        XmlNode.Element base = WriterSamples.sysmonProcessCreate(id, WriterSamples.T0);
        List<XmlNode> children = new java.util.ArrayList<>(base.children());
        children.add(new XmlNode.Element(MARK, List.of(), List.of()));
        return new XmlNode.Element(base.name(), base.attributes(), children);
    }

    /** Three events, the second's template made to instantiate itself; returns the chunk's bytes. */
    static byte[] selfInstantiatingChunk() {
        byte[] file = EvtxWriter.standard().toBytes(List.of(
                WriterSamples.securityLogon(1, WriterSamples.T0), marked(2), WriterSamples.securityLogon(3, WriterSamples.T0)));
        byte[] chunk = java.util.Arrays.copyOfRange(file, WrittenBytes.FILE_HEADER, WrittenBytes.FILE_HEADER + WrittenBytes.CHUNK);
        int record = WrittenBytes.records(file, WrittenBytes.FILE_HEADER).get(1) - WrittenBytes.FILE_HEADER;
        // record header (24), fragment header (4), then the instance: token, 1, 4 bytes of GUID, definition offset
        int definition = (int) WrittenBytes.u32(chunk, record + 24 + 4 + 6);
        int name = indexOf(chunk, MARK.getBytes(StandardCharsets.UTF_16LE));
        // <MARK/>: token, dependency (2), size (4), name offset (4), inline name (8 + chars + NUL), close-empty
        int element = name - 8 - 4 - 4 - 2 - 1;
        int length = 1 + 2 + 4 + 4 + 8 + 2 * MARK.length() + 2 + 1;
        int at = element;
        chunk[at++] = 0x0c;
        chunk[at++] = 1;
        at += 4;
        Bytes.put32(chunk, at, definition);
        at += 4;
        Bytes.put32(chunk, at, 0); // no values
        at += 4;
        while (at < element + length) {
            chunk[at] = 0x0f; // fragment headers: four bytes each, skipped inside an element
            at += 4;
        }
        assertEquals(element + length, at, "the overwritten element is filled exactly");
        return chunk;
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void aTemplateThatInstantiatesItselfCostsItsRecordAndTheOthersAreRead() {
        Chunk c = Chunk.parse("crafted.evtx", 0, 4096, selfInstantiatingChunk(), false);
        assertEquals(List.of(1L, 3L), c.records().stream().map(EventRecord::eventRecordId).toList());
        List<Damage> binxml = c.damage().stream().filter(d -> d.kind() == Damage.Kind.RECORD_BINXML).toList();
        assertEquals(1, binxml.size(), c.damage().toString());
        assertTrue(binxml.get(0).what().contains("instantiates itself"), binxml.get(0).what());
        for (EventRecord r : c.records()) {
            assertTrue(r.toJson().startsWith("{\"Event\":{"), r.toJson());
        }
    }
}
