package org.gamekeeper.evtx;

/**
 * A parsed template definition (or the raw elements of a record that uses none). Immutable and
 * shared by every record of its chunk; the field plan is computed once, on first field lookup.
 */
final class Template {
    /** The synthetic template of raw Binary XML that has no template instance. */
    final TemplateNode[] nodes;
    final int definitionOffset;
    private volatile FieldPlan plan;

    Template(TemplateNode[] nodes, int definitionOffset) {
        this.nodes = nodes;
        this.definitionOffset = definitionOffset;
    }

    FieldPlan plan() {
        FieldPlan p = plan;
        if (p == null) {
            p = FieldPlan.of(nodes);
            plan = p;
        }
        return p;
    }
}
