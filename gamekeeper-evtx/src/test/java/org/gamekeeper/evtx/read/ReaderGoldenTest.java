package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.write.EvtxWriter;
import org.gamekeeper.evtx.write.WriterSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Representative events written with our writer, read back and pinned as we render them: the
 * evtx_dump-shaped JSON, the Windows XML, and the fields the engine sees. Regenerate only with
 * {@code -Dgolden.update=true} and review the diff.
 */
class ReaderGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/reader");

    @TempDir
    Path dir;

    @Test
    void sysmonProcessCreation() throws IOException {
        check("sysmon-1-process-creation", WriterSamples::sysmonProcessCreate);
    }

    @Test
    void securityNetworkLogon() throws IOException {
        check("security-4624-logon", WriterSamples::securityLogon);
    }

    @Test
    void logClearedWithUserData() throws IOException {
        check("security-1102-log-cleared-userdata", WriterSamples::logCleared);
    }

    @Test
    void everyValueTypeArraysAndNestedBinaryXml() throws IOException {
        check("every-value-type", (id, t) -> WriterSamples.everyType(id, t, new Random(42)));
    }

    private void check(String name, BiFunction<Long, Instant, XmlNode.Element> event) throws IOException {
        Path file = dir.resolve(name + ".evtx");
        EvtxWriter.standard().write(List.of(event.apply(7001L, WriterSamples.T0)), file);
        List<EventRecord> records = Corpus.records(file);
        assertEquals(1, records.size());
        EventRecord r = records.get(0);
        StringBuilder fields = new StringBuilder();
        r.forEachField((k, v) -> fields.append(k).append(" = ").append(v.replace("\n", "\\n")).append('\n'));
        compare(name + ".json", r.toJson() + "\n");
        compare(name + ".xml", r.toXml() + "\n");
        compare(name + ".fields", fields.toString());
    }

    private static void compare(String file, String actual) throws IOException {
        Golden.compare(GOLDEN, file, actual);
    }
}
