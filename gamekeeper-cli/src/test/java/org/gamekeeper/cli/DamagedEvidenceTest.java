package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.SAXParserFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Damaged evidence beside good evidence ({@code corpus/hostile/}, each once stopped the run or
 * printed invalid lines): the run finishes with exit 0, every line printed is well formed, the
 * damage is reported on stderr with file and offset, and the good file's output is exactly what
 * it is when read alone.
 */
class DamagedEvidenceTest {

    private static Path corpus() {
        return DumpCommandTest.corpus();
    }

    private static List<String> hostile() {
        List<String> out = new ArrayList<>();
        for (String n : List.of("damaged-substitution-index-crash.evtx", "damaged-record-invalid-json.evtx",
                "damaged-records-invalid-json-2.evtx", "damaged-record-invalid-json-3.evtx")) {
            out.add(corpus().resolve("hostile").resolve(n).toString());
        }
        return out;
    }

    private static final String GOOD = "evtx/evtx-attack-samples/Defense Evasion/DE_1102_security_log_cleared.evtx";

    private static String[] args(List<String> head, List<String> files) {
        List<String> all = new ArrayList<>(head);
        all.addAll(files);
        return all.toArray(new String[0]);
    }

    private static List<String> linesOf(String out, String file) {
        return out.lines().filter(l -> l.contains("\"file\":\"" + file.replace("\\", "\\\\") + "\"")).toList();
    }

    private static void json(String line) {
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
            p.skipChildren();
            assertEquals(null, p.nextToken(), "one value per line: " + line);
        } catch (IOException e) {
            throw new AssertionError("invalid JSON line: " + e.getMessage() + "\n" + line, e);
        }
    }

    @Test
    void dumpPrintsOnlyValidLinesAndTheGoodFileWhole() {
        String good = corpus().resolve(GOOD).toString();
        List<String> files = new ArrayList<>(hostile());
        files.add(1, good);
        CliRun all = CliRun.run(args(List.of("dump", "--no-progress"), files));
        assertEquals(0, all.exit(), all.err());
        all.out().lines().forEach(DamagedEvidenceTest::json);
        CliRun alone = CliRun.run("dump", "--no-progress", good);
        assertFalse(alone.out().isEmpty());
        assertEquals(alone.out().lines().toList(), linesOf(all.out(), good));
        for (String h : hostile()) {
            assertTrue(all.err().contains(h + ":"), "damage reported for " + h);
        }
        assertTrue(all.err().contains("the event holds no element"), all.err());
        assertEquals(3, CliRun.run(args(List.of("dump", "--no-progress", "--strict"), files)).exit(), "--strict: damage is exit 3");
    }

    @Test
    void dumpXmlLinesAreWellFormed() throws Exception {
        CliRun r = CliRun.run(args(List.of("dump", "--no-progress", "--format", "xml"), hostile()));
        assertEquals(0, r.exit(), r.err());
        SAXParserFactory f = SAXParserFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // dump --format xml writes one document (a root element around the events)
        long events = r.out().lines().filter(l -> l.startsWith("<Event")).count();
        assertTrue(events > 2000, "records of the damaged files: " + events);
        try {
            f.newSAXParser().parse(new InputSource(new StringReader(r.out())), new DefaultHandler());
        } catch (Exception e) {
            throw new AssertionError("ill-formed XML document: " + e.getMessage(), e);
        }
    }

    @Test
    void huntGoesOnPastDamagedFilesAndFindsWhatTheGoodFileHolds() {
        String good = corpus().resolve(GOOD).toString();
        String rules = corpus().resolve("sigma/rules/windows/builtin/security").toString();
        List<String> files = new ArrayList<>(hostile());
        files.add(2, good);
        CliRun all = CliRun.run(args(List.of("hunt", "--no-progress", "--rules", rules), files));
        assertEquals(0, all.exit(), all.err());
        all.out().lines().forEach(DamagedEvidenceTest::json);
        CliRun alone = CliRun.run("hunt", "--no-progress", "--rules", rules, good);
        List<String> expected = alone.out().lines().toList();
        assertFalse(expected.isEmpty(), "the good file alerts: " + alone.err());
        assertEquals(expected, linesOf(all.out(), good));
        assertTrue(all.err().contains(hostile().get(0) + ":"), all.err());
    }
}
