package org.gamekeeper.evtx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One event record. Field values are decoded on first request and cached; nothing is rendered
 * unless asked. A record stays valid after its chunk has been read (it holds the chunk bytes).
 */
public final class EventRecord {
    private final String file;
    private final int chunkIndex;
    private final long offset;
    private final long recordNumber;
    private final long writtenTicks;
    private final Fragment fragment;
    private final boolean recovered;
    private Scope[] scopes;
    private Map<String, List<String>> flat;

    EventRecord(String file, int chunkIndex, long offset, long recordNumber, long writtenTicks, Fragment fragment,
           boolean recovered) {
        this.file = file;
        this.chunkIndex = chunkIndex;
        this.offset = offset;
        this.recordNumber = recordNumber;
        this.writtenTicks = writtenTicks;
        this.fragment = fragment;
        this.recovered = recovered;
    }

    Fragment fragment() {
        return fragment;
    }

    /** The file as the caller named it. */
    public String file() {
        return file;
    }

    /** Index of the chunk in the file (0-based), or -1 for a record carved outside any chunk. */
    public int chunkIndex() {
        return chunkIndex;
    }

    /** Absolute byte offset of the record in the file. */
    public long offset() {
        return offset;
    }

    /** The record header's number (filtered exports renumber it; prefer {@link #eventRecordId()}). */
    public long recordNumber() {
        return recordNumber;
    }

    /** When the record was written, from the record header. */
    public Instant writtenTime() {
        return ValueFormat.fileTimeInstant(writtenTicks);
    }

    /** True for a record recovered from slack space rather than the chunk's live records. */
    public boolean recovered() {
        return recovered;
    }

    /** {@code <EventRecordID>} from the event, falling back to the header's number. */
    public long eventRecordId() {
        long v = numberField(FieldPlan.EVENT_RECORD_ID);
        return v == Long.MIN_VALUE ? recordNumber : v;
    }

    /** {@code <EventID>}, or -1. */
    public int eventId() {
        long v = numberField(FieldPlan.EVENT_ID);
        return v == Long.MIN_VALUE ? -1 : (int) v;
    }

