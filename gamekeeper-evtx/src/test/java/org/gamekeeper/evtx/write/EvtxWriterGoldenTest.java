package org.gamekeeper.evtx.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.gamekeeper.evtx.read.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * Representative events pinned byte for byte (headers, tables and records as hex) and as
 * evtxexport renders them. Regenerate only with {@code -Dgolden.update=true} and review the diff.
 */
class EvtxWriterGoldenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden/writer");

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

    /** Two records of the same event: the second references the first one's template and names. */
    private void check(String name, BiFunction<Long, java.time.Instant, XmlNode.Element> event) throws IOException {
        List<XmlNode.Element> events = List.of(event.apply(7001L, WriterSamples.T0), event.apply(7002L, WriterSamples.T0.plusSeconds(1)));
        Path file = dir.resolve(name + ".evtx");
        EvtxWriter.standard().write(events, file);
        byte[] bytes = Files.readAllBytes(file);
        String xml = EvtxexportProcess.export(file).xml().replaceFirst("^evtxexport [0-9]+\\s*", "");
        assertEquals(2, EvtxexportProcess.parse(xml).size());
        compare(name + ".hex", hexDump(bytes));
        compare(name + ".xml", xml);
    }

    private static void compare(String file, String actual) throws IOException {
        Golden.compare(GOLDEN, file, actual);
    }

    /** The file as hex, 32 bytes a line with its offset; all-zero lines are left out. */
    static String hexDump(byte[] b) {
        StringBuilder sb = new StringBuilder();
        HexFormat hex = HexFormat.of();
        boolean skipped = false;
        for (int at = 0; at < b.length; at += 32) {
            boolean zero = true;
            for (int i = at; i < at + 32 && i < b.length; i++) {
                zero &= b[i] == 0;
            }
            if (zero) {
                skipped = true;
                continue;
            }
            if (skipped) {
                sb.append("*\n");
                skipped = false;
            }
            sb.append(String.format("%08x  ", at)).append(hex.formatHex(b, at, Math.min(b.length, at + 32))).append('\n');
        }
        if (skipped) {
            sb.append("*\n");
        }
        return sb.append(String.format("%08x%n", b.length)).toString();
    }
}
