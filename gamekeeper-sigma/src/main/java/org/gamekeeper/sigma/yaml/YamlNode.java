package org.gamekeeper.sigma.yaml;

import java.util.List;
import java.util.Map;

/** A YAML node with the place it was written; the only form rule readers see. */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    /** 1-based line of the node's first character. */
    int line();

    /** 1-based column of the node's first character. */
    int column();

    /** The YAML type of a scalar as the core schema resolves it. */
    enum ScalarType { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    /** A scalar: its text as written (after YAML unquoting) and its resolved type. */
    record Scalar(String text, ScalarType type, int line, int column) implements YamlNode {
        public boolean isNull() {
            return type == ScalarType.NULL;
        }
    }

    record Sequence(List<YamlNode> items, int line, int column) implements YamlNode { }

    /** A mapping with string keys in document order; {@code keys} carries each key's own place. */
    record Mapping(Map<String, YamlNode> entries, Map<String, Scalar> keys, int line, int column) implements YamlNode {
        public YamlNode get(String key) {
            return entries.get(key);
        }
    }

    /** A short name of the node's kind for messages ("a list", "a map", "a text"). */
    static String kind(YamlNode node) {
        if (node instanceof Sequence) {
            return "a list";
        }
        if (node instanceof Mapping) {
            return "a map";
        }
        Scalar s = (Scalar) node;
        return switch (s.type()) {
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case INTEGER, FLOAT -> "a number";
            case STRING -> "a text";
        };
    }
}
