package org.gamekeeper.evtx.binxml;

import java.util.ArrayList;
import java.util.List;

/** Expands a fragment (template plus values) into the {@link XmlNode} tree, the intermediate form. */
final class Expander {
    private Expander() {
    }

    /** The fragment's single top-level element (the first, if a fragment holds several). */
    static XmlNode.Element element(Fragment f) {
        List<XmlNode> nodes = new ArrayList<>(1);
        content(f.nodes(), f, nodes);
        for (XmlNode n : nodes) {
            if (n instanceof XmlNode.Element e) {
                return e;
            }
        }
        return new XmlNode.Element("", List.of(), nodes);
    }

    static void content(TemplateNode[] nodes, Fragment f, List<XmlNode> out) {
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element e) {
                out.add(element(e, f));
            } else if (n instanceof TemplateNode.Text t) {
                out.add(Value.string(t.text()));
            } else if (n instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = f.values;
                if (v.isNull(s.index())) {
                    continue;
                }
                Fragment nested = f.nested(s.index());
                if (nested != null) {
                    content(nested.nodes(), nested, out);
                } else {
                    out.add(value(f, s.index()));
                }
            } else if (n instanceof TemplateNode.CharRef c) {
                out.add(new XmlNode.CharRef(c.codePoint()));
            } else if (n instanceof TemplateNode.EntityRef r) {
                out.add(new XmlNode.EntityRef(r.name()));
            } else if (n instanceof TemplateNode.CData c) {
                out.add(new XmlNode.CData(c.text()));
            } else if (n instanceof TemplateNode.ProcessingInstruction p) {
                out.add(new XmlNode.ProcessingInstruction(p.target(), p.data()));
            } else if (n instanceof TemplateNode.NestedFragment nf) {
                content(nf.fragment().nodes(), nf.fragment(), out);
            }
        }
    }

    static Value value(Fragment f, int i) {
        SubstitutionArray v = f.values;
        return ValueFormat.decode(v.data, v.offsets[i], v.sizes[i], v.type(i), f.nested(i));
    }

    private static XmlNode.Element element(TemplateNode.Element e, Fragment f) {
        List<XmlNode.Attribute> attributes = new ArrayList<>(e.attributes().length);
        for (TemplateNode.Attribute a : e.attributes()) {
            if (f.absent(a)) {
                continue;
            }
            List<XmlNode> parts = new ArrayList<>(a.value().length);
            content(a.value(), f, parts);
            attributes.add(new XmlNode.Attribute(a.name(), parts));
        }
        List<XmlNode> children = new ArrayList<>(e.children().length);
        content(e.children(), f, children);
        return new XmlNode.Element(e.name(), attributes, children);
    }
}
