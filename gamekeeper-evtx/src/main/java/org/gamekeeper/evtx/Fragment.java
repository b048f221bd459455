package org.gamekeeper.evtx;

/**
 * A Binary XML fragment ready to render: the static nodes (a template's, or raw elements) and
 * the values to substitute into them. A record's event is one fragment; a Binary XML value
 * inside it (UserData, typically) is another.
 */
final class Fragment {
    final Template template;
    final SubstitutionArray values;

    Fragment(Template template, SubstitutionArray values) {
        this.template = template;
        this.values = values;
    }

    TemplateNode[] nodes() {
        return template.nodes;
    }

    /** The nested fragment of a Binary XML value (parsed with the record), or null. */
    Fragment nested(int index) {
        return values.nestedOrNull(index);
    }
}
