package org.gamekeeper.evtx.binxml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses Binary XML ([MS-EVEN6] 2.2.12; libyal "Binary XML") inside one chunk. Names and
 * template definitions are cached by their chunk offset, as the format intends: the first
 * record that uses one stores it inline, later records refer back to it.
 *
 * <p>Part of the attack surface: it reads hostile bytes. Every read is bounded by the record
 * ({@code Cursor}); nesting is bounded ({@link #MAX_ELEMENT_DEPTH}, {@link #MAX_FRAGMENT_DEPTH},
 * {@link #MAX_TEMPLATE_NESTING}), so is the number of values ({@link #MAX_SUBSTITUTIONS}), and a
 * template definition that instantiates itself is refused. Public for the reader: internal to the library.
 */
public final class BinXmlParser {
    static final int TOKEN_EOF = 0x00;
    static final int TOKEN_OPEN_START = 0x01;
    static final int TOKEN_CLOSE_START = 0x02;
    static final int TOKEN_CLOSE_EMPTY = 0x03;
    static final int TOKEN_END_ELEMENT = 0x04;
    static final int TOKEN_VALUE = 0x05;
    static final int TOKEN_ATTRIBUTE = 0x06;
    static final int TOKEN_CDATA = 0x07;
    static final int TOKEN_CHARREF = 0x08;
    static final int TOKEN_ENTITYREF = 0x09;
    static final int TOKEN_PI_TARGET = 0x0a;
    static final int TOKEN_PI_DATA = 0x0b;
    static final int TOKEN_TEMPLATE_INSTANCE = 0x0c;
    static final int TOKEN_NORMAL_SUBST = 0x0d;
    static final int TOKEN_OPTIONAL_SUBST = 0x0e;
    static final int TOKEN_FRAGMENT_HEADER = 0x0f;

    /** Deepest element nesting accepted; real events nest a handful of levels. */
    public static final int MAX_ELEMENT_DEPTH = 64;
    /** Deepest Binary XML value nesting accepted (a value holding a fragment holding a value...). */
    public static final int MAX_FRAGMENT_DEPTH = 8;
    static final int MAX_SUBSTITUTIONS = 4096;
    /**
     * Most template instances open at once while parsing (one inside another's definition or
     * values); Windows nests one or two. Every recursion of this parser passes through a template
     * instance, so this with {@link #MAX_ELEMENT_DEPTH} bounds its stack.
     */
    static final int MAX_TEMPLATE_NESTING = 16;
    private static final byte BIN_XML = (byte) ValueType.BIN_XML.code();
    /** Names and template definitions lie after the chunk header (the reader's {@code ChunkHeader.HEADER_SIZE}). */
    private static final int CHUNK_HEADER_SIZE = 512;

    private static final TemplateNode[] NO_NODES = new TemplateNode[0];
    private static final TemplateNode.Attribute[] NO_ATTRIBUTES = new TemplateNode.Attribute[0];

    private final byte[] b;
    private final NameTable names = new NameTable();
    private final Map<Integer, Template> templates = new HashMap<>();
    /** Set while a template definition is read: where its names are, to decide whether it can be shared. */
    private SharedTemplates.Layout layout;
    /** Template instances being parsed, innermost last. */
    private int openInstances;
    /** Definitions being parsed (chunk offsets): one met again inside itself is a cycle. */
    private final ArrayDeque<Integer> openDefinitions = new ArrayDeque<>(4);

    public BinXmlParser(byte[] chunk) {
        this.b = chunk;
    }

    /**
     * Parses a record's event: its fragment, which must hold an element (a fragment of nothing
     * but a damaged template renders as no event at all, and {@code {}} is not one).
     */
    public Fragment parseEvent(int start, int end) throws BinXmlException {
        Fragment f = parseFragment(start, end, 0);
        if (!hasElement(f.nodes())) {
            throw new BinXmlException(start, "the event holds no element");
        }
        return f;
    }

    private static boolean hasElement(TemplateNode[] nodes) {
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element
                    || n instanceof TemplateNode.NestedFragment nf && hasElement(nf.fragment().nodes())) {
                return true;
            }
        }
        return false;
    }

    /** Parses the fragment (or fragments) of a record's event, from {@code start} to {@code end}. */
    Fragment parseFragment(int start, int end, int fragmentDepth) throws BinXmlException {
        if (fragmentDepth > MAX_FRAGMENT_DEPTH) {
            throw new BinXmlException(start, "Binary XML values nested deeper than " + MAX_FRAGMENT_DEPTH);
        }
        Cursor c = new Cursor(start, end);
        List<TemplateNode> raw = null;
        Fragment result = null;
        while (c.pos < end) {
            int token = u8(c);
            switch (token & 0xbf) {
                case TOKEN_EOF:
                    c.pos++;
                    return finish(result, raw, start);
                case TOKEN_FRAGMENT_HEADER:
                    c.pos += 4;
                    break;
                case TOKEN_TEMPLATE_INSTANCE: {
                    Fragment f = templateInstance(c, fragmentDepth, 0);
                    if (result == null && raw == null) {
                        result = f;
                    } else {
                        raw = merge(raw, result, f);
                        result = null;
                    }
                    break;
                }
                case TOKEN_OPEN_START: {
                    if (raw == null) {
                        raw = new ArrayList<>(2);
                        if (result != null) {
                            raw.add(asElement(result));
                            result = null;
                        }
                    }
                    raw.add(element(c, 0, true));
                    break;
                }
                case TOKEN_PI_TARGET: {
                    if (raw == null) {
                        raw = new ArrayList<>(2);
                    }
                    raw.add(processingInstruction(c));
                    break;
                }
                default:
                    throw new BinXmlException(c.pos, "unexpected Binary XML token 0x" + Integer.toHexString(token) + " at fragment level");
            }
        }
        // Some writers omit the end-of-file token when the record ends: accept what we have.
        return finish(result, raw, start);
    }

    private static List<TemplateNode> merge(List<TemplateNode> raw, Fragment pending, Fragment f) {
        List<TemplateNode> out = raw == null ? new ArrayList<>() : raw;
        if (pending != null) {
            out.add(asElement(pending));
        }
        out.add(asElement(f));
        return out;
    }

    /** A fragment holding several top-level items is wrapped so the rest of the code sees one tree. */
    private static TemplateNode asElement(Fragment f) {
        return new TemplateNode.NestedFragment(f);
    }

    private Fragment finish(Fragment result, List<TemplateNode> raw, int start) throws BinXmlException {
        if (result != null) {
            return result;
        }
        if (raw == null) {
            throw new BinXmlException(start, "Binary XML fragment holds no element");
        }
        return new Fragment(new Template(raw.toArray(NO_NODES)), SubstitutionArray.EMPTY);
    }

    /** @param elementDepth how deep in elements the instance stands (0 at a fragment's top level) */
    private Fragment templateInstance(Cursor c, int fragmentDepth, int elementDepth) throws BinXmlException {
        if (openInstances >= MAX_TEMPLATE_NESTING) {
            throw new BinXmlException(c.pos, "template instances nested deeper than " + MAX_TEMPLATE_NESTING);
        }
        openInstances++;
        try {
            return templateInstanceBody(c, fragmentDepth, elementDepth);
        } finally {
            openInstances--;
        }
    }

    private Fragment templateInstanceBody(Cursor c, int fragmentDepth, int elementDepth) throws BinXmlException {
        if (layout != null) {
            layout.notShareable();
        }
        int at = c.pos;
        c.need(10);
        int defOffset = Bytes.i32(b, c.pos + 6);
        c.pos += 10;
        Template t;
        if (defOffset == c.pos) {
            c.need(24);
            int dataSize = Bytes.i32(b, c.pos + 20);
            if (dataSize < 0 || (long) c.pos + 24 + dataSize > c.end) {
                throw new BinXmlException(at, "template definition size " + dataSize + " runs past the record");
            }
            t = templates.get(defOffset);
            if (t == null) {
                t = templateDefinition(defOffset);
            }
            c.pos += 24 + dataSize;
        } else {
            t = templates.get(defOffset);
            if (t == null) {
                if (defOffset < CHUNK_HEADER_SIZE || defOffset + 24 > b.length) {
                    throw new BinXmlException(at, "template definition offset " + defOffset + " is outside the chunk");
                }
                t = templateDefinition(defOffset);
            }
        }
        if (elementDepth + t.depth > MAX_ELEMENT_DEPTH) {
            throw new BinXmlException(at, "elements nested deeper than " + MAX_ELEMENT_DEPTH + " through template instances");
        }
        SubstitutionArray values = substitutionArray(c, fragmentDepth);
        return new Fragment(t, values);
    }

    private Template templateDefinition(int defOffset) throws BinXmlException {
        if (openDefinitions.contains(defOffset)) {
            throw new BinXmlException(defOffset, "template definition at chunk offset " + defOffset + " instantiates itself");
        }
        int dataSize = Bytes.i32(b, defOffset + 20);
        int start = defOffset + 24;
        int end = start + dataSize;
        if (dataSize < 0 || end > b.length) {
            throw new BinXmlException(defOffset, "template definition size " + dataSize + " runs past the chunk");
        }
        Template shared = SharedTemplates.find(b, defOffset, dataSize, names);
        if (shared != null) {
            templates.put(defOffset, shared);
            return shared;
        }
        SharedTemplates.Layout outer = layout;
        if (outer != null) {
            outer.notShareable();
        }
        SharedTemplates.Layout mine = new SharedTemplates.Layout(start, end);
        layout = mine;
        openDefinitions.addLast(defOffset);
        try {
            Template t = parseDefinition(start, end);
            templates.put(defOffset, t);
            SharedTemplates.offer(b, defOffset, mine, t);
            return t;
        } finally {
            layout = outer;
            openDefinitions.removeLast();
        }
    }

    private Template parseDefinition(int start, int end) throws BinXmlException {
        Cursor c = new Cursor(start, end);
        List<TemplateNode> nodes = new ArrayList<>(1);
        loop:
        while (c.pos < end) {
            int token = u8(c);
            switch (token & 0xbf) {
                case TOKEN_EOF:
                    break loop;
                case TOKEN_FRAGMENT_HEADER:
                    c.pos += 4;
                    break;
                case TOKEN_OPEN_START:
                    nodes.add(element(c, 0, false));
                    break;
                case TOKEN_PI_TARGET:
                    nodes.add(processingInstruction(c));
                    break;
                default:
                    throw new BinXmlException(c.pos, "unexpected token 0x" + Integer.toHexString(token) + " in template definition");
            }
        }
        return new Template(nodes.toArray(NO_NODES));
    }

    private SubstitutionArray substitutionArray(Cursor c, int fragmentDepth) throws BinXmlException {
        c.need(4);
        long count = Bytes.u32(b, c.pos);
        c.pos += 4;
        if (count > MAX_SUBSTITUTIONS || c.pos + count * 4 > c.end) {
            throw new BinXmlException(c.pos - 4, "template instance claims " + count + " values");
        }
        int n = (int) count;
        int[] sizes = new int[n];
        byte[] types = new byte[n];
        // Locals and plain byte reads: this loop runs for every value of every record.
        byte[] d = b;
        int pos = c.pos;
        for (int i = 0; i < n; i++) {
            sizes[i] = (d[pos] & 0xff) | (d[pos + 1] & 0xff) << 8;
            types[i] = d[pos + 2];
            pos += 4;
        }
        int[] offsets = new int[n];
        int end = c.end;
        boolean anyBinXml = false;
        for (int i = 0; i < n; i++) {
            offsets[i] = pos;
            if (pos + sizes[i] > end) {
                c.pos = pos;
                throw new BinXmlException(pos, "value " + i + " of size " + sizes[i] + " runs past the record");
            }
            pos += sizes[i];
            anyBinXml |= types[i] == BIN_XML;
        }
        c.pos = pos;
        SubstitutionArray values = new SubstitutionArray(b, offsets, sizes, types);
        if (anyBinXml) {
            for (int i = 0; i < n; i++) {
                if (types[i] == BIN_XML && sizes[i] > 0) {
                    values.setNested(i, parseFragment(offsets[i], offsets[i] + sizes[i], fragmentDepth + 1));
                }
            }
        }
        return values;
    }

    /**
     * @param maybeNoDependency the element is raw Binary XML (not a template definition): [MS-EVEN6]
     *        leaves the dependency identifier out of elements inside Binary XML values, so both
     *        layouts are tried and the one whose name offset is consistent wins
     */
    private TemplateNode.Element element(Cursor c, int depth, boolean maybeNoDependency)
            throws BinXmlException {
        if (depth > MAX_ELEMENT_DEPTH) {
            throw new BinXmlException(c.pos, "elements nested deeper than " + MAX_ELEMENT_DEPTH);
        }
        int at = c.pos;
        int token = u8(c);
        c.need(11);
        // [MS-EVEN6]: an element that starts a Binary XML value carries no dependency identifier.
        int headerLen = 11;
        if (maybeNoDependency && !plausibleName(Bytes.i32(b, at + 7), at + 11) && plausibleName(Bytes.i32(b, at + 5), at + 9)) {
            headerLen = 9;
        }
        c.pos = at + headerLen;
        String name = name(c, at + headerLen - 4);
        TemplateNode.Attribute[] attributes = NO_ATTRIBUTES;
        if ((token & 0x40) != 0) {
            c.need(4);
            c.pos += 4; // attribute list size: the tokens themselves tell where it ends
            List<TemplateNode.Attribute> attrs = new ArrayList<>(4);
            while (c.pos < c.end) {
                int t = u8(c);
                if ((t & 0xbf) != TOKEN_ATTRIBUTE) {
                    break;
                }
                c.need(5);
                int field = c.pos + 1;
                c.pos += 5;
                String attrName = name(c, field);
                attrs.add(new TemplateNode.Attribute(attrName, attributeValue(c)));
            }
            attributes = attrs.toArray(NO_ATTRIBUTES);
        }
        int close = u8(c);
        if (close == TOKEN_CLOSE_EMPTY) {
            c.pos++;
            return new TemplateNode.Element(name, attributes, NO_NODES);
        }
        if (close != TOKEN_CLOSE_START) {
            throw new BinXmlException(c.pos, "element <" + name + "> start not closed (token 0x" + Integer.toHexString(close) + ")");
        }
        c.pos++;
        List<TemplateNode> children = new ArrayList<>(4);
        while (true) {
            int t = u8(c);
            switch (t & 0xbf) {
                case TOKEN_END_ELEMENT:
                    c.pos++;
                    return new TemplateNode.Element(name, attributes, children.toArray(NO_NODES));
                case TOKEN_OPEN_START:
                    children.add(element(c, depth + 1, maybeNoDependency));
                    break;
                case TOKEN_VALUE:
                    children.add(valueText(c));
                    break;
                case TOKEN_NORMAL_SUBST:
                case TOKEN_OPTIONAL_SUBST:
                    children.add(substitution(c));
                    break;
                case TOKEN_CDATA:
                    children.add(new TemplateNode.CData(lengthPrefixedString(c, 1)));
                    break;
                case TOKEN_CHARREF:
                    c.need(3);
                    children.add(new TemplateNode.CharRef(Bytes.u16(b, c.pos + 1)));
                    c.pos += 3;
                    break;
                case TOKEN_ENTITYREF:
                    children.add(entityRef(c));
                    break;
                case TOKEN_PI_TARGET:
                    children.add(processingInstruction(c));
                    break;
                case TOKEN_TEMPLATE_INSTANCE:
                    // A template instance as element content (seen in forwarded events): render it in place.
                    children.add(new TemplateNode.NestedFragment(templateInstance(c, 1, depth + 1)));
                    break;
                case TOKEN_FRAGMENT_HEADER:
                    c.pos += 4;
                    break;
                default:
                    throw new BinXmlException(c.pos, "unexpected token 0x" + Integer.toHexString(t) + " in element <" + name + ">");
            }
        }
    }

    private boolean plausibleName(int nameOffset, int inlineAt) {
        if (nameOffset == inlineAt) {
            return true;
        }
        return nameOffset >= CHUNK_HEADER_SIZE && nameOffset < inlineAt && nameOffset + 8 <= b.length
                && names.containsKey(nameOffset);
    }

    private TemplateNode[] attributeValue(Cursor c) throws BinXmlException {
        List<TemplateNode> parts = new ArrayList<>(1);
        while (c.pos < c.end) {
            int t = u8(c);
            switch (t & 0xbf) {
                case TOKEN_VALUE:
                    parts.add(valueText(c));
                    break;
                case TOKEN_NORMAL_SUBST:
                case TOKEN_OPTIONAL_SUBST:
                    parts.add(substitution(c));
                    break;
                case TOKEN_CHARREF:
                    c.need(3);
                    parts.add(new TemplateNode.CharRef(Bytes.u16(b, c.pos + 1)));
                    c.pos += 3;
                    break;
                case TOKEN_ENTITYREF:
                    parts.add(entityRef(c));
                    break;
                default:
                    return parts.toArray(NO_NODES);
            }
        }
        throw new BinXmlException(c.pos, "attribute value runs past the end");
    }

    private TemplateNode.Substitution substitution(Cursor c) throws BinXmlException {
        c.need(4);
        int token = b[c.pos] & 0xff;
        int index = Bytes.u16(b, c.pos + 1);
        int type = b[c.pos + 3] & 0xff;
        c.pos += 4;
        return new TemplateNode.Substitution(index, type, token == TOKEN_OPTIONAL_SUBST);
    }

    private TemplateNode valueText(Cursor c) throws BinXmlException {
        c.need(2);
        int type = b[c.pos + 1] & 0x7f;
        c.pos += 2;
        if (type == ValueType.STRING.code()) {
            c.need(2);
            int chars = Bytes.u16(b, c.pos);
            c.need(2 + 2 * chars);
            String s = Bytes.utf16(b, c.pos + 2, chars);
            c.pos += 2 + 2 * chars;
            return new TemplateNode.Text(s);
        }
        if (type == ValueType.ANSI_STRING.code()) {
            c.need(2);
            int len = Bytes.u16(b, c.pos);
            c.need(2 + len);
            String s = ValueFormat.ansi(b, c.pos + 2, len);
            c.pos += 2 + len;
            return new TemplateNode.Text(s);
        }
        ValueType vt = ValueType.of(type);
        int size = vt == null ? -1 : vt.fixedSize();
        if (size < 0) {
            throw new BinXmlException(c.pos - 2, "value token of unsupported type 0x" + Integer.toHexString(type));
        }
        c.need(size);
        StringBuilder sb = new StringBuilder();
        ValueFormat.appendText(sb, b, c.pos, size, type);
        c.pos += size;
        return new TemplateNode.Text(sb.toString());
    }

    private TemplateNode entityRef(Cursor c) throws BinXmlException {
        c.need(5);
        int field = c.pos + 1;
        c.pos += 5;
        return new TemplateNode.EntityRef(name(c, field));
    }

    private TemplateNode processingInstruction(Cursor c) throws BinXmlException {
        c.need(5);
        int field = c.pos + 1;
        c.pos += 5;
        String target = name(c, field);
        String data = "";
        if (c.pos < c.end && (b[c.pos] & 0xff) == TOKEN_PI_DATA) {
            data = lengthPrefixedString(c, 1);
        }
        return new TemplateNode.ProcessingInstruction(target, data);
    }

    /** Token byte, then a 16-bit character count, then UTF-16LE. */
    private String lengthPrefixedString(Cursor c, int tokenBytes) throws BinXmlException {
        c.need(tokenBytes + 2);
        int chars = Bytes.u16(b, c.pos + tokenBytes);
        c.need(tokenBytes + 2 + 2 * chars);
        String s = Bytes.utf16(b, c.pos + tokenBytes + 2, chars);
        c.pos += tokenBytes + 2 + 2 * chars;
        return s;
    }

    /**
     * Reads the name whose offset is stored at {@code field}; when it is stored inline at the
     * cursor, steps over it. Every name of a template definition is read here, so the layout
     * that decides sharing sees them all.
     */
    private String name(Cursor c, int field) throws BinXmlException {
        int nameOffset = Bytes.i32(b, field);
        boolean inline = nameOffset == c.pos;
        String cached = names.get(nameOffset);
        int length;
        if (cached != null) {
            length = 10 + 2 * cached.length();
        } else {
            if (nameOffset < 0 || nameOffset + 8 > b.length) {
                throw new BinXmlException(c.pos, "name offset " + nameOffset + " is outside the chunk");
            }
            int chars = Bytes.u16(b, nameOffset + 6);
            if (nameOffset + 8 + 2 * chars > b.length) {
                throw new BinXmlException(nameOffset, "name of " + chars + " characters runs past the chunk");
            }
            cached = Bytes.utf16(b, nameOffset + 8, chars).intern();
            names.putIfAbsent(nameOffset, cached);
            length = 10 + 2 * chars;
        }
        if (inline) {
            c.pos += length;
            if (c.pos > c.end) {
                throw new BinXmlException(nameOffset, "inline name runs past the end");
            }
        }
        if (layout != null) {
            layout.name(field, nameOffset, inline, cached);
        }
        return cached;
    }

    private int u8(Cursor c) throws BinXmlException {
        if (c.pos >= c.end) {
            throw new BinXmlException(c.pos, "Binary XML ends early");
        }
        return b[c.pos] & 0xff;
    }

    /**
     * The chunk's names by offset: an open-addressing table of int keys, since every template
     * definition met (shared or not) adds its names here and boxing each offset cost more than
     * the lookups.
     */
    static final class NameTable {
        private static final int EMPTY = Integer.MIN_VALUE;
        private int[] keys = newKeys(64);
        private String[] values = new String[64];
        private int size;

        private static int[] newKeys(int n) {
            int[] k = new int[n];
            Arrays.fill(k, EMPTY);
            return k;
        }

        private int slot(int key) {
            int mask = keys.length - 1;
            int i = (key * 0x9E3779B9) >>> 16 & mask;
            while (keys[i] != EMPTY && keys[i] != key) {
                i = (i + 1) & mask;
            }
            return i;
        }

        String get(int key) {
            return key == EMPTY ? null : values[slot(key)];
        }

        boolean containsKey(int key) {
            return get(key) != null;
        }

        /** Adds a name (offsets are never negative) unless one is known at that offset already. */
        void putIfAbsent(int key, String value) {
            int i = slot(key);
            if (keys[i] != EMPTY) {
                return;
            }
            keys[i] = key;
            values[i] = value;
            if (++size * 2 > keys.length) {
                int[] oldKeys = keys;
                String[] oldValues = values;
                keys = newKeys(oldKeys.length * 2);
                values = new String[oldKeys.length * 2];
                for (int k = 0; k < oldKeys.length; k++) {
                    if (oldKeys[k] != EMPTY) {
                        int j = slot(oldKeys[k]);
                        keys[j] = oldKeys[k];
                        values[j] = oldValues[k];
                    }
                }
            }
        }
    }

    /** A read position with the end it must not cross. */
    private final class Cursor {
        int pos;
        final int end;

        Cursor(int pos, int end) {
            this.pos = pos;
            this.end = Math.min(end, b.length);
        }

        void need(int n) throws BinXmlException {
            if (pos + n > end) {
                throw new BinXmlException(pos, "Binary XML ends early (needs " + n + " bytes)");
            }
        }
    }
}
