package org.gamekeeper.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.Test;

/**
 * Every regression event of the corpus (evtx_dump JSON, named after its rule's id) matches its
 * rule. Only the matcher is tested here: the events are flattened the simplest way (System and
 * EventData leaves by name, spaces stripped as the rules spec says, compared case-insensitively); log-source selection and
 * exact match counts over the .evtx files belong to the hunt tests.
 */
class RegressionDataTest {

    /** An evtx_dump event flattened to its leaf names. */
    private static final class DumpEvent implements SigmaEvent {
        final Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        /** Sigma names fields as the log shows them with spaces stripped ("Source Name" → SourceName). */
        void put(String name, String value) {
            fields.computeIfAbsent(name.replace(" ", ""), k -> new ArrayList<>()).add(value);
        }

        @Override
        public String field(String name) {
            List<String> v = fields.get(name);
            return v == null ? null : v.get(0);
        }

        @Override
        public List<String> fieldValues(String name) {
            return fields.getOrDefault(name, List.of());
        }

        @Override
        public void forEachField(BiConsumer<String, String> sink) {
            fields.forEach((k, vs) -> vs.forEach(v -> sink.accept(k, v)));
        }

        @Override
        public long timestampMillis() {
            return Long.MIN_VALUE;
        }
    }

    private static List<DumpEvent> read(Path json) throws IOException {
        List<DumpEvent> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    continue;
                }
                if (t == JsonToken.START_OBJECT) {
                    DumpEvent e = new DumpEvent();
                    walk(p, e, "", "");
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** Reads the object the parser is on; leaves are named by their key (attributes as Parent_Attr, as Sigma names them). */
    private static void walk(JsonParser p, DumpEvent e, String parent, String path) throws IOException {
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT) {
                if (key.equals("#attributes")) {
                    walkAttributes(p, e, parent);
                } else {
                    walk(p, e, key, path + "." + key);
                }
            } else if (v == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        walk(p, e, key, path + "." + key);
                    } else if (p.currentToken() != JsonToken.VALUE_NULL) {
                        e.put(key, p.getText());
                    }
                }
            } else if (v != JsonToken.VALUE_NULL) {
                e.put(key.equals("#text") ? parent : key, p.getText());
            }
        }
    }

    private static void walkAttributes(JsonParser p, DumpEvent e, String parent) throws IOException {
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String key = p.currentName();
            p.nextToken();
            if (p.currentToken().isScalarValue() && p.currentToken() != JsonToken.VALUE_NULL) {
                e.put(parent + "_" + key, p.getText());
                if (parent.equals("TimeCreated") || parent.equals("Execution") || parent.equals("Security")) {
                    e.put(key, p.getText());
                }
            } else {
                p.skipChildren();
            }
        }
    }

    @Test
    void everyRegressionEventMatchesItsRule() throws IOException {
        RuleSet set = RuleSet.load(List.of(Corpus.dir("sigma/rules"), Corpus.dir("sigma/rules-threat-hunting"),
                Corpus.dir("sigma/rules-emerging-threats")), LoadOptions.defaults().withStatuses(java.util.EnumSet.allOf(
                        org.gamekeeper.sigma.rule.Status.class)));
        Map<String, CompiledRule> byId = new HashMap<>();
        for (CompiledRule r : set.compile(FieldResolver.IDENTITY).rules()) {
            byId.put(r.rule().metadata().id(), r);
        }
        List<Path> cases;
        try (Stream<Path> s = Files.walk(Corpus.dir("sigma/regression_data"))) {
            cases = s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(cases.size() > 150, "expected the regression cases, found " + cases.size());
        Map<String, String> misses = new TreeMap<>();
        int checked = 0;
        for (Path c : cases) {
            String id = c.getFileName().toString().replace(".json", "");
            CompiledRule rule = byId.get(id);
            if (rule == null) {
                misses.put(c.getFileName().toString(), "no loaded rule with this id");
                continue;
            }
            checked++;
            boolean any = false;
            for (DumpEvent e : read(c)) {
                any |= rule.matches(e);
            }
            if (!any) {
                misses.put(c.getFileName().toString(), rule.rule().metadata().title());
            }
        }
        assertTrue(checked > 150, "checked " + checked);
        assertEquals(Map.of(), misses);
    }
}
