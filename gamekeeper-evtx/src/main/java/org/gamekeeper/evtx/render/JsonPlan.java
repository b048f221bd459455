package org.gamekeeper.evtx.render;

import java.util.Arrays;
import org.gamekeeper.evtx.binxml.BinXmlParser;
import org.gamekeeper.evtx.binxml.Fragment;
import org.gamekeeper.evtx.binxml.SubstitutionArray;
import org.gamekeeper.evtx.binxml.Template;
import org.gamekeeper.evtx.binxml.TemplateNode;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.ValueType;

/**
 * A record's JSON worked out once for a template: the bytes between values, fixed in advance,
 * and the values to write between them. {@link JsonRenderer} builds a tree per record because
 * evtx_dump's shape depends on more than the template: NULL values drop attributes and
 * elements' text, repeated names move older values to {@code key_1}, Binary XML values bring
 * their own templates. All of that depends only on the record's <em>shape</em>: its templates,
 * which values are NULL, which hold Binary XML. So a plan is made by rendering one record
 * through the tree with its values kept symbolic, and is reused for every record of the same
 * template and shape. Templates whose keys depend on values (a {@code Data} whose Name is a
 * substitution) or that hold inline template instances are never planned.
 *
 * <p>Only templates shared across chunks ({@link Template#shared()}) get plans; a template keeps
 * at most {@link #MAX_PER_TEMPLATE} of them, and their bytes count against the shared cache's
 * bound.
 */
final class JsonPlan {
    static final JsonPlan[] NONE = new JsonPlan[0];
    /** Security events put every event's EventData in one outer template: it meets many shapes. */
    static final int MAX_PER_TEMPLATE = 256;

    private static final byte REF = 0;
    private static final byte JOINED = 1;
    private static final byte ATTRIBUTE = 2;

    /** The shape this plan is for, and its hash. */
    private final int[] shape;
    private final long hash;
    private final byte[] fixed;
    /** For each value: where the fixed bytes before it end. */
    private final int[] fixedEnd;
    private final byte[] kind;
    private final int[] fragment;
    private final int[] index;
    /** JOINED: the parts (String, or int[] {fragment, index}); ATTRIBUTE: the attribute. */
    private final Object[] extra;

    private JsonPlan(int[] shape, long hash, byte[] fixed, int[] fixedEnd, byte[] kind, int[] fragment, int[] index, Object[] extra) {
        this.shape = shape;
        this.hash = hash;
        this.fixed = fixed;
        this.fixedEnd = fixedEnd;
        this.kind = kind;
        this.fragment = fragment;
        this.index = index;
        this.extra = extra;
    }

    int bytes() {
        return fixed.length + 16 * kind.length + 4 * shape.length + 64;
    }

    /**
     * Renders {@code f} with a plan when it has one, making it on first sight of its shape.
     *
     * @return false when {@code f} cannot be planned: the caller renders it through the tree
     */
    static boolean render(Fragment f, JsonOut out) {
        Template t = f.template;
        if (!t.shared() || !plannable(t)) {
            return false;
        }
        Shape s = SHAPES.get();
        s.clear();
        if (!s.add(f, 0)) {
            return false;
        }
        JsonPlan[] plans = t.jsonPlans instanceof JsonPlan[] made ? made : NONE;
        long h = s.hash();
        for (JsonPlan p : plans) {
            if (p.hash == h && Arrays.equals(p.shape, 0, p.shape.length, s.key, 0, s.len)) {
                p.write(s.fragments, out);
                return true;
            }
        }
        if (plans.length >= MAX_PER_TEMPLATE) {
            return false;
        }
        JsonPlan p = JsonRenderer.plan(f, s);
        if (p == null) {
            return false;
        }
        t.charge(p.bytes());
        JsonPlan[] grown = Arrays.copyOf(plans, plans.length + 1);
        grown[plans.length] = p;
        t.jsonPlans = grown;
        p.write(s.fragments, out);
        return true;
    }

    /** One shape per thread, worked out again for each record. */
    private static final ThreadLocal<Shape> SHAPES = ThreadLocal.withInitial(Shape::new);

    private void write(Fragment[] frags, JsonOut out) {
        int from = 0;
        for (int i = 0; i < kind.length; i++) {
            out.bytes(fixed, from, fixedEnd[i] - from);
            from = fixedEnd[i];
            switch (kind[i]) {
                case REF: {
                    SubstitutionArray v = frags[fragment[i]].values;
                    int k = index[i];
                    JsonValues.append(out, v.data, v.offsets[k], v.sizes[k], v.type(k));
                    break;
                }
                case JOINED: {
                    StringBuilder sb = new StringBuilder();
                    for (Object part : (Object[]) extra[i]) {
                        if (part instanceof String str) {
                            sb.append(str);
                        } else {
                            int[] ref = (int[]) part;
                            SubstitutionArray v = frags[ref[0]].values;
                            sb.append(ValueFormat.text(v.data, v.offsets[ref[1]], v.sizes[ref[1]], v.type(ref[1])));
                        }
                    }
                    out.string(sb);
                    break;
                }
                default:
                    out.string(frags[fragment[i]].attributeText((TemplateNode.Attribute) extra[i]));
                    break;
            }
        }
        out.bytes(fixed, from, fixed.length - from);
    }

    /** Whether a template's JSON keys and structure can depend on nothing but its shape. */
    private static boolean plannable(Template t) {
        int p = t.plannable;
        if (p == 0) {
            p = staticNodes(t.nodes(), 0) ? 1 : -1;
            t.plannable = p;
        }
        return p > 0;
    }

