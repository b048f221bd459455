package org.gamekeeper.evtx.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gamekeeper.evtx.binxml.Fragment;
import org.gamekeeper.evtx.binxml.SubstitutionArray;
import org.gamekeeper.evtx.binxml.TemplateNode;
import org.gamekeeper.evtx.binxml.ValueFormat;
import org.gamekeeper.evtx.binxml.ValueType;

/**
 * Renders a fragment as JSON the way the Rust {@code evtx_dump} does, so output can be compared
 * with it value for value: element text becomes the key's value, attributes go under
 * {@code #attributes} (NULL ones dropped), text beside attributes under {@code #text},
 * {@code <Data Name="X">} becomes key {@code X}, a repeated key keeps the newest value and moves
 * the older ones to {@code key_1}, {@code key_2}. One deliberate difference: several unnamed
 * {@code <Data>} elements keep every value ({@code "Data":{"#text":[...]}}); evtx_dump keeps the last.
 */
public final class JsonRenderer {
    private JsonRenderer() {
    }

    /** Writes {@code {"Event":{...}}} (without a closing newline). */
    public static void render(Fragment f, JsonOut out) {
        if (JsonPlan.render(f, out)) {
            return;
        }
        write(tree(f), out, null);
    }

    /** Writes {@code f} through the per-record tree, never a plan: what every plan must agree with. */
    static void renderTree(Fragment f, JsonOut out) {
        write(tree(f), out, null);
    }

    private static Obj tree(Fragment f) {
        Obj root = new Obj();
        content(f.nodes(), f, new Slot(root, -1));
        return root;
    }

    /** The plan for records of {@code f}'s shape: its tree written with values left as steps; null if it cannot be made. */
    static JsonPlan plan(Fragment f, JsonPlan.Shape shape) {
        JsonPlan.Builder b = new JsonPlan.Builder(shape);
        write(tree(f), b.out, b);
        return b.build();
    }

    // ---- the mutable tree, built per record ----------------------------------------------

    /** A JSON object with keys in insertion order. */
    static final class Obj {
        String[] keys = new String[8];
        Object[] vals = new Object[8];
        int n;

        int indexOf(String key) {
            for (int i = 0; i < n; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        int add(String key, Object val) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                vals = Arrays.copyOf(vals, n * 2);
            }
            keys[n] = key;
            vals[n] = val;
            return n++;
        }

        void put(String key, Object val) {
            int i = indexOf(key);
            if (i >= 0) {
                vals[i] = val;
            } else {
                add(key, val);
            }
        }

        /** evtx_dump's insert with linear probing: an older concrete value moves to key_N. */
        int insertPlaceholder(String key) {
            int i = indexOf(key);
            if (i < 0) {
                return add(key, null);
            }
            Object old = vals[i];
            if (old != null && !(old instanceof Obj o && o.n == 0)) {
                int slot = 1;
                while (indexOf(key + "_" + slot) >= 0) {
                    slot++;
                }
                add(key + "_" + slot, old);
            }
            vals[i] = null;
            return i;
        }
    }

    /** A substitution value, rendered typed when written. */
    record Ref(SubstitutionArray values, int index) { }

    /** Element text made of several parts (Ref or String), rendered as one string when written. */
    record Joined(Object[] parts) {
        static Joined of(Object a, Object b) {
            Object[] left = a instanceof Joined j ? j.parts() : new Object[] {a};
            Object[] all = Arrays.copyOf(left, left.length + 1);
            all[left.length] = b;
            return new Joined(all);
        }
    }

    /** An attribute value made of several parts, rendered as its text when written. */
    record AttributeText(TemplateNode.Attribute attribute, Fragment fragment) { }

    /** Where an element's value lives: an index in its parent object (or the root object itself). */
    static class Slot {
        final Obj owner;
        final int index;

        Slot(Obj owner, int index) {
            this.owner = owner;
            this.index = index;
        }

        Obj object() {
            if (index < 0) {
                return owner;
            }
            Object v = owner.vals[index];
            if (v instanceof Obj o) {
                return o;
            }
            Obj o = new Obj();
            if (v != null) {
                o.add("#text", v);
            }
            owner.vals[index] = o;
            return o;
        }

        void characters(Object scalar) {
            if (index < 0) {
                return;
            }
            Object v = owner.vals[index];
            if (v == null) {
                owner.vals[index] = scalar;
            } else if (v instanceof Obj o) {
                o.put("#text", scalar);
            } else {
                owner.vals[index] = Joined.of(v, scalar);
            }
        }
    }

    /** An unnamed {@code <Data>}: its text joins the parent's "Data" object under "#text". */
    static final class UnnamedData extends Slot {
        UnnamedData(Obj parent) {
            super(parent, -2);
        }

        private Obj data() {
            int i = owner.indexOf("Data");
            if (i >= 0 && owner.vals[i] instanceof Obj o) {
                return o;
            }
            Obj o = new Obj();
            if (i >= 0) {
                owner.vals[i] = o;
            } else {
                owner.add("Data", o);
            }
            return o;
        }

