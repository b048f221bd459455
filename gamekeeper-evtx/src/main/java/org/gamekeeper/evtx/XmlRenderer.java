package org.gamekeeper.evtx;

/**
 * Renders a fragment as event XML the way Windows' own renderer does (wevtutil, Event Viewer's
 * XML view): one line, single-quoted attributes, empty elements closed with {@code />}, NULL
 * optional attributes left out, array values repeating their element.
 */
final class XmlRenderer {
    private XmlRenderer() {
    }

    static void render(Fragment f, JsonOut out) {
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
                out.raw("&#").number(c.codePoint()).raw(';');
            } else if (n instanceof TemplateNode.EntityRef r) {
                out.raw('&').raw(r.name()).raw(';');
            } else if (n instanceof TemplateNode.CData c) {
                out.raw("<![CDATA[").xmlText(c.text().replace("]]>", "]]]]><![CDATA[>"), false).raw("]]>");
            } else if (n instanceof TemplateNode.ProcessingInstruction p) {
                out.raw("<?").raw(p.target());
                if (!p.data().isEmpty()) {
                    out.raw(' ').xmlText(p.data(), false);
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
                out.raw('>').xmlText(item, false).raw("</").raw(e.name()).raw('>');
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
            out.raw("</").raw(e.name()).raw('>');
        }
    }

    private static void start(TemplateNode.Element e, Fragment f, JsonOut out) {
        out.raw('<').raw(e.name());
        if (e.name().equals("Event") && e.attributes().length == 0) {
            // Templates store the namespace as an attribute; keep output valid XML if one does not.
            out.raw(" xmlns='http://schemas.microsoft.com/win/2004/08/events/event'");
        }
        for (TemplateNode.Attribute a : e.attributes()) {
            if (Expander.absent(a, f)) {
                continue;
            }
            out.raw(' ').raw(a.name()).raw("='");
            out.xmlText(JsonRenderer.attributeText(a, f), true);
            out.raw('\'');
        }
    }
}