    private static boolean staticNodes(TemplateNode[] nodes, int depth) {
        if (depth > BinXmlParser.MAX_ELEMENT_DEPTH + 1) {
            return false;
        }
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.NestedFragment) {
                return false;
            }
            if (n instanceof TemplateNode.Element e) {
                if (e.name().equals("Data")) {
                    for (TemplateNode.Attribute a : e.attributes()) {
                        if (a.name().equals("Name")) {
                            if (!(a.value().length == 1 && a.value()[0] instanceof TemplateNode.Text)) {
                                return false;
                            }
                            break;
                        }
                    }
                }
                if (!staticNodes(e.children(), depth + 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A record's shape: for each of its fragments (the record's, then each Binary XML value's,
     * depth first) the template, the number of values and the class of each value.
     */
    static final class Shape {
        private static final int BIN_XML = ValueType.BIN_XML.code();

        int[] key = new int[64];
        int len;
        Fragment[] fragments = new Fragment[4];
        int count;

        /** Hash of the key so far, kept as the key is written. */
        private long hash = SEED;
        private static final long SEED = 0x9e3779b97f4a7c15L;

        void clear() {
            len = 0;
            hash = SEED;
            Arrays.fill(fragments, 0, count, null);
            count = 0;
        }

        boolean add(Fragment f, int depth) {
            Template t = f.template;
            if (depth > 0 && (!t.shared() || !plannable(t))) {
                return false;
            }
            if (depth > BinXmlParser.MAX_FRAGMENT_DEPTH) {
                return false;
            }
            if (count == fragments.length) {
                fragments = Arrays.copyOf(fragments, count * 2);
            }
            fragments[count++] = f;
            SubstitutionArray v = f.values;
            byte[] types = v.types;
            int n = types.length;
            if (len + n + 2 > key.length) {
                key = Arrays.copyOf(key, Math.max(key.length * 2, len + n + 2));
            }
            int[] k = key;
            int l = len;
            long h = mix(mix(hash, t.id()), n);
            k[l++] = t.id();
            k[l++] = n;
            // Classes: 0 NULL, 1 Binary XML parsed (its fragment follows), 2 Binary XML empty, 3 any other value.
            boolean anyNested = false;
            for (int i = 0; i < n; i++) {
                int type = types[i] & 0xff;
                int c;
                if (type == 0) {
                    c = 0;
                } else if (type == BIN_XML && v.nestedOrNull(i) != null) {
                    c = 1;
                    anyNested = true;
                } else {
                    c = type == BIN_XML ? 2 : 3;
                }
                k[l++] = c;
                h = mix(h, c);
            }
            len = l;
            hash = h;
            if (anyNested) {
                for (int i = 0; i < n; i++) {
                    Fragment nested = v.nestedOrNull(i);
                    if (nested != null && !add(nested, depth + 1)) {
                        return false;
                    }
                }
            }
            return true;
        }

        long hash() {
            return hash;
        }

        private static long mix(long h, int v) {
            h = (h ^ v) * 0xff51afd7ed558ccdL;
            return h ^ (h >>> 29);
        }

        int fragmentOf(SubstitutionArray values) {
            for (int i = 0; i < count; i++) {
                if (fragments[i].values == values) {
                    return i;
                }
            }
            return -1;
        }

        int fragmentOf(Fragment f) {
            for (int i = 0; i < count; i++) {
                if (fragments[i] == f) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Collects a plan while the tree of one record is written: fixed bytes go to {@link #out}, values become steps. */
    static final class Builder {
        final JsonOut out = new JsonOut(2048);
        private final Shape shape;
        private int n;
        private int[] fixedEnd = new int[32];
        private byte[] kind = new byte[32];
        private int[] fragment = new int[32];
        private int[] index = new int[32];
        private Object[] extra = new Object[32];
        private boolean failed;

        Builder(Shape shape) {
            this.shape = shape;
        }

        private void step(byte k, int frag, int idx, Object x) {
            if (frag < 0) {
                failed = true;
                return;
            }
            if (n == kind.length) {
                fixedEnd = Arrays.copyOf(fixedEnd, n * 2);
                kind = Arrays.copyOf(kind, n * 2);
                fragment = Arrays.copyOf(fragment, n * 2);
                index = Arrays.copyOf(index, n * 2);
                extra = Arrays.copyOf(extra, n * 2);
            }
            fixedEnd[n] = out.length();
            kind[n] = k;
            fragment[n] = frag;
            index[n] = idx;
            extra[n] = x;
            n++;
        }

        void ref(SubstitutionArray values, int idx) {
            step(REF, shape.fragmentOf(values), idx, null);
        }

        void attribute(TemplateNode.Attribute a, Fragment f) {
            step(ATTRIBUTE, shape.fragmentOf(f), 0, a);
        }

        /** Parts: String, or a value as (values, index) pairs resolved to fragments. */
        void joined(Object[] parts) {
            Object[] resolved = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                if (parts[i] instanceof JsonRenderer.Ref r) {
                    int frag = shape.fragmentOf(r.values());
                    if (frag < 0) {
                        failed = true;
                        return;
                    }
                    resolved[i] = new int[] {frag, r.index()};
                } else {
                    resolved[i] = parts[i];
                }
            }
            step(JOINED, 0, 0, resolved);
        }

        JsonPlan build() {
            if (failed) {
                return null;
            }
            return new JsonPlan(Arrays.copyOf(shape.key, shape.len), shape.hash(), Arrays.copyOf(out.array(), out.length()),
                    Arrays.copyOf(fixedEnd, n), Arrays.copyOf(kind, n), Arrays.copyOf(fragment, n), Arrays.copyOf(index, n),
                    Arrays.copyOf(extra, n));
        }
    }
}
