package org.gamekeeper.evtx.binxml;

import java.util.List;

/**
 * The one intermediate form of an event: the XML tree that Binary XML describes, with typed
 * values. Renderers (JSON, XML) and the writer work on this form; the reader's hot paths
 * avoid building it (see {@code EventRecord}) and build it only when asked.
 */
public sealed interface XmlNode permits XmlNode.Element, Value, XmlNode.CharRef, XmlNode.EntityRef,
        XmlNode.CData, XmlNode.ProcessingInstruction {

    /** An element with its attributes and content, in document order. */
    record Element(String name, List<Attribute> attributes, List<XmlNode> children) implements XmlNode {
        public Element {
            attributes = List.copyOf(attributes);
            children = List.copyOf(children);
        }

        /** The first child element with this name, or null. */
        public Element child(String childName) {
            for (XmlNode n : children) {
                if (n instanceof Element e && e.name.equals(childName)) {
                    return e;
                }
            }
            return null;
        }

        /** The attribute with this name, or null. */
        public Attribute attribute(String attributeName) {
            for (Attribute a : attributes) {
                if (a.name().equals(attributeName)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** An attribute; its value is a sequence of {@link Value}, {@link CharRef} and {@link EntityRef} parts. */
    record Attribute(String name, List<XmlNode> value) {
        public Attribute {
            value = List.copyOf(value);
        }
    }

    /** A character entity reference ({@code &#38;}). */
    record CharRef(int codePoint) implements XmlNode { }

    /** A named entity reference ({@code &amp;}). */
    record EntityRef(String name) implements XmlNode { }

    /** A CDATA section. */
    record CData(String text) implements XmlNode { }

    /** A processing instruction. */
    record ProcessingInstruction(String target, String data) implements XmlNode { }
}
