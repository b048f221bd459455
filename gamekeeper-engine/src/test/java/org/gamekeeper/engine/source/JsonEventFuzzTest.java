package org.gamekeeper.engine.source;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Objects;
import org.gamekeeper.engine.mapping.DerivedFields;

/**
 * Fuzz target for the JSON event parser and its layouts: any bytes read as a JSON log give
 * events and placed problems, never an exception; every event answers each of its own field
 * names with a value, but for the derived names (INTERFACES.md), which answer the derived value.
 */
class JsonEventFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void readEvents(byte[] data) {
        fuzzerTestOneInput(data);
    }

    public static void fuzzerTestOneInput(byte[] data) {
        new JsonSource(1 << 16).read("fuzz.json", new ByteArrayInputStream(data), e -> {
            JsonEvent j = (JsonEvent) e;
            j.timestampMillis();
            j.eventId();
            j.recordId();
            j.anyFieldValue(v -> v.isEmpty());
            j.forEachField((k, v) -> {
                if (k == null || v == null) {
                    throw new AssertionError("null name or value in " + j);
                }
                if (DerivedFields.isDerived(k)) {
                    // A derived name always answers the derived value: a field of the evidence so
                    // named does not override it (it would let evidence carry a harmless
                    // normalised command line beside a malicious one).
                    if (!Objects.equals(j.field(k), DerivedFields.compute(k, j))) {
                        throw new AssertionError("derived field " + k + " answers " + j.field(k) + " in " + j);
                    }
                } else if (j.field(k) == null) {
                    throw new AssertionError("field " + k + " listed but not found in " + j);
                }
                j.fieldValues(k);
                j.anyValue(k, x -> false);
            });
        }, p -> {
            if (!p.toString().contains("fuzz.json")) {
                throw new AssertionError("a problem that does not name its file: " + p);
            }
        });
    }
}
