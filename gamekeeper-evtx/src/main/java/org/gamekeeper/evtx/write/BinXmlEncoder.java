package org.gamekeeper.evtx.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;

/**
 * Encodes an event tree as Binary XML the way Windows writes it into a chunk: a fragment header
 * and a template instance whose definition holds the structure (every attribute and text value
 * replaced by an optional substitution) and whose instance data holds the typed values.
 * Events with the same structure share one definition per chunk, keyed by that structure; the
 * definition's GUID is derived from the structure so the same shape gets the same GUID in
 * every chunk and every run.
 */
final class BinXmlEncoder {

    static final int EOF = 0x00;
    private static final int OPEN_START_ELEMENT = 0x01;
    private static final int CLOSE_START_ELEMENT = 0x02;
    private static final int CLOSE_EMPTY_ELEMENT = 0x03;
    private static final int END_ELEMENT = 0x04;
    private static final int VALUE = 0x05;
    private static final int ATTRIBUTE = 0x06;
    private static final int CDATA = 0x07;
    private static final int CHAR_REF = 0x08;
    private static final int ENTITY_REF = 0x09;
    private static final int PI_TARGET = 0x0a;
    private static final int PI_DATA = 0x0b;
    private static final int TEMPLATE_INSTANCE = 0x0c;
    private static final int OPTIONAL_SUBSTITUTION = 0x0e;
    private static final int FRAGMENT_HEADER = 0x0f;
    private static final int MORE = 0x40;

    private BinXmlEncoder() {
    }

    /** A fragment: header, then a template instance for {@code root}. */
    static void writeFragment(ChunkWriter w, XmlNode.Element root) {
        fragmentHeader(w);
        writeTemplateInstance(w, root);
    }

    private static void fragmentHeader(ChunkWriter w) {
        w.u8(FRAGMENT_HEADER);
        w.u8(1);
        w.u8(1);
        w.u8(0);
    }

