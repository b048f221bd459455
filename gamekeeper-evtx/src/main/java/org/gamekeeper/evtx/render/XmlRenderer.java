package org.gamekeeper.evtx.render;

import java.util.Set;
import org.gamekeeper.evtx.binxml.Fragment;
import org.gamekeeper.evtx.binxml.SubstitutionArray;
import org.gamekeeper.evtx.binxml.TemplateNode;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.ValueType;

/**
 * Renders a fragment as event XML the way Windows' own renderer does (wevtutil, Event Viewer's
 * XML view): one line, single-quoted attributes, empty elements closed with {@code />}, NULL
 * optional attributes left out, array values repeating their element.
 */
public final class XmlRenderer {
    private XmlRenderer() {
    }

    public static void render(Fragment f, JsonOut out) {
        content(f.nodes(), f, out);
    }

    private static void content(TemplateNode[] nodes, Fragment f, JsonOut out) {
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element e) {
                element(e, f, out);
            } else if (n instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = f.values;
                if (v.isNull(s.index())) {
                    continue;
                }
                Fragment nested = f.nested(s.index());
                if (nested != null) {
                    content(nested.nodes(), nested, out);
                } else if (v.type(s.index()) != ValueType.BIN_XML.code()) {
                    valueText(v, s.index(), out);
                }
            } else if (n instanceof TemplateNode.Text t) {
                out.xmlText(t.text(), false);
            } else if (n instanceof TemplateNode.CharRef c) {
                if (xmlChar(c.codePoint())) {
                    out.raw("&#").number(c.codePoint()).raw(';');
                } else {
                    out.codePoint(0xfffd);
                }
            } else if (n instanceof TemplateNode.EntityRef r) {
                if (PREDEFINED.contains(r.name())) {
                    out.raw('&').raw(r.name()).raw(';');
                } else {
                    // An entity no declaration defines would make the line ill-formed: written as its text.
                    out.xmlText(r.text(), false);
                }
            } else if (n instanceof TemplateNode.CData c) {
                out.raw("<![CDATA[").xmlText(c.text().replace("]]>", "]]]]><![CDATA[>"), false).raw("]]>");
            } else if (n instanceof TemplateNode.ProcessingInstruction p) {
                String target = name(p.target());
                out.raw("<?").raw(target.equalsIgnoreCase("xml") ? "_" + target : target);
                if (!p.data().isEmpty()) {
                    out.raw(' ').xmlText(p.data().replace("?>", "? >"), false);
                }
                out.raw("?>");
            } else if (n instanceof TemplateNode.NestedFragment nf) {
                content(nf.fragment().nodes(), nf.fragment(), out);
            }
        }
    }

    private static void valueText(SubstitutionArray v, int i, JsonOut out) {
        int type = v.type(i);
        if (type == ValueType.STRING.code()) {
            int chars = v.sizes[i] >>> 1;
            byte[] b = v.data;
            int off = v.offsets[i];
            while (chars > 0 && b[off + 2 * chars - 2] == 0 && b[off + 2 * chars - 1] == 0) {
                chars--;
            }
            out.utf16Body(b, off, chars, false);
            return;
        }
        StringBuilder sb = new StringBuilder(24);
        ValueFormat.appendText(sb, v.data, v.offsets[i], v.sizes[i], type);
        out.xmlText(sb, false);
    }

    private static void element(TemplateNode.Element e, Fragment f, JsonOut out) {
        TemplateNode[] children = e.children();
        // [MS-EVEN6]: an array substitution as an element's whole content repeats the element per item.
        if (children.length == 1 && children[0] instanceof TemplateNode.Substitution s && !f.values.isNull(s.index())
                && (f.values.type(s.index()) & 0x80) != 0 && (f.values.type(s.index()) & 0x7f) != ValueType.BINARY.code()) {
            SubstitutionArray v = f.values;
            for (String item : ValueFormat.arrayTexts(v.data, v.offsets[s.index()], v.sizes[s.index()], v.type(s.index()))) {
                start(e, f, out);
                out.raw('>').xmlText(item, false).raw("</").raw(name(e.name())).raw('>');
            }
            return;
        }
        start(e, f, out);
        int mark = out.length();
        out.raw('>');
        content(children, f, out);
        if (out.length() == mark + 1) {
            out.setLength(mark);
            out.raw("/>");
        } else {
            out.raw("</").raw(name(e.name())).raw('>');
        }
    }

    private static void start(TemplateNode.Element e, Fragment f, JsonOut out) {
        out.raw('<').raw(name(e.name()));
        if (e.name().equals("Event") && e.attributes().length == 0) {
            // Templates store the namespace as an attribute; keep output valid XML if one does not.
            out.raw(" xmlns='http://schemas.microsoft.com/win/2004/08/events/event'");
        }
        TemplateNode.Attribute[] attributes = e.attributes();
        for (int i = 0; i < attributes.length; i++) {
            TemplateNode.Attribute a = attributes[i];
            if (f.absent(a) || repeated(attributes, i)) {
                continue;
            }
            out.raw(' ').raw(name(a.name())).raw("='");
            out.xmlText(f.attributeText(a), true);
            out.raw('\'');
        }
    }

    private static final Set<String> PREDEFINED = Set.of("amp", "lt", "gt", "apos", "quot");

    /** An attribute written before under the same name (damaged templates repeat them; XML forbids it). */
    private static boolean repeated(TemplateNode.Attribute[] attributes, int i) {
        for (int k = 0; k < i; k++) {
            if (attributes[k].name().equals(attributes[i].name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean xmlChar(int c) {
        return c == 0x9 || c == 0xa || c == 0xd || c >= 0x20 && c <= 0xd7ff || c >= 0xe000 && c <= 0xfffd;
    }

    /** Longest name written whole: XML parsers refuse long ones by default (the JDK's at 1,000 characters). */
    private static final int MAX_NAME = 256;

    /**
     * The name as XML can hold it: the names of real events always can (and are returned as
     * they are); in damaged ones each character that is not an ASCII name character becomes {@code _},
     * and a name longer than {@link #MAX_NAME} is cut there.
     */
    static String name(String n) {
        if (n.length() > MAX_NAME) {
            return fixName(n.substring(0, MAX_NAME));
        }
        for (int i = 0; i < n.length(); i++) {
            if (!nameChar(n.charAt(i), i == 0)) {
                return fixName(n);
            }
        }
        return n.isEmpty() ? "_" : n;
    }

    private static String fixName(String n) {
        StringBuilder sb = new StringBuilder(n.length());
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            sb.append(nameChar(c, i == 0) ? c : '_');
        }
        return sb.toString();
    }

    /**
     * The ASCII part of XML's name characters. Real event names are ASCII; a non-ASCII character
     * in a name is damage, and XML parsers do not agree on which of those a name may hold
     * (the fourth and fifth editions of XML 1.0 differ), so it is written as {@code _}.
     */
    private static boolean nameChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':'
                || !first && (c >= '0' && c <= '9' || c == '-' || c == '.');
    }
}