        @Override
        Obj object() {
            return data();
        }

        @Override
        @SuppressWarnings("unchecked")
        void characters(Object scalar) {
            Obj d = data();
            int i = d.indexOf("#text");
            if (i < 0) {
                d.add("#text", scalar);
            } else if (d.vals[i] instanceof List<?> l) {
                ((List<Object>) l).add(scalar);
            } else {
                List<Object> l = new ArrayList<>(4);
                l.add(d.vals[i]);
                l.add(scalar);
                d.vals[i] = l;
            }
        }
    }

    private static void content(TemplateNode[] nodes, Fragment f, Slot cur) {
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element e) {
                element(e, f, cur);
            } else if (n instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = f.values;
                if (v.isNull(s.index())) {
                    continue;
                }
                Fragment nested = f.nested(s.index());
                if (nested != null) {
                    content(nested.nodes(), nested, cur);
                } else if (v.type(s.index()) != ValueType.BIN_XML.code()) {
                    cur.characters(new Ref(v, s.index()));
                }
            } else if (n instanceof TemplateNode.Text t) {
                cur.characters(t.text());
            } else if (n instanceof TemplateNode.CharRef c) {
                cur.characters(new String(Character.toChars(c.codePoint())));
            } else if (n instanceof TemplateNode.EntityRef r) {
                cur.characters(r.text());
            } else if (n instanceof TemplateNode.CData c) {
                cur.characters(c.text());
            } else if (n instanceof TemplateNode.NestedFragment nf) {
                content(nf.fragment().nodes(), nf.fragment(), cur);
            }
        }
    }

    private static void element(TemplateNode.Element e, Fragment f, Slot parent) {
        Obj container = parent.object();
        if (e.name().equals("Data")) {
            TemplateNode.Attribute nameAttr = null;
            for (TemplateNode.Attribute a : e.attributes()) {
                if (a.name().equals("Name")) {
                    nameAttr = a;
                    break;
                }
            }
            if (nameAttr == null) {
                content(e.children(), f, new UnnamedData(container));
                return;
            }
            String key = f.attributeText(nameAttr);
            content(e.children(), f, new Slot(container, container.insertPlaceholder(key)));
            return;
        }
        Obj attributes = null;
        for (TemplateNode.Attribute a : e.attributes()) {
            Object v = attributeValue(a, f);
            if (v != null) {
                if (attributes == null) {
                    attributes = new Obj();
                }
                attributes.put(a.name(), v);
            }
        }
        int i = container.insertPlaceholder(e.name());
        if (attributes != null) {
            Obj o = new Obj();
            o.add("#attributes", attributes);
            container.vals[i] = o;
        }
        content(e.children(), f, new Slot(container, i));
    }

    /** An attribute's JSON value: typed for a single substitution, text otherwise; null when absent. */
    private static Object attributeValue(TemplateNode.Attribute a, Fragment f) {
        TemplateNode[] parts = a.value();
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution s) {
            if (f.values.isNull(s.index()) || f.nested(s.index()) != null) {
                return null;
            }
            return new Ref(f.values, s.index());
        }
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Text t) {
            return t.text();
        }
        return new AttributeText(a, f);
    }

    private static String text(Object scalar) {
        if (scalar instanceof Ref r) {
            SubstitutionArray v = r.values();
            return ValueFormat.text(v.data, v.offsets[r.index()], v.sizes[r.index()], v.type(r.index()));
        }
        return String.valueOf(scalar);
    }

    private static String text(Joined j) {
        StringBuilder sb = new StringBuilder();
        for (Object part : j.parts()) {
            sb.append(text(part));
        }
        return sb.toString();
    }

    // ---- writing ------------------------------------------------------------------------

    /** Writes a tree; with a plan builder, values become the plan's steps instead of bytes. */
    private static void write(Object v, JsonOut out, JsonPlan.Builder plan) {
        if (v == null) {
            out.raw("null");
        } else if (v instanceof Obj o) {
            out.raw('{');
            for (int i = 0; i < o.n; i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.key(o.keys[i]);
                write(o.vals[i], out, plan);
            }
            out.raw('}');
        } else if (v instanceof Ref r) {
            if (plan != null) {
                plan.ref(r.values(), r.index());
                return;
            }
            SubstitutionArray s = r.values();
            JsonValues.append(out, s.data, s.offsets[r.index()], s.sizes[r.index()], s.type(r.index()));
        } else if (v instanceof Joined j) {
            if (plan != null) {
                plan.joined(j.parts());
                return;
            }
            out.string(text(j));
        } else if (v instanceof AttributeText a) {
            if (plan != null) {
                plan.attribute(a.attribute(), a.fragment());
                return;
            }
            out.string(a.fragment().attributeText(a.attribute()));
        } else if (v instanceof List<?> l) {
            out.raw('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                write(l.get(i), out, plan);
            }
            out.raw(']');
        } else {
            out.string((CharSequence) v);
        }
    }
}