    /**
     * {@code parseLong(field(name))} without making the text when the field is one unsigned
     * integer value (EventID, EventRecordID almost always are): the leaf is chosen exactly as
     * {@link #exactField} chooses it, and only its decoding is skipped.
     */
    private long numberField(int numbered) {
        String name = FieldPlan.NUMBERED[numbered];
        Scope[] all = scopes();
        if (perRecord()) {
            return parseLong(field(name));
        }
        Scope bestScope = null;
        int bestId = -1;
        int bestTier = FieldPlan.TIERS;
        for (Scope s : all) {
            FieldPlan.Lookup l = s.plan.numbered[numbered];
            int[] ids = l.ids;
            if (ids == null) {
                continue;
            }
            byte[] tiers = l.tiers;
            for (int k = 0; k < ids.length; k++) {
                if (tiers[k] < bestTier && hasText(s, ids[k])) {
                    bestScope = s;
                    bestId = ids[k];
                    bestTier = tiers[k];
                }
            }
        }
        if (bestScope == null) {
            String exact = exactName(name);
            return exact != null && !exact.equals(name) ? parseLong(exactField(exact)) : Long.MIN_VALUE;
        }
        TemplateNode[] parts = bestScope.plan.parts[bestId];
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub && !bestScope.fragment.values.isNull(sub.index())) {
            SubstitutionArray v = bestScope.fragment.values;
            int k = sub.index();
            int off = v.offsets[k];
            int size = v.sizes[k];
            switch (v.type(k)) {
                case 0x04: if (size >= 1) { return v.data[off] & 0xff; } break;
                case 0x06: if (size >= 2) { return Bytes.u16(v.data, off); } break;
                case 0x08: if (size >= 4) { return Bytes.u32(v.data, off); } break;
                case 0x0a:
                    if (size >= 8) {
                        long n = Bytes.i64(v.data, off);
                        if (n >= 0 && n < 1_000_000_000_000_000_000L) {
                            return n;
                        }
                    }
                    break;
                default: break;
            }
        }
        return parseLong(bestScope.leaf(bestId));
    }

    /** Whether a leaf has text (is not an attribute made only of NULL values), without decoding it when that is plain. */
    private static boolean hasText(Scope s, int id) {
        TemplateNode[] parts = s.plan.parts[id];
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub) {
            return !(s.plan.attribute[id] && s.fragment.values.isNull(sub.index()));
        }
        return s.leaf(id) != null;
    }

    private static long parseLong(String s) {
        if (s == null || s.isEmpty()) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || i > 18) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Event time (System/TimeCreated) in epoch milliseconds, else the written time. */
    public long timestampMillis() {
        FieldPlan p = fragment.template.plan();
        int[] ids = p.index.get("TimeCreated");
        if (ids != null) {
            TemplateNode[] parts = p.parts[ids[0]];
            if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution s && !fragment.values.isNull(s.index())) {
                SubstitutionArray v = fragment.values;
                if (v.type(s.index()) == ValueType.FILETIME.code() && v.sizes[s.index()] >= 8) {
                    return ValueFormat.fileTimeMillis(Bytes.i64(v.data, v.offsets[s.index()]));
                }
            }
        }
        String t = field("TimeCreated");
        if (t != null) {
            try {
                return Instant.parse(t).toEpochMilli();
            } catch (RuntimeException e) {
                // fall through to the header's time
            }
        }
        return ValueFormat.fileTimeMillis(writtenTicks);
    }

    /**
     * Where fields are looked up: the event's own template, then each Binary XML value in it
     * (Security events carry their EventData that way), each with its plan and value cache.
     */
    private static final class Scope {
        final FieldPlan plan;
        final Fragment fragment;
        /** Decoded values, made on first use: most records are asked for a few fields or none. */
        private String[] cache;

        Scope(FieldPlan plan, Fragment fragment) {
            this.plan = plan;
            this.fragment = fragment;
        }

        String leaf(int id) {
            String[] c = cache;
            if (c == null) {
                c = new String[plan.names.length];
                cache = c;
            }
            String v = c[id];
            if (v == null) {
                v = text(plan.parts[id], fragment, plan.attribute[id]);
                c[id] = v;
            }
            return v;
        }

        private List<String>[] arrays;

        /** Every value of a leaf holding an array substitution, decoded once. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<String> arrayValues(int id) {
            if (arrays == null) {
                arrays = new List[plan.names.length];
            }
            List<String> l = arrays[id];
            if (l == null) {
                l = new ArrayList<>();
                leafValues(plan.parts[id], fragment, plan.attribute[id], l);
                arrays[id] = l;
            }
            return l;
        }
    }

    private Scope[] scopes() {
        Scope[] s = scopes;
        if (s == null) {
            List<Scope> list = new ArrayList<>(2);
            addScopes(fragment.template.plan(), fragment, list, 0);
            s = list.toArray(new Scope[0]);
            scopes = s;
        }
        return s;
    }

    private static void addScopes(FieldPlan plan, Fragment f, List<Scope> out, int depth) {
        out.add(new Scope(plan, f));
        if (depth >= BinXmlParser.MAX_FRAGMENT_DEPTH) {
            return;
        }
        for (int i = 0; i < plan.nestedSlots.length; i++) {
            Fragment nested = f.nested(plan.nestedSlots[i]);
            if (nested != null) {
                addScopes(nested.template.plan(plan.nestedPaths.get(i)), nested, out, depth + 1);
            }
        }
    }

    private boolean perRecord() {
        for (Scope s : scopes()) {
            if (s.plan.perRecord) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.concurrent.ConcurrentHashMap<String, String> LOOSE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A field name as rules may write it: without spaces, in lower case. Windows names some
     * fields with spaces ("Threat Name") where Sigma rules write {@code ThreatName}, and Sigma
     * matches field names without regard to case.
     */
    public static String looseName(String name) {
        String l = LOOSE.get(name);
        if (l == null) {
            l = name.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
            if (LOOSE.size() < 100_000) {
                LOOSE.put(name, l);
            }
        }
        return l;
    }

    /** The value of a field (names as in INTERFACES.md), or null when the event has none. */
    public String field(String name) {
        Scope[] all = scopes();
        if (all.length == 1 && !all[0].plan.perRecord) {
            // One lookup answers both: the leaves of the name, or the plan's spelling of it.
            FieldPlan.Lookup l = all[0].plan.lookup(name);
            if (l.ids == null) {
                return l.exact != null && !l.exact.equals(name) ? exactField(l.exact) : null;
            }
            return firstLeaf(all[0], l.ids);
        }
        String v = exactField(name);
        if (v == null) {
            String exact = exactName(name);
            if (exact != null && !exact.equals(name)) {
                v = exactField(exact);
            }
        }
        return v;
    }

    /** The first value among a name's leaves in one scope: they come sorted by tier, so it wins. */
    private static String firstLeaf(Scope s, int[] ids) {
        for (int id : ids) {
            String v = s.leaf(id);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The event's own spelling of a loosely written field name, or null when it has no such field. */
    private String exactName(String name) {
        for (Scope s : scopes()) {
            String e = s.plan.exactName(name);
            if (e != null) {
                return e;
            }
        }
        if (perRecord()) {
            String l = looseName(name);
            for (String k : flat().keySet()) {
                if (looseName(k).equals(l)) {
                    return k;
                }
            }
        }
        return null;
    }

    private String exactField(String name) {
        Scope[] all = scopes();
        if (all.length == 1 && !all[0].plan.perRecord) {
            int[] ids = all[0].plan.lookup(name).ids;
            return ids == null ? null : firstLeaf(all[0], ids);
        }
        if (perRecord()) {
            List<String> l = flat().get(name);
            return l == null || l.isEmpty() ? null : l.get(0);
        }
        // The first value of the lowest tier, scopes in order: one pass, each scope's leaves looked up once.
        String best = null;
        int bestTier = FieldPlan.TIERS;
        for (Scope s : all) {
            FieldPlan.Lookup l = s.plan.lookup(name);
            int[] ids = l.ids;
            if (ids == null) {
                continue;
            }
            byte[] tiers = l.tiers;
            for (int k = 0; k < ids.length; k++) {
                if (tiers[k] < bestTier) {
                    String v = s.leaf(ids[k]);
                    if (v != null) {
                        best = v;
                        bestTier = tiers[k];
                    }
                }
            }
        }
        return best;
    }

    /**
     * True when some value of the field passes {@code test}: the values {@link #fieldValues}
     * would list first (those of the winning tier), without building a list in the common case.
     */
    public boolean anyValue(String name, java.util.function.Predicate<String> test) {
        return anyValue(name, test, false);
    }

    /**
     * As {@link #anyValue(String, java.util.function.Predicate)}; with {@code strip} the values
     * are tested without surrounding white space (as detection rules expect them).
     */
    public boolean anyValue(String name, java.util.function.Predicate<String> test, boolean strip) {
        int r = anyExact(name, test, strip);
        if (r >= 0) {
            return r == 1;
        }
        String exact = exactName(name);
        return exact != null && !exact.equals(name) && anyExact(exact, test, strip) == 1;
    }

    private static boolean passes(String v, java.util.function.Predicate<String> test, boolean strip) {
        return test.test(strip ? v.strip() : v);
    }

    /** 1: a value passed; 0: values exist, none passed; -1: the event has no such field. */
    private int anyExact(String name, java.util.function.Predicate<String> test, boolean strip) {
        Scope[] all = scopes();
        if (all.length == 1 && !all[0].plan.perRecord) {
            Scope s = all[0];
            FieldPlan.Lookup l = s.plan.lookup(name);
            int[] ids = l.ids;
            if (ids == null) {
                return -1;
            }
            byte[] tiers = l.tiers;
            int winning = -1;
            for (int k = 0; k < ids.length; k++) {
                if (winning >= 0 && tiers[k] != winning) {
                    break;
                }
                if (isArray(s, ids[k])) {
                    winning = tiers[k];
                    for (String v : s.arrayValues(ids[k])) {
                        if (passes(v, test, strip)) {
                            return 1;
                        }
                    }
                    continue;
                }
                String v = s.leaf(ids[k]);
                if (v == null) {
                    continue;
                }
                winning = tiers[k];
                if (passes(v, test, strip)) {
                    return 1;
                }
            }
            return winning >= 0 ? 0 : -1;
        }
        if (perRecord()) {
            List<String> l = flat().get(name);
            if (l == null) {
                return -1;
            }
            for (String v : l) {
                if (passes(v, test, strip)) {
                    return 1;
                }
            }
            return 0;
        }
        // Each scope's lookup once (the tier loop below would repeat them four times).
        FieldPlan.Lookup[] lookups = new FieldPlan.Lookup[all.length];
        boolean any = false;
        for (int k = 0; k < all.length; k++) {
            lookups[k] = all[k].plan.lookup(name);
            any |= lookups[k].ids != null;
        }
        if (!any) {
            return -1;
        }
        for (int t = 0; t < FieldPlan.TIERS; t++) {
            boolean seen = false;
            for (int sc = 0; sc < all.length; sc++) {
                Scope s = all[sc];
                FieldPlan.Lookup l = lookups[sc];
                int[] ids = l.ids;
                if (ids == null) {
                    continue;
                }
                byte[] tiers = l.tiers;
                for (int k = 0; k < ids.length; k++) {
                    if (tiers[k] != t) {
                        continue;
                    }
                    if (isArray(s, ids[k])) {
                        for (String v : s.arrayValues(ids[k])) {
                            seen = true;
                            if (passes(v, test, strip)) {
                                return 1;
                            }
                        }
                        continue;
                    }
                    String v = s.leaf(ids[k]);
                    if (v != null) {
                        seen = true;
                        if (passes(v, test, strip)) {
                            return 1;
                        }
                    }
                }
            }
            if (seen) {
                return 0;
            }
        }
        return -1;
    }

    private static boolean isArray(Scope s, int id) {
        TemplateNode[] parts = s.plan.parts[id];
        return parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub && !s.fragment.values.isNull(sub.index())
                && (s.fragment.values.type(sub.index()) & 0x80) != 0;
    }

    /** Every value of a field: several unnamed {@code Data}, array values; empty when absent. */
    public List<String> fieldValues(String name) {
        if (exactField(name) == null) {
            String exact = exactName(name);
            if (exact == null || exact.equals(name)) {
                return List.of();
            }
            name = exact;
        }
        if (perRecord()) {
            List<String> l = flat().get(name);
            return l == null ? List.of() : l;
        }
        List<String> out = new ArrayList<>(1);
        for (int t = 0; t < FieldPlan.TIERS; t++) {
            for (Scope s : scopes()) {
                FieldPlan.Lookup l = s.plan.lookup(name);
                int[] ids = l.ids;
                if (ids == null) {
                    continue;
                }
                byte[] tiers = l.tiers;
                for (int k = 0; k < ids.length; k++) {
                    if (tiers[k] == t) {
                        leafValues(s.plan.parts[ids[k]], s.fragment, s.plan.attribute[ids[k]], out);
                    }
                }
            }
        }
        return out;
    }

    /** Receives each value of an event as text: UTF-16LE bytes where stored so, else a String. */
    public interface TextSink {
        /** A string value, {@code chars} UTF-16LE code units at {@code off} (trailing NULs removed). */
        void utf16(byte[] data, int off, int chars);

        void text(String value);

        /**
         * False when the sink only looks for text that values other than strings (numbers,
         * booleans, GUIDs, times, SIDs, binary: {@link #NON_TEXT_CHARS}) can never show; such
         * values are then not rendered for it.
         */
        default boolean nonText() {
            return true;
        }
    }

    /**
     * Every character (lower case) that the text of a value other than a string may hold: digits,
     * hex letters, signs, exponents, ISO times, GUID braces, SIDs, true/false and the like.
     */
    public static final String NON_TEXT_CHARS = "0123456789abcdefilnrstuxyz+-.:{} ";

    private static boolean textType(int type) {
        int t = type & 0x7f;
        return t == ValueType.STRING.code() || t == ValueType.ANSI_STRING.code() || t > ValueType.HEX_INT64.code();
    }

    /**
     * Every value of the event as text, string values straight from the record's bytes: for a
     * search through all values (keyword rules) that need not build a String per value.
     */
    public void forEachText(TextSink sink) {
        if (perRecord()) {
            forEachField((k, v) -> sink.text(v));
            return;
        }
        boolean nonText = sink.nonText();
        for (Scope s : scopes()) {
            FieldPlan p = s.plan;
            for (int i = 0; i < p.names.length; i++) {
                TemplateNode[] parts = p.parts[i];
                if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub) {
                    SubstitutionArray v = s.fragment.values;
                    int k = sub.index();
                    if (v.isNull(k)) {
                        continue;
                    }
                    if (v.type(k) == ValueType.STRING.code()) {
                        int chars = v.sizes[k] >>> 1;
                        int off = v.offsets[k];
                        while (chars > 0 && v.data[off + 2 * chars - 2] == 0 && v.data[off + 2 * chars - 1] == 0) {
                            chars--;
                        }
                        sink.utf16(v.data, off, chars);
                        continue;
                    }
                    if (!nonText && !textType(v.type(k))) {
                        continue;
                    }
                    if ((v.type(k) & 0x80) != 0) {
                        for (String t : s.arrayValues(i)) {
                            sink.text(t);
                        }
                        continue;
                    }
                }
                String t = s.leaf(i);
                if (t != null) {
                    sink.text(t);
                }
            }
        }
    }

    /** Every field once, by its short name, with each of its values. */
    public void forEachField(BiConsumer<String, String> sink) {
        if (perRecord()) {
            for (Map.Entry<String, List<String>> e : flat().entrySet()) {
                if (e.getKey().startsWith("Event.")) {
                    continue;
                }
                for (String v : e.getValue()) {
                    sink.accept(e.getKey(), v);
                }
            }
            return;
        }
        for (Scope s : scopes()) {
            FieldPlan p = s.plan;
            for (int i = 0; i < p.names.length; i++) {
                String key = FieldPlan.isAlias(p.names[i], p.attribute[i]) ? p.names[i][1] : p.names[i][0];
                TemplateNode[] parts = p.parts[i];
                if (!(parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub && !s.fragment.values.isNull(sub.index())
                        && (s.fragment.values.type(sub.index()) & 0x80) != 0)) {
                    // Single values come from the record's cache: the same String each time asked.
                    String v = s.leaf(i);
                    if (v != null) {
                        sink.accept(key, v);
                    }
                    continue;
                }
                for (String v : s.arrayValues(i)) {
                    sink.accept(key, v);
                }
            }
        }
    }

    /** The text of a field's parts; null for an attribute made only of NULL values. */
    static String text(TemplateNode[] parts, Fragment f, boolean attribute) {
        if (parts.length == 1) {
            TemplateNode n = parts[0];
            if (n instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = f.values;
                if (v.isNull(s.index())) {
                    return attribute ? null : "";
                }
                return ValueFormat.text(v.data, v.offsets[s.index()], v.sizes[s.index()], v.type(s.index()));
            }
            if (n instanceof TemplateNode.Text t) {
                return t.text();
            }
        }
        StringBuilder sb = new StringBuilder();
        boolean any = !attribute;
        for (TemplateNode n : parts) {
            if (n instanceof TemplateNode.Substitution s) {
                SubstitutionArray v = f.values;
                if (!v.isNull(s.index()) && v.type(s.index()) != ValueType.BIN_XML.code()) {
                    ValueFormat.appendText(sb, v.data, v.offsets[s.index()], v.sizes[s.index()], v.type(s.index()));
                    any = true;
                }
            } else if (n instanceof TemplateNode.Text t) {
                sb.append(t.text());
                any = true;
            } else if (n instanceof TemplateNode.CharRef c) {
                sb.appendCodePoint(c.codePoint());
                any = true;
            } else if (n instanceof TemplateNode.EntityRef r) {
                sb.append(JsonRenderer.entity(r.name()));
                any = true;
            } else if (n instanceof TemplateNode.CData c) {
                sb.append(c.text());
                any = true;
            }
        }
        return any ? sb.toString() : null;
    }

    private static void leafValues(TemplateNode[] parts, Fragment f, boolean attribute, List<String> out) {
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution s && !f.values.isNull(s.index())
                && (f.values.type(s.index()) & 0x80) != 0) {
            SubstitutionArray v = f.values;
            out.addAll(ValueFormat.arrayTexts(v.data, v.offsets[s.index()], v.sizes[s.index()], v.type(s.index())));
            return;
        }
        String t = text(parts, f, attribute);
        if (t != null) {
            out.add(t);
        }
    }

    private Map<String, List<String>> flat() {
        Map<String, List<String>> m = flat;
        if (m == null) {
            List<Map<String, List<String>>> tiers = new ArrayList<>(FieldPlan.TIERS);
            for (int t = 0; t < FieldPlan.TIERS; t++) {
                tiers.add(new LinkedHashMap<>());
            }
            FieldPlan.walk(fragment.nodes(), fragment, new ArrayList<>(), (names, parts, f, attribute) -> {
                List<String> values = new ArrayList<>(1);
                leafValues(parts, f, attribute, values);
                if (values.isEmpty()) {
                    return;
                }
                for (int k = 0; k < names.length; k++) {
                    tiers.get(FieldPlan.tier(names, k, attribute)).computeIfAbsent(names[k], x -> new ArrayList<>(1)).addAll(values);
                }
            }, new boolean[1]);
            Map<String, List<String>> built = new LinkedHashMap<>();
            for (Map<String, List<String>> tier : tiers) {
                for (Map.Entry<String, List<String>> e : tier.entrySet()) {
                    built.computeIfAbsent(e.getKey(), x -> new ArrayList<>(1)).addAll(e.getValue());
                }
            }
            m = Collections.unmodifiableMap(built);
            flat = m;
        }
        return m;
    }

    /**
     * True when the record looks like a real event: an {@code Event} root, well-formed names
     * throughout, and a numeric EventID and a TimeCreated. Used to tell carved records from
     * slack that merely happens to hold a record signature.
     */
    boolean plausible() {
        TemplateNode[] nodes = fragment.nodes();
        if (nodes.length == 0 || !(nodes[0] instanceof TemplateNode.Element root) || !root.name().equals("Event")) {
            return false;
        }
        if (!namesWellFormed(fragment, 0)) {
            return false;
        }
        String id = field("EventID");
        return id != null && !id.isEmpty() && parseLong(id) != Long.MIN_VALUE && field("TimeCreated") != null;
    }

    private static boolean namesWellFormed(Fragment f, int depth) {
        if (depth > BinXmlParser.MAX_FRAGMENT_DEPTH) {
            return false;
        }
        for (TemplateNode n : f.nodes()) {
            if (!namesWellFormed(n, f, depth)) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesWellFormed(TemplateNode n, Fragment f, int depth) {
        if (n instanceof TemplateNode.Element e) {
            if (!xmlName(e.name())) {
                return false;
            }
            for (TemplateNode.Attribute a : e.attributes()) {
                if (!xmlName(a.name())) {
                    return false;
                }
            }
            for (TemplateNode c : e.children()) {
                if (!namesWellFormed(c, f, depth)) {
                    return false;
                }
                if (c instanceof TemplateNode.Substitution s && f.nested(s.index()) != null
                        && !namesWellFormed(f.nested(s.index()), depth + 1)) {
                    return false;
                }
            }
        } else if (n instanceof TemplateNode.NestedFragment nf) {
            return namesWellFormed(nf.fragment(), depth + 1);
        }
        return true;
    }

    private static boolean xmlName(String s) {
        if (s.isEmpty() || s.length() > 256) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':'
                    || (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Renders the event as evtx_dump JSON: {@code {"Event":{...}}}. */
    public void writeJson(JsonOut out) {
        JsonRenderer.render(fragment, out);
    }

    /** Renders the event XML as Windows does, on one line. */
    public void writeXml(JsonOut out) {
        XmlRenderer.render(fragment, out);
    }

    /** The event as the intermediate XML tree with typed values. */
    public XmlNode.Element toElement() {
        return Expander.element(fragment);
    }

    public String toJson() {
        JsonOut out = new JsonOut(1024);
        writeJson(out);
        return out.toString();
    }

    public String toXml() {
        JsonOut out = new JsonOut(1024);
        writeXml(out);
        return out.toString();
    }

    @Override
    public String toString() {
        return file + "@" + offset + " record " + recordNumber;
    }
}