    private static void writeTemplateInstance(ChunkWriter w, XmlNode.Element root) {
        StringBuilder shape = new StringBuilder(256);
        List<Value> values = new ArrayList<>();
        describe(root, shape, values);
        if (values.size() > 0xffff) {
            throw new IllegalArgumentException("more than 65535 values in one event");
        }
        String key = shape.toString();
        byte[] guid = guidOf(key);

        w.u8(TEMPLATE_INSTANCE);
        w.u8(1);
        w.bytes(new byte[] {guid[0], guid[1], guid[2], guid[3]});
        int existing = w.templateOffset(key);
        if (existing >= 0) {
            w.u32(existing);
        } else {
            int definition = w.position() + 4;
            w.u32(definition);
            int linkAt = w.position();
            w.u32(0);
            w.bytes(guid);
            int sizeAt = w.position();
            w.u32(0);
            int dataStart = w.position();
            fragmentHeader(w);
            writeElement(w, root, new int[1]);
            w.u8(EOF);
            w.patchU32(sizeAt, w.position() - dataStart);
            w.patchU32(linkAt, w.addTemplate(key, guid, definition));
        }

        w.u32(values.size());
        int descriptors = w.position();
        for (int i = 0; i < values.size(); i++) {
            w.u32(0);
        }
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            int start = w.position();
            ValueEncoder.write(w, v);
            int size = w.position() - start;
            if (size > 0xffff) {
                throw new IllegalArgumentException("value larger than 65535 bytes: " + v.type());
            }
            w.patchU16(descriptors + 4 * i, size);
            w.patchU16(descriptors + 4 * i + 2, typeCode(v));
        }
    }

    static int typeCode(Value v) {
        return v.type().code() | (v.array() ? 0x80 : 0);
    }

    /** The structure key and the values in substitution order: the same walk as writeElement. */
    private static void describe(XmlNode.Element e, StringBuilder shape, List<Value> values) {
        shape.append('<').append(e.name().length()).append(':').append(e.name());
        for (XmlNode.Attribute a : e.attributes()) {
            shape.append(" @").append(a.name().length()).append(':').append(a.name()).append('=');
            for (XmlNode part : a.value()) {
                describePart(part, shape, values);
            }
        }
        shape.append('>');
        for (XmlNode child : e.children()) {
            if (child instanceof XmlNode.Element c) {
                describe(c, shape, values);
            } else {
                describePart(child, shape, values);
            }
        }
        shape.append("</>");
    }

    private static void describePart(XmlNode part, StringBuilder shape, List<Value> values) {
        if (part instanceof Value v) {
            shape.append('%').append(typeCode(v)).append(';');
            values.add(v);
        } else if (part instanceof XmlNode.CharRef r) {
            shape.append("&#").append(r.codePoint()).append(';');
        } else if (part instanceof XmlNode.EntityRef r) {
            shape.append('&').append(r.name().length()).append(':').append(r.name());
        } else if (part instanceof XmlNode.CData c) {
            shape.append("[CDATA").append(c.text().length()).append(':').append(c.text());
        } else if (part instanceof XmlNode.ProcessingInstruction p) {
            shape.append("<?").append(p.target().length()).append(':').append(p.target())
                    .append(p.data().length()).append(':').append(p.data());
        } else {
            throw new IllegalArgumentException("an element cannot appear here: " + part);
        }
    }

    private static void writeElement(ChunkWriter w, XmlNode.Element e, int[] nextId) {
        boolean hasAttributes = !e.attributes().isEmpty();
        w.u8(hasAttributes ? OPEN_START_ELEMENT | MORE : OPEN_START_ELEMENT);
        w.u16(0xffff); // no dependency: Windows writes 0xffff unless an element hangs on a value
        int sizeAt = w.position();
        w.u32(0);
        int start = w.position();
        w.name(e.name());
        if (hasAttributes) {
            int listSizeAt = w.position();
            w.u32(0);
            int listStart = w.position();
            List<XmlNode.Attribute> attributes = e.attributes();
            for (int i = 0; i < attributes.size(); i++) {
                XmlNode.Attribute a = attributes.get(i);
                w.u8(i < attributes.size() - 1 ? ATTRIBUTE | MORE : ATTRIBUTE);
                w.name(a.name());
                if (a.value().isEmpty()) {
                    w.u8(VALUE);
                    w.u8(ValueType.STRING.code());
                    w.u16(0);
                }
                for (int p = 0; p < a.value().size(); p++) {
                    writePart(w, a.value().get(p), p < a.value().size() - 1, nextId);
                }
            }
            w.patchU32(listSizeAt, w.position() - listStart);
        }
        if (e.children().isEmpty()) {
            w.u8(CLOSE_EMPTY_ELEMENT);
        } else {
            w.u8(CLOSE_START_ELEMENT);
            List<XmlNode> children = e.children();
            for (int i = 0; i < children.size(); i++) {
                XmlNode child = children.get(i);
                if (child instanceof XmlNode.Element c) {
                    writeElement(w, c, nextId);
                } else {
                    boolean more = i < children.size() - 1 && !(children.get(i + 1) instanceof XmlNode.Element);
                    writePart(w, child, more, nextId);
                }
            }
            w.u8(END_ELEMENT);
        }
        w.patchU32(sizeAt, w.position() - start);
    }

    private static void writePart(ChunkWriter w, XmlNode part, boolean more, int[] nextId) {
        int flag = more ? MORE : 0;
        if (part instanceof Value v) {
            w.u8(OPTIONAL_SUBSTITUTION);
            w.u16(nextId[0]++);
            w.u8(typeCode(v));
        } else if (part instanceof XmlNode.CharRef r) {
            // Without the "more" bit: libevtx refuses 0x48 and 0x49, and readers do not need it.
            w.u8(CHAR_REF);
            w.u16(r.codePoint());
        } else if (part instanceof XmlNode.EntityRef r) {
            w.u8(ENTITY_REF);
            w.name(r.name());
        } else if (part instanceof XmlNode.CData c) {
            w.u8(CDATA | flag);
            w.u16(c.text().length());
            w.utf16(c.text());
        } else if (part instanceof XmlNode.ProcessingInstruction p) {
            w.u8(PI_TARGET);
            w.name(p.target());
            w.u8(PI_DATA);
            w.u16(p.data().length());
            w.utf16(p.data());
        }
    }

    /** A GUID for a template structure: the first 16 bytes of its SHA-256, stable across runs. */
    private static byte[] guidOf(String shape) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            byte[] guid = new byte[16];
            System.arraycopy(digest, 0, guid, 0, 16);
            return guid;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
