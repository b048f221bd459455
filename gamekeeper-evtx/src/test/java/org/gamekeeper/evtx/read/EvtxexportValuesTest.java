package org.gamekeeper.evtx.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Cross-check against an independent reader: libevtx's {@code evtxexport}, run here. For every
 * record both return, EventRecordID, EventID, Provider, Channel, Computer, TimeCreated and every
 * EventData name/value agree.
 *
 * <p>Where libevtx renders a value differently from Windows (and from us), the comparison
 * normalises that value type only, each for a stated reason:
 * <ul>
 *   <li>HexInt32/HexInt64: libevtx zero-pads ({@code 0x00000100}); Windows writes {@code 0x100}.
 *       Compared as numbers.</li>
 *   <li>FILETIME/SYSTEMTIME: libevtx prints nine fractional digits; FILETIME holds seven (100 ns).
 *       Compared as instants.</li>
 *   <li>GUID: compared ignoring case (libevtx upper case, Windows providers vary).</li>
 *   <li>Real32/Real64: libevtx prints C {@code %f}-style text; compared as numbers.</li>
 *   <li>Strings holding XML markup (LiveId's SOAP envelopes): libevtx writes them unescaped, so
 *       its output parses as elements; compared with the markup removed from our value.</li>
 *   <li>size_t: Windows renders it in hexadecimal ({@code 0x24c}, as in Security 4688's ProcessId),
 *       libevtx in decimal; compared as numbers.</li>
 *   <li>Whitespace-only values: libevtx prints them empty.</li>
 *   <li>Boolean with irregular values (sample-with-irregular-bool-values.evtx): libevtx prints the
 *       raw integer where it is neither 0 nor 1; we render "true" as Windows treats any non-zero
 *       value as true.</li>
 * </ul>
 * Line ends are compared as an XML parser delivers them (CR LF as LF), and control characters,
 * which XML 1.0 cannot carry, are removed from both sides. No entry covers a whole file.
 */
class EvtxexportValuesTest {

    @Test
    void everySharedRecordAgreesWithEvtxexport() throws Exception {
        requireEvtxexport();
        List<Path> files = Corpus.evtxFiles();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        long[] compared = new long[2];
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (Path p : files) {
                results.add(pool.submit(() -> compare(p, problems)));
            }
            for (Future<long[]> f : results) {
                long[] r = f.get();
                compared[0] += r[0];
                compared[1] += r[1];
            }
        } finally {
            pool.shutdownNow();
        }
        if (problems.size() > 40) {
            Map<String, Integer> byField = new java.util.TreeMap<>();
            for (String p : problems) {
                String k = p.replaceAll(": record [0-9]+: ", " ").replaceAll(": evtxexport <.*", "");
                byField.merge(k.length() > 200 ? k.substring(0, 200) : k, 1, Integer::sum);
            }
            fail(problems.size() + " disagreements by file and field: " + byField + "\nfirst 10:\n"
                    + String.join("\n", problems.subList(0, 10)));
        }
        assertEquals(List.of(), problems);
        assertTrue(compared[0] >= 26_000, "records compared: " + compared[0]);
        assertTrue(compared[1] >= 300_000, "values compared: " + compared[1]);
    }

    static void requireEvtxexport() {
        try {
            Process p = new ProcessBuilder("evtxexport", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (IOException | InterruptedException e) {
            fail("evtxexport is not installed: the ./test script installs it (apt-get install libevtx-utils)");
        }
    }

    private static long[] compare(Path file, List<String> problems) throws Exception {
        List<Element> theirs = evtxexport(file);
        Map<Long, List<EventRecord>> ours = new HashMap<>();
        for (EventRecord r : Corpus.records(file)) {
            ours.computeIfAbsent(r.eventRecordId(), k -> new ArrayList<>()).add(r);
        }
        Map<Long, Integer> seen = new HashMap<>();
        long records = 0;
        long values = 0;
        String name = Corpus.relative(file);
        for (Element ev : theirs) {
            Element system = child(ev, "System");
            long id = Long.parseLong(text(child(system, "EventRecordID")));
            int occurrence = seen.merge(id, 1, Integer::sum) - 1;
            List<EventRecord> candidates = ours.get(id);
            if (candidates == null || candidates.size() <= occurrence) {
                problems.add(name + ": record " + id + " returned by evtxexport is missing");
                continue;
            }
            EventRecord r = candidates.get(occurrence);
            records++;
            values += check(name, id, "EventID", text(child(system, "EventID")), r.field("EventID"), problems);
            values += check(name, id, "Provider_Name", child(system, "Provider").getAttribute("Name"), r.field("Provider_Name"), problems);
            values += check(name, id, "Channel", text(child(system, "Channel")), r.field("Channel"), problems);
            values += check(name, id, "Computer", text(child(system, "Computer")), r.field("Computer"), problems);
            values += check(name, id, "TimeCreated", child(system, "TimeCreated").getAttribute("SystemTime"), r.field("TimeCreated"), problems);
            Element data = child(ev, "EventData");
            if (data == null) {
                continue;
            }
            List<String> unnamed = new ArrayList<>();
            for (Node n = data.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element d)) {
                    continue;
                }
                if (d.getTagName().equals("Data") && d.hasAttribute("Name")) {
                    String key = d.getAttribute("Name");
                    values += check(name, id, "EventData." + key, text(d), r.field("Event.EventData." + key), problems);
                } else if (d.getTagName().equals("Data")) {
                    unnamed.add(text(d));
                } else {
                    values += check(name, id, "EventData." + d.getTagName(), text(d), r.field("Event.EventData." + d.getTagName()), problems);
                }
            }
            if (!unnamed.isEmpty()) {
                List<String> mine = r.fieldValues("Data");
                if (mine.size() != unnamed.size()) {
                    problems.add(name + ": record " + id + ": " + unnamed.size() + " unnamed Data in evtxexport, " + mine.size() + " here");
                } else {
                    for (int i = 0; i < mine.size(); i++) {
                        values += check(name, id, "Data[" + i + "]", unnamed.get(i), mine.get(i), problems);
                    }
                }
            }
        }
        return new long[] {records, values};
    }

    private static int check(String file, long id, String field, String theirs, String ours, List<String> problems) {
        if (!same(theirs, ours)) {
            problems.add(file + ": record " + id + ": " + field + ": evtxexport <" + theirs + "> ours <" + ours + ">");
        }
        return 1;
    }

    static boolean same(String theirs, String ours) {
        if (ours != null) {
            // XML parsers turn CR LF into LF (XML 1.0 section 2.11); compare our value the same way.
            ours = ours.replace("\r\n", "\n").replace('\r', '\n');
            // Control characters cannot travel in XML 1.0: they were removed from evtxexport's output.
            ours = ours.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
        }
        if (theirs == null || theirs.isBlank()) {
            return ours == null || ours.isBlank();
        }
        if (ours == null) {
            return false;
        }
        if (theirs.equals(ours)) {
            return true;
        }
        if (ours.indexOf('<') >= 0 && theirs.equals(ours.replaceAll("<[^>]*>", ""))) {
            return true;
        }
        if (ours.startsWith("0x")) {
            try {
                BigInteger mine = new BigInteger(ours.substring(2), 16);
                return theirs.startsWith("0x") ? new BigInteger(theirs.substring(2), 16).equals(mine)
                        : new BigInteger(theirs).equals(mine);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        if (theirs.endsWith("Z") && ours.endsWith("Z") && theirs.contains("T")) {
            try {
                return Instant.parse(theirs).equals(Instant.parse(ours));
            } catch (RuntimeException e) {
                return false;
            }
        }
        if (theirs.startsWith("{") && theirs.equalsIgnoreCase(ours)) {
            return true;
        }
        if (ours.equals("true") && theirs.matches("[0-9]+") && !theirs.equals("0")) {
            return true;
        }
        try {
            return Double.parseDouble(theirs) == Double.parseDouble(ours);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<Element> evtxexport(Path file) throws Exception {
        Process p = new ProcessBuilder("evtxexport", "-f", "xml", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor();
        String s = new String(out, StandardCharsets.UTF_8);
        int first = s.indexOf("<Event");
        if (first < 0) {
            return List.of();
        }
        // evtxexport writes a banner and then one document per record; an export it could not
        // finish ends mid-document, so keep only complete events.
        int last = s.lastIndexOf("</Event>");
        if (last < 0) {
            return List.of();
        }
        String body = s.substring(first, last + "</Event>".length());
        body = body.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", "");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        Document d = b.parse(new ByteArrayInputStream(("<root>" + body + "</root>").getBytes(StandardCharsets.UTF_8)));
        List<Element> events = new ArrayList<>();
        NodeList list = d.getDocumentElement().getChildNodes();
        for (int i = 0; i < list.getLength(); i++) {
            if (list.item(i) instanceof Element e && e.getTagName().equals("Event")) {
                events.add(e);
            }
        }
        return events;
    }

    private static Element child(Element e, String name) {
        if (e == null) {
            return null;
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
