package org.gamekeeper.evtx.binxml;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A parsed template definition (or the raw elements of a record that uses none). Immutable and
 * shared by every record of its chunk. Field plans depend only on a template's structure, and
 * the same templates recur in every chunk of a log, so plans are shared across chunks and files
 * through a cache keyed by a 128-bit fingerprint of the structure. Public for the renderers:
 * internal to the library.
 */
public final class Template {
    /** Bound on the shared plan cache; beyond it the cache starts over (plans are cheap to redo). */
    private static final int MAX_CACHED_PLANS = 20_000;
    private static final ConcurrentHashMap<PlanKey, FieldPlan> PLANS = new ConcurrentHashMap<>();

    private static final AtomicInteger IDS = new AtomicInteger();

    final TemplateNode[] nodes;
    /** Tells templates apart in a JSON plan's shape. */
    final int id = IDS.incrementAndGet();
    /** Set once the template is in {@link SharedTemplates}: other chunks will meet it again. */
    volatile boolean shared;
    /**
     * The JSON renderer's plans for this template (a {@code JsonPlan[]}, one per shape met), kept
     * here so they live as long as the template; null until the first. Replaced whole, never
     * changed in place. This package never looks inside.
     */
    public volatile Object jsonPlans;
    /** For the JSON renderer: 0 not yet known, 1 JSON can be planned, -1 it cannot (value-dependent keys, nested fragments). */
    public volatile int plannable;
    private volatile long fingerprintA;
    private volatile long fingerprintB;
    private volatile FieldPlan plan;

    /**
     * How deep its elements nest, counting through the template instances inside it: templates
     * are cached and reused, so a parser's own recursion count does not see the depth they bring.
     */
    final int depth;

    Template(TemplateNode[] nodes) {
        this.nodes = nodes;
        this.depth = depth(nodes);
    }

    public TemplateNode[] nodes() {
        return nodes;
    }

    /** Tells templates apart (in a JSON plan's shape). */
    public int id() {
        return id;
    }

    /** True once the template is shared across chunks ({@link SharedTemplates}): other chunks will meet it again. */
    public boolean shared() {
        return shared;
    }

    /**
     * Counts bytes kept with this template elsewhere (its JSON plans) against the shared
     * template cache's bound; past it the cache starts over.
     */
    public void charge(long bytes) {
        SharedTemplates.charge(bytes);
    }

    private static int depth(TemplateNode[] nodes) {
        int max = 0;
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element e) {
                max = Math.max(max, 1 + depth(e.children()));
            } else if (n instanceof TemplateNode.NestedFragment f) {
                max = Math.max(max, f.fragment().template.depth);
            }
        }
        return max;
    }

    /** The structure a plan depends on, as two independent 64-bit hashes, and where it is used. */
    private record PlanKey(long a, long b, List<String> prefix) { }

    FieldPlan plan() {
        FieldPlan p = plan;
        if (p == null) {
            p = plan(List.of());
            plan = p;
        }
        return p;
    }

    /** The last plan asked for below a non-empty path, kept with its path (nested EventData, UserData). */
    private volatile Object[] nestedPlan;

    /** The plan for this template used below the element path {@code prefix}. */
    FieldPlan plan(List<String> prefix) {
        Object[] last = nestedPlan;
        if (last != null && (last[0] == prefix || last[0].equals(prefix))) {
            return (FieldPlan) last[1];
        }
        FieldPlan p = lookUpPlan(prefix);
        if (!p.perRecord) {
            nestedPlan = new Object[] {prefix, p};
        }
        return p;
    }

    private FieldPlan lookUpPlan(List<String> prefix) {
        if (fingerprintA == 0 && fingerprintB == 0) {
            long[] h = {0xcbf29ce484222325L, 0x84222325cbf29ce4L};
            for (TemplateNode n : nodes) {
                hash(n, h);
            }
            fingerprintB = h[1] | 1;
            fingerprintA = h[0];
        }
        PlanKey key = new PlanKey(fingerprintA, fingerprintB, prefix);
        FieldPlan p = PLANS.get(key);
        if (p == null) {
            if (PLANS.size() > MAX_CACHED_PLANS) {
                PLANS.clear();
            }
            p = FieldPlan.of(nodes, prefix);
            // Plans holding inline template instances carry record values: never share those.
            if (!p.perRecord) {
                PLANS.put(key, p);
            }
        }
        return p;
    }

    private static void mix(long[] h, long v) {
        h[0] = (h[0] ^ v) * 0x100000001b3L;
        h[1] = Long.rotateLeft((h[1] + v) * 0x9e3779b97f4a7c15L, 29);
    }

    private static void mix(long[] h, String s) {
        mix(h, s.length());
        for (int i = 0; i < s.length(); i++) {
            mix(h, s.charAt(i));
        }
    }

    private static void hash(TemplateNode n, long[] h) {
        if (n instanceof TemplateNode.Element e) {
            mix(h, 1);
            mix(h, e.name());
            mix(h, e.attributes().length);
            for (TemplateNode.Attribute a : e.attributes()) {
                mix(h, a.name());
                mix(h, a.value().length);
                for (TemplateNode v : a.value()) {
                    hash(v, h);
                }
            }
            mix(h, e.children().length);
            for (TemplateNode c : e.children()) {
                hash(c, h);
            }
        } else if (n instanceof TemplateNode.Text t) {
            mix(h, 2);
            mix(h, t.text());
        } else if (n instanceof TemplateNode.Substitution s) {
            mix(h, 3);
            mix(h, ((long) s.index() << 16) | ((long) s.type() << 1) | (s.optional() ? 1 : 0));
        } else if (n instanceof TemplateNode.CharRef c) {
            mix(h, 4);
            mix(h, c.codePoint());
        } else if (n instanceof TemplateNode.EntityRef r) {
            mix(h, 5);
            mix(h, r.name());
        } else if (n instanceof TemplateNode.CData c) {
            mix(h, 6);
            mix(h, c.text());
        } else if (n instanceof TemplateNode.ProcessingInstruction p) {
            mix(h, 7);
            mix(h, p.target());
            mix(h, p.data());
        } else {
            // An inline template instance: its plan is per record and never cached, but keep keys distinct.
            mix(h, 8);
            mix(h, System.identityHashCode(n));
        }
    }
}
