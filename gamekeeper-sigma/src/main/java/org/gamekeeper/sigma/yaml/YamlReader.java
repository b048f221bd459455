package org.gamekeeper.sigma.yaml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads YAML text into {@link YamlNode} trees. Uses only the composer, so no tag can make it
 * construct an object; limits keep a hostile file from exhausting memory (alias expansion,
 * nesting depth, node count, size).
 */
public final class YamlReader {

    public static final int MAX_CODE_POINTS = 1024 * 1024;
    public static final int MAX_ALIASES = 50;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_NODES = 200_000;

    private final LoadSettings settings = LoadSettings.builder()
            .setLabel("rule")
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit(MAX_CODE_POINTS)
            .setUseMarks(true)
            .build();

    /** Reads every document of {@code text}; a document that fails is returned with its error and place. */
    public List<YamlDocument> readAll(String text) {
        List<YamlDocument> docs = new ArrayList<>();
        // composeAllFromString trips over StringReader on newer JDKs (a read past the buffer); a byte stream does not
        Iterator<Node> it = new Compose(settings).composeAllFromInputStream(
                new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).iterator();
        int index = 0;
        while (true) {
            Node node;
            try {
                if (!it.hasNext()) {
                    break;
                }
                node = it.next();
            } catch (MarkedYamlEngineException e) {
                Mark m = e.getProblemMark().or(e::getContextMark).orElse(null);
                docs.add(new YamlDocument(index, null, m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
                        "YAML syntax: " + oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem())));
                break; // the parser cannot resynchronise after a syntax error
            } catch (YamlEngineException e) {
                docs.add(new YamlDocument(index, null, 0, 0, "YAML: " + oneLine(e.getMessage())));
                break;
            }
            Converter c = new Converter();
            YamlNode root = c.convert(node, 0);
            if (c.error != null) {
                docs.add(new YamlDocument(index, null, c.errorLine, c.errorColumn, c.error));
            } else {
                docs.add(new YamlDocument(index, root, 0, 0, null));
            }
            index++;
        }
        return docs;
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replace('\n', ' ').trim();
    }

    /** Turns composer nodes into YamlNodes, enforcing the limits and rejecting duplicate keys. */
    private static final class Converter {
        String error;
        int errorLine;
        int errorColumn;
        int nodes;
        final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

        YamlNode convert(Node node, int depth) {
            if (error != null) {
                return null;
            }
            int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
            int col = node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
            if (++nodes > MAX_NODES) {
                return fail(line, col, "YAML: more than " + MAX_NODES + " nodes (alias expansion?)");
            }
            if (depth > MAX_DEPTH) {
                return fail(line, col, "YAML: nested deeper than " + MAX_DEPTH + " levels");
            }
            if (node instanceof ScalarNode s) {
                return new YamlNode.Scalar(s.getValue(), type(s.getTag()), line, col);
            }
            if (!open.add(node)) {
                return fail(line, col, "YAML: recursive alias");
            }
            try {
                if (node instanceof SequenceNode seq) {
                    List<YamlNode> items = new ArrayList<>(seq.getValue().size());
                    for (Node child : seq.getValue()) {
                        items.add(convert(child, depth + 1));
                    }
                    return error != null ? null : new YamlNode.Sequence(List.copyOf(items), line, col);
                }
                MappingNode map = (MappingNode) node;
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, YamlNode.Scalar> keys = new LinkedHashMap<>();
                for (NodeTuple t : map.getValue()) {
                    YamlNode k = convert(t.getKeyNode(), depth + 1);
                    if (error != null) {
                        return null;
                    }
                    if (!(k instanceof YamlNode.Scalar ks)) {
                        return fail(k.line(), k.column(), "YAML: a map key must be a plain value, not " + YamlNode.kind(k));
                    }
                    String key = ks.isNull() && ks.text().isEmpty() ? "" : ks.text();
                    if (entries.containsKey(key)) {
                        return fail(ks.line(), ks.column(), "duplicate key '" + key + "' (first at line " + keys.get(key).line() + ")");
                    }
                    YamlNode v = convert(t.getValueNode(), depth + 1);
                    if (error != null) {
                        return null;
                    }
                    entries.put(key, v);
                    keys.put(key, ks);
                }
                return new YamlNode.Mapping(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keys), line, col);
            } finally {
                open.remove(node);
            }
        }

        private YamlNode fail(int line, int col, String message) {
            if (error == null) {
                error = message;
                errorLine = line;
                errorColumn = col;
            }
            return null;
        }

        private static YamlNode.ScalarType type(Tag tag) {
            if (Tag.INT.equals(tag)) {
                return YamlNode.ScalarType.INTEGER;
            }
            if (Tag.FLOAT.equals(tag)) {
                return YamlNode.ScalarType.FLOAT;
            }
            if (Tag.BOOL.equals(tag)) {
                return YamlNode.ScalarType.BOOLEAN;
            }
            if (Tag.NULL.equals(tag)) {
                return YamlNode.ScalarType.NULL;
            }
            return YamlNode.ScalarType.STRING;
        }
    }
}
