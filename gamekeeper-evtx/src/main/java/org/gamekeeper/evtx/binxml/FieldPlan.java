package org.gamekeeper.evtx.binxml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where each field of an event lives, worked out once per template (and per place the template
 * is used): a field name leads to the template parts (static text, substitutions) that make its
 * value. Field names follow INTERFACES.md: System text by element name ({@code EventID}), System
 * attributes as {@code Provider_Name} (and bare for Execution, Security, Correlation, EventID,
 * TimeCreated), EventData by Data Name, unnamed Data as {@code Data}, UserData leaves by leaf
 * name and by {@code UserData.Outer.Leaf}, and every field by its full path
 * ({@code Event.EventData.Image}).
 *
 * <p>Binary XML values in element content (Security events carry their whole EventData that way,
 * most events their UserData) are recorded as nested slots with the element path above them, and
 * get plans of their own. Only field names that depend on values (a Data Name from a
 * substitution) or inline template instances make a template {@link #perRecord}.
 */
final class FieldPlan {
    final String[][] names;
    final TemplateNode[][] parts;
    final boolean[] attribute;
    /** Field name to leaves, sorted by lookup tier (see {@link #tiers}). */
    final Map<String, int[]> index;
    /** Substitution indexes holding Binary XML in element content, and the element path above each. */
    final int[] nestedSlots;
    final List<List<String>> nestedPaths;
    /** Field names depend on the record's values: flatten per record. */
    final boolean perRecord;

    private FieldPlan(List<String[]> names, List<TemplateNode[]> parts, List<Boolean> attribute,
                      List<Integer> nestedSlots, List<List<String>> nestedPaths, boolean perRecord) {
        this.names = names.toArray(new String[0][]);
        this.parts = parts.toArray(new TemplateNode[0][]);
        this.attribute = new boolean[attribute.size()];
        for (int i = 0; i < this.attribute.length; i++) {
            this.attribute[i] = attribute.get(i);
        }
        this.nestedSlots = nestedSlots.stream().mapToInt(Integer::intValue).toArray();
        this.nestedPaths = List.copyOf(nestedPaths);
        this.perRecord = perRecord;
        Map<String, int[]> idx = new HashMap<>();
        Map<String, byte[]> tiers = new HashMap<>();
        for (int t = 0; t < TIERS; t++) {
            for (int i = 0; i < this.names.length; i++) {
                String[] n = this.names[i];
                for (int k = 0; k < n.length; k++) {
                    if (tier(n, k, this.attribute[i]) == t) {
                        add(idx, tiers, n[k], i, t);
                    }
                }
            }
        }
        this.index = idx;
        this.tiers = tiers;
        this.numbered = new Lookup[NUMBERED.length];
        for (int i = 0; i < NUMBERED.length; i++) {
            numbered[i] = lookup(NUMBERED[i]);
        }
    }

    /** What a {@link NameFolding} made of every field name here: folded name to the name itself. */
    private record Folded(NameFolding fold, Map<String, String> names) {
    }

    /** The names folded by the last folding asked for (callers use one). */
    private volatile Folded folded;

    /** This plan's spelling of a field name that {@code fold} makes equal to {@code name}, or null. */
    String foldedName(String name, NameFolding fold) {
        return lookup(name).folded(this, fold);
    }

    private String foldedNameUncached(String name, NameFolding fold) {
        Folded f = folded;
        if (f == null || f.fold() != fold) {
            Map<String, String> names = new HashMap<>();
            for (String n : index.keySet()) {
                names.putIfAbsent(fold.fold(n), n);
            }
            f = new Folded(fold, names);
            folded = f;
        }
        return f.names().get(fold.fold(name));
    }

    /**
     * What a field name means in this plan, worked out once: its leaves and their tiers (null
     * when the plan has no field of exactly that name), and, asked with a folding, the plan's own
     * spelling of the name.
     */
    static final class Lookup {
        final String name;
        final int[] ids;
        final byte[] tiers;
        /** The plan's spelling of the name under the folding it was asked with (exact is null when none). */
        private record Spelling(NameFolding fold, String exact) {
        }

        private volatile Spelling spelling;

        Lookup(String name, int[] ids, byte[] tiers) {
            this.name = name;
            this.ids = ids;
            this.tiers = tiers;
        }

        String folded(FieldPlan plan, NameFolding fold) {
            Spelling s = spelling;
            if (s == null || s.fold() != fold) {
                s = new Spelling(fold, plan.foldedNameUncached(name, fold));
                spelling = s;
            }
            return s.exact();
        }
    }

    /** Names looked up per plan; the rules' field names, so few, but bounded all the same. */
    private static final int MAX_LOOKUPS = 2048;
    private final ConcurrentHashMap<String, Lookup> lookups = new ConcurrentHashMap<>();
    private final AtomicInteger lookupCount = new AtomicInteger();

    Lookup lookup(String name) {
        Lookup l = lookups.get(name);
        if (l == null) {
            int[] ids = index.get(name);
            l = new Lookup(name, ids, ids == null ? null : tiers.get(name));
            if (lookupCount.get() < MAX_LOOKUPS && lookups.putIfAbsent(name, l) == null) {
                lookupCount.incrementAndGet();
            }
        }
        return l;
    }

    /** Which names of a list this plan may have (see {@link #mayHave}). */
    private record Present(String[] names, NameFolding fold, boolean[] may) {
    }

    /** The lists asked (a few: alert details and entities), replaced whole when one is added. */
    private volatile Present[] present = new Present[0];
    private static final int MAX_LISTS = 8;

    /**
     * For each of {@code names} (a list asked again and again, such as the fields an alert
     * reads: compared by identity), whether this plan has a field of that name, exactly or, with
     * {@code fold}, in another spelling: a name it has not needs no walk. Worked out once per
     * list (up to {@link #MAX_LISTS} lists kept).
     */
    boolean[] mayHave(String[] names, NameFolding fold) {
        Present[] known = present;
        for (Present p : known) {
            if (p.names() == names && p.fold() == fold) {
                return p.may();
            }
        }
        boolean[] may = new boolean[names.length];
        for (int i = 0; i < names.length; i++) {
            Lookup l = lookup(names[i]);
            may[i] = l.ids != null || fold != null && l.folded(this, fold) != null;
        }
        if (known.length < MAX_LISTS) {
            Present[] grown = Arrays.copyOf(known, known.length + 1);
            grown[known.length] = new Present(names, fold, may);
            present = grown; // a race may drop another thread's list: it is worked out again
        }
        return may;
    }

    /**
     * Lookup tiers of the leaves {@link #index} gives for a name, in the same order. When names
     * collide: 0 the System fields that identify an event ({@link #CORE_SYSTEM}); 1 EventData,
     * UserData and every full path; 2 other System short names; 3 bare System attribute aliases
     * (ProcessID for Execution/@ProcessID). Security 5156 has its own ProcessID and PowerShell
     * events their own Version: those win; a Shell-Core event's EventData "Channel" does not hide
     * the event's channel. Every value stays reachable by its full path.
     */
    private final Map<String, byte[]> tiers;

    /** Fields every record is asked for as numbers (the tamper check's), by position here. */
    static final String[] NUMBERED = {"EventID", "EventRecordID"};
    static final int EVENT_ID = 0;
    static final int EVENT_RECORD_ID = 1;
    /** The {@link Lookup} of each {@link #NUMBERED} name, by position: no hash lookup per record. */
    final Lookup[] numbered;

    static final int TIERS = 4;
    /** System fields that identify an event: no EventData field may shadow them. */
    static final Set<String> CORE_SYSTEM = Set.of("EventID", "Provider_Name", "Provider_Guid",
            "Channel", "Computer", "EventRecordID", "TimeCreated", "Level", "Task", "Opcode", "Keywords");

    /** The lookup tier of name {@code k} of a leaf (see {@link #tiers}). */
    static int tier(String[] names, int k, boolean attribute) {
        if (names[k].startsWith("Event.")) {
            return 1;
        }
        if (k == 0 && isAlias(names, attribute)) {
            return 3;
        }
        if (names[names.length - 1].startsWith("Event.System.")) {
            return CORE_SYSTEM.contains(names[k]) ? 0 : 2;
        }
        return 1;
    }

    /** The first name of an attribute leaf is a bare alias when more specific names follow it. */
    static boolean isAlias(String[] names, boolean attribute) {
        return attribute && names.length > 2 && !names[0].contains("_") && !names[0].equals("TimeCreated");
    }

    private static void add(Map<String, int[]> m, Map<String, byte[]> tiers, String name, int leaf, int t) {
        int[] old = m.get(name);
        if (old == null) {
            m.put(name, new int[] {leaf});
            tiers.put(name, new byte[] {(byte) t});
        } else if (old[old.length - 1] != leaf) {
            int[] grown = Arrays.copyOf(old, old.length + 1);
            grown[old.length] = leaf;
            m.put(name, grown);
            byte[] g = Arrays.copyOf(tiers.get(name), old.length + 1);
            g[old.length] = (byte) t;
            tiers.put(name, g);
        }
    }

    static FieldPlan of(TemplateNode[] nodes, List<String> prefix) {
        List<String[]> names = new ArrayList<>();
        List<TemplateNode[]> parts = new ArrayList<>();
        List<Boolean> attrs = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        List<List<String>> paths = new ArrayList<>();
        boolean[] dynamic = {false};
        walk(nodes, null, new ArrayList<>(prefix), new LeafSink() {
            @Override
            public void leaf(String[] n, TemplateNode[] p, Fragment f, boolean a) {
                names.add(n);
                parts.add(p);
                attrs.add(a);
            }

            @Override
            public void nested(int slot, List<String> path) {
                slots.add(slot);
                paths.add(List.copyOf(path));
            }
        }, dynamic);
        return new FieldPlan(names, parts, attrs, slots, paths, dynamic[0]);
    }

    /** Receives the fields found by a walk. */
    interface LeafSink {
        /** One field: its names, the parts that make its value, and the fragment holding them. */
        void leaf(String[] names, TemplateNode[] parts, Fragment fragment, boolean attribute);

        /** A Binary XML value at {@code path} (planning only). */
        default void nested(int slot, List<String> path) {
        }
    }

    /**
     * Walks nodes and reports every field. With {@code f == null} (planning) Binary XML values
     * are reported as nested slots and {@code dynamic[0]} is set where names need values; with a
     * fragment everything is resolved and walked through.
     */
    static void walk(TemplateNode[] nodes, Fragment f, List<String> path, LeafSink sink, boolean[] dynamic) {
        for (TemplateNode n : nodes) {
            if (n instanceof TemplateNode.Element e) {
                element(e, f, path, sink, dynamic);
            } else if (n instanceof TemplateNode.NestedFragment nf) {
                if (f == null) {
                    dynamic[0] = true;
                } else {
                    walk(nf.fragment().nodes(), nf.fragment(), path, sink, dynamic);
                }
            } else if (n instanceof TemplateNode.Substitution s && (s.type() & 0x7f) == ValueType.BIN_XML.code()) {
                nestedAt(s, f, path, sink, dynamic);
            }
        }
    }

    private static void nestedAt(TemplateNode.Substitution s, Fragment f, List<String> path, LeafSink sink, boolean[] dynamic) {
        if (f == null) {
            sink.nested(s.index(), path);
            return;
        }
        Fragment nested = f.nested(s.index());
        if (nested != null) {
            walk(nested.nodes(), nested, path, sink, dynamic);
        }
    }

    private static void element(TemplateNode.Element e, Fragment f, List<String> path, LeafSink sink, boolean[] dynamic) {
        if (path.size() > BinXmlParser.MAX_ELEMENT_DEPTH) {
            return;
        }
        path.add(e.name());
        String section = path.size() >= 2 && path.get(0).equals("Event") ? path.get(1) : null;
        String dataName = null;
        boolean isData = e.name().equals("Data");
        for (TemplateNode.Attribute a : e.attributes()) {
            if (isData && a.name().equals("Name")) {
                if (a.value().length == 1 && a.value()[0] instanceof TemplateNode.Text t) {
                    dataName = t.text();
                } else if (f == null) {
                    dynamic[0] = true;
                } else {
                    dataName = f.attributeText(a);
                }
                continue;
            }
            sink.leaf(attributeNames(path, section, a.name()), a.value(), f, true);
        }
        // Children in document order, so a per-record flattening lists fields as the XML does.
        List<TemplateNode> text = null;
        for (TemplateNode c : e.children()) {
            if (c instanceof TemplateNode.Element child) {
                element(child, f, path, sink, dynamic);
            } else if (c instanceof TemplateNode.NestedFragment nf) {
                if (f == null) {
                    dynamic[0] = true;
                } else {
                    walk(nf.fragment().nodes(), nf.fragment(), path, sink, dynamic);
                }
            } else if (c instanceof TemplateNode.Substitution s && isBinXml(s, f)) {
                nestedAt(s, f, path, sink, dynamic);
            } else {
                if (text == null) {
                    text = new ArrayList<>(1);
                }
                text.add(c);
            }
        }
        if (text != null || isData) {
            TemplateNode[] p = text == null ? new TemplateNode[0] : text.toArray(new TemplateNode[0]);
            sink.leaf(textNames(path, section, dataName), p, f, false);
        }
        path.remove(path.size() - 1);
    }

    private static boolean isBinXml(TemplateNode.Substitution s, Fragment f) {
        if (f == null) {
            return (s.type() & 0x7f) == ValueType.BIN_XML.code();
        }
        return !f.values.isNull(s.index()) && f.values.type(s.index()) == ValueType.BIN_XML.code();
    }

    private static String[] textNames(List<String> path, String section, String dataName) {
        String elem = path.get(path.size() - 1);
        List<String> out = new ArrayList<>(4);
        if (dataName != null) {
            out.add(dataName);
            out.add(String.join(".", path.subList(0, path.size() - 1)) + "." + dataName);
        } else {
            out.add(elem);
            out.add(String.join(".", path));
        }
        if ("UserData".equals(section) && path.size() >= 3) {
            out.add(String.join(".", path.subList(1, path.size())));
        }
        return out.toArray(new String[0]);
    }

    private static String[] attributeNames(List<String> path, String section, String attr) {
        String elem = path.get(path.size() - 1);
        List<String> out = new ArrayList<>(4);
        if ("TimeCreated".equals(elem) && "SystemTime".equals(attr)) {
            out.add("TimeCreated");
        }
        if ("System".equals(section) && ("Execution".equals(elem) || "Security".equals(elem)
                || "Correlation".equals(elem) || "EventID".equals(elem))) {
            out.add(attr);
        }
        out.add(elem + "_" + attr);
        out.add(String.join(".", path) + "." + attr);
        return out.toArray(new String[0]);
    }
}
