package org.gamekeeper.evtx.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.gamekeeper.evtx.binxml.XmlNode;
import org.w3c.dom.Element;


/**
 * Runs libevtx's {@code evtxexport} (Debian libevtx-utils), the independent reader every file the
 * writer makes is checked against. A missing tool fails the test: it is never skipped.
 */
final class EvtxexportProcess {

    private EvtxexportProcess() {
    }

    /** The result of one run: exit code, stdout (XML for evtxexport), messages on stderr. */
    record Run(int exitCode, String xml, String errors) {

        /** Each exported event as a DOM element; fails when evtxexport did not finish cleanly. */
        List<Element> events() {
            assertEquals(0, exitCode, () -> "evtxexport failed:\n" + errors);
            // evtxexport exits 0 even when it skips a record it cannot export ("Unable to export record")
            String said = (errors + xml).toLowerCase(java.util.Locale.ROOT);
            if (said.contains("unable") || said.contains("corrupt")) {
                fail("evtxexport reported problems:\n" + errors + "\n" + xml);
            }
            return parse(xml);
        }
    }

    /** Exports a file as XML. */
    static Run export(Path file) {
        return run("evtxexport", "-f", "xml", file.toString());
    }

    /** libevtx's summary of a file: version, record counts, "Is corrupted", flags. */
    static String info(Path file) {
        Run r = run("evtxinfo", file.toString());
        assertEquals(0, r.exitCode(), () -> "evtxinfo failed:\n" + r.errors());
        return r.xml();
    }

    private static Run run(String... command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        try {
            Path err = Files.createTempFile("evtxexport", ".err");
            try {
                pb.redirectError(err.toFile());
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                int code = p.waitFor();
                return new Run(code, new String(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail(command[0] + " could not be run (" + e.getMessage()
                    + "): install libevtx-utils, e.g. apt-get update && apt-get install -y libevtx-utils");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for evtxexport");
        }
    }

    /** Writes the events to a temporary file and exports them. */
    static List<Element> roundTrip(EvtxWriter writer, List<XmlNode.Element> events) {
        try {
            Path file = Files.createTempFile("gamekeeper-writer", ".evtx");
            try {
                writer.write(events, file);
                return export(file).events();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<Element> parse(String xml) {
        List<Element> events = new ArrayList<>();
        try {
            DocumentBuilder db = DocumentBuilderFactory.newInstance().newDocumentBuilder();
            int at = xml.indexOf("<Event");
            while (at >= 0) {
                int end = xml.indexOf("</Event>", at);
                if (end < 0) {
                    fail("unterminated event in evtxexport output at " + at);
                }
                end += "</Event>".length();
                byte[] one = xml.substring(at, end).getBytes(StandardCharsets.UTF_8);
                events.add(db.parse(new ByteArrayInputStream(one)).getDocumentElement());
                at = xml.indexOf("<Event", end);
            }
        } catch (Exception e) {
            fail("evtxexport output is not XML: " + e);
        }
        return events;
    }
}
