package org.gamekeeper.evtx;

import java.util.List;

/**
 * A parsed template definition (or the raw elements of a record that uses none). Immutable and
 * shared by every record of its chunk; the field plan is computed once, on first field lookup.
 */
final class Template {
    /** The synthetic template of raw Binary XML that has no template instance. */
    final TemplateNode[] nodes;
    final int definitionOffset;
    private volatile FieldPlan plan;
    /** Plans for this template used inside another event's Binary XML value, by element path. */
    private final java.util.concurrent.ConcurrentHashMap<List<String>, FieldPlan> nestedPlans = new java.util.concurrent.ConcurrentHashMap<>(2);

    Template(TemplateNode[] nodes, int definitionOffset) {
        this.nodes = nodes;
        this.definitionOffset = definitionOffset;
    }

    FieldPlan plan() {
        FieldPlan p = plan;
        if (p == null) {
            p = FieldPlan.of(nodes, List.of());
            plan = p;
        }
        return p;
    }

    /** The plan for this template used below the element path {@code prefix}. */
    FieldPlan plan(List<String> prefix) {
        if (prefix.isEmpty()) {
            return plan();
        }
        return nestedPlans.computeIfAbsent(prefix, k -> FieldPlan.of(nodes, k));
    }
}
