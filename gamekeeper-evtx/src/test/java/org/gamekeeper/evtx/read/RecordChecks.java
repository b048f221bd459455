package org.gamekeeper.evtx.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * What every record the reader returns must satisfy, however damaged its bytes: each accessor
 * answers without throwing, its JSON is one object that {@code dump} can add its provenance to
 * (a first key, so no {@code {,"gamekeeper"…}}), and its XML is well formed. Shared by the fuzz
 * targets, the mutation property test and the damaged-sample tests.
 */
final class RecordChecks {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ThreadLocal<SAXParser> XML = ThreadLocal.withInitial(() -> {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(false);
            // No DOCTYPE, so no entities to expand; the JDK's secure-processing limits (names of at most
            // 1,000 characters) are stricter than XML, and a damaged name may be longer.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
            SAXParser p = f.newSAXParser();
            p.setProperty("http://www.oracle.com/xml/jaxp/properties/maxXMLNameLimit", "0");
            p.setProperty("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", "0");
            return p;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    });

    private RecordChecks() {
    }

    /**
     * Every record of the chunk, and its damage reports: a report made from a caught exception
     * (the reader's defence in depth) is a reader bug the fuzzer must see.
     */
    static void check(Chunk c) {
        for (Damage d : c.damage()) {
            if (READER_BUG.matcher(d.what()).find()) {
                throw new AssertionError("a reader bug hidden as damage: " + d.what());
            }
        }
        for (EventRecord r : c.records()) {
            check(r);
        }
    }

    private static final java.util.regex.Pattern READER_BUG =
            java.util.regex.Pattern.compile("\\bjava\\.[a-z.]+\\.[A-Z]\\w*(Exception|Error)\\b|reader error");

    /** Fails (AssertionError) when the record breaks one of the promises above. */
    static void check(EventRecord r) {
        r.eventId();
        r.eventRecordId();
        r.timestampMillis();
        r.writtenTime();
        r.field("CommandLine");
        r.field("EventID");
        r.fieldValues("Data");
        r.anyValue("Image", v -> v.isEmpty(), true);
        r.forEachField((k, v) -> {
            if (k == null || v == null) {
                throw new AssertionError("null field name or value in " + r);
            }
        });
        r.forEachText(new EventRecord.TextSink() {
            @Override
            public void utf16(byte[] data, int off, int chars) {
                if (off < 0 || chars < 0 || off + 2L * chars > data.length) {
                    throw new AssertionError("text outside its bytes in " + r);
                }
            }

            @Override
            public void text(String value) {
                if (value == null) {
                    throw new AssertionError("null text in " + r);
                }
            }
        });
        r.toElement();
        json(r.toJson(), r);
        xml(r.toXml(), r);
    }

    static void json(String json, Object where) {
        JsonNode n;
        try (JsonParser p = JSON.createParser(json)) {
            n = JSON.readTree(p);
            if (p.nextToken() != null) {
                throw new AssertionError("more than one JSON value for " + where + ": " + json);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("invalid JSON for " + where + ": " + e.getMessage() + "\n" + json, e);
        }
        if (n == null || !n.isObject() || n.isEmpty()) {
            throw new AssertionError("not a non-empty JSON object for " + where + ": " + json);
        }
        if (json.indexOf('\n') >= 0) {
            throw new AssertionError("a line break inside one JSON line for " + where);
        }
    }

    /** A dump line is XML content: well formed once wrapped in one element (a fragment may hold several). */
    static void xml(String xml, Object where) {
        if (xml.indexOf('\n') >= 0 || xml.indexOf('\r') >= 0) {
            throw new AssertionError("a line break inside one XML line for " + where);
        }
        try {
            XML.get().parse(new InputSource(new StringReader("<r>" + xml + "</r>")), new DefaultHandler());
        } catch (Exception e) {
            throw new AssertionError("ill-formed XML for " + where + ": " + e.getMessage() + "\n" + xml, e);
        }
    }
}
