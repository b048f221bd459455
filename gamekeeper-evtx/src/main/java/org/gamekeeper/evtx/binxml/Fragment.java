package org.gamekeeper.evtx.binxml;

/**
 * A Binary XML fragment ready to render: the static nodes (a template's, or raw elements) and
 * the values to substitute into them. A record's event is one fragment; a Binary XML value
 * inside it (UserData, typically) is another. Public for the renderers and the reader: internal
 * to the library.
 */
public final class Fragment {
    public final Template template;
    public final SubstitutionArray values;

    Fragment(Template template, SubstitutionArray values) {
        this.template = template;
        this.values = values;
    }

    public TemplateNode[] nodes() {
        return template.nodes;
    }

    /** The nested fragment of a Binary XML value (parsed with the record), or null. */
    public Fragment nested(int index) {
        return values.nestedOrNull(index);
    }

    /** This fragment as the intermediate form: the XML tree with typed values. */
    public XmlNode.Element toElement() {
        return Expander.element(this);
    }

    /** The text of an attribute of this fragment's nodes: its parts' text, NULL values as nothing. */
    public String attributeText(TemplateNode.Attribute a) {
        TemplateNode[] parts = a.value();
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Text t) {
            return t.text();
        }
        StringBuilder sb = new StringBuilder();
        for (TemplateNode p : a.value()) {
            if (p instanceof TemplateNode.Text t) {
                sb.append(t.text());
            } else if (p instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = values;
                if (!v.isNull(s.index())) {
                    ValueFormat.appendText(sb, v.data, v.offsets[s.index()], v.sizes[s.index()], v.type(s.index()));
                }
            } else if (p instanceof TemplateNode.CharRef c) {
                sb.appendCodePoint(c.codePoint());
            } else if (p instanceof TemplateNode.EntityRef r) {
                sb.append(r.text());
            }
        }
        return sb.toString();
    }

    /** An attribute made only of NULL substitutions is left out, as Windows' renderer does. */
    public boolean absent(TemplateNode.Attribute a) {
        if (a.value().length == 0) {
            return false;
        }
        for (TemplateNode p : a.value()) {
            if (!(p instanceof TemplateNode.Substitution s) || !values.isNull(s.index())) {
                return false;
            }
        }
        return true;
    }
}
