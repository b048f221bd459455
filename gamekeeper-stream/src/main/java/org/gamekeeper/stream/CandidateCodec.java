package org.gamekeeper.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.gamekeeper.evtx.render.JsonOut;

/**
 * Correlation candidates on the internal candidates topic and in the correlation store:
 * {@code {"c":correlation,"r":rule,"t":millis,"ref":ref,"file":file,"h":host,"f":{fields}}}. Written and read only by
 * this module, but read with bounds all the same (it is a topic anyone with access can write).
 */
final class CandidateCodec {

    private static final JsonFactory JSON = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(4).maxStringLength(1 << 20).build()).build();

    private CandidateCodec() {
    }

    static byte[] write(StreamDetector.Candidate c, JsonOut out) {
        out.reset();
        out.raw("{\"c\":").string(c.correlation()).raw(",\"r\":").string(c.rule()).raw(",\"t\":").number(c.millis())
            .raw(",\"ref\":").string(c.ref()).raw(",\"file\":");
        if (c.file() == null) {
            out.raw("null");
        } else {
            out.string(c.file());
        }
        out.raw(",\"h\":");
        if (c.computer() == null) {
            out.raw("null");
        } else {
            out.string(c.computer());
        }
        out.raw(",\"f\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : c.fields().entrySet()) {
            out.raw(first ? "" : ",").string(e.getKey()).raw(':').string(e.getValue());
            first = false;
        }
        out.raw("}}");
        return Arrays.copyOf(out.array(), out.length());
    }

    /** The candidate, or null when the bytes are not one. */
    static StreamDetector.Candidate read(byte[] bytes) {
        String c = null;
        String r = null;
        String ref = null;
        String file = null;
        String host = null;
        long t = Long.MIN_VALUE;
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "c" -> c = p.getValueAsString();
                    case "r" -> r = p.getValueAsString();
                    case "ref" -> ref = p.getValueAsString();
                    case "file" -> file = p.getValueAsString();
                    case "h" -> host = p.getValueAsString();
                    case "t" -> t = p.getValueAsLong(Long.MIN_VALUE);
                    case "f" -> {
                        if (v != JsonToken.START_OBJECT) {
                            return null;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String k = p.currentName();
                            p.nextToken();
                            fields.put(k, p.getValueAsString());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return c == null || r == null || ref == null ? null : new StreamDetector.Candidate(c, r, t, ref, file, host, fields);
    }
}
