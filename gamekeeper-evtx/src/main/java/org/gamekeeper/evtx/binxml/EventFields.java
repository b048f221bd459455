package org.gamekeeper.evtx.binxml;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The fields of one event (a record's Binary XML fragment), looked up by name through the field
 * plans of its templates ({@link FieldPlan}). Values are decoded on first request and cached;
 * nothing is rendered. The reader's {@code EventRecord} answers every question about its event's
 * fields from here. Public for the reader package only: internal to the library.
 */
public final class EventFields {
    private final Fragment fragment;
    private Scope[] scopes;
    private Flat flat;

    public EventFields(Fragment fragment) {
        this.fragment = fragment;
    }

    /** {@code <EventRecordID>} from the event, falling back to {@code recordNumber} (the record header's). */
    public long eventRecordId(long recordNumber) {
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
     * integer value (EventID, EventRecordID almost always are): the leaf is chosen as
     * {@link #field} chooses it, and only its decoding is skipped.
     */
    private long numberField(int numbered) {
        Object n = walk(FieldPlan.NUMBERED[numbered], null, false, NUMBER, null);
        return n instanceof Long v ? v : Long.MIN_VALUE;
    }

    /** The number a leaf holds (see {@link #numberField}); null when it holds no text. */
    private static Long number(Scope s, int id) {
        if (!hasText(s, id)) {
            return null;
        }
        TemplateNode[] parts = s.plan.parts[id];
        if (parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub && !s.fragment.values.isNull(sub.index())) {
            SubstitutionArray v = s.fragment.values;
            int k = sub.index();
            int off = v.offsets[k];
            int size = v.sizes[k];
            switch (v.type(k)) {
                case 0x04: if (size >= 1) { return (long) (v.data[off] & 0xff); } break;
                case 0x06: if (size >= 2) { return (long) Bytes.u16(v.data, off); } break;
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
        return parseLong(s.leaf(id));
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

    /** Event time (System/TimeCreated) in epoch milliseconds, else the record header's written time {@code writtenTicks}. */
    public long timestampMillis(long writtenTicks) {
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

    // Field lookup: one walk over a name's values in lookup order, and what each question does
    // with the values it meets (a Visit).

    /** A visit's answer for values that were there but not what it looks for: the walk goes on. */
    private static final Object SEEN = new Object();

    /** What a question does with each value the walk meets; null: nothing there, go on; {@link #SEEN}; or the answer. */
    private interface Visit<C> {
        /** One leaf of a template's plan. */
        Object leaf(Scope s, int id, C context);

        /** One value of a record whose field names depend on its values ({@link FieldPlan#perRecord}). */
        Object value(String value, C context);
    }

    /**
     * The one walk over the values a field name leads to, in lookup order: tier by tier (see
     * {@link FieldPlan}), scopes in order, a scope's leaves in template order. Stops at the first
     * answer; with {@code firstTier} also after the first tier in which values were seen. When
     * the event has no value under the name and {@code fold} is given, walks the event's own
     * spelling of the name instead. Returns the answer, {@link #SEEN}, or null when the event has
     * no value under the name.
     */
    private <C> Object walk(String name, NameFolding fold, boolean firstTier, Visit<C> visit, C context) {
        if (perRecord()) {
            Object r = walkFlat(name, firstTier, visit, context);
            if (r != null || fold == null) {
                return r;
            }
            String exact = foldedName(name, fold);
            return exact == null || exact.equals(name) ? null : walkFlat(exact, firstTier, visit, context);
        }
        Scope[] all = scopes();
        if (all.length == 1) {
            // The common case: one scope, one lookup (which also knows the folded spelling).
            Scope s = all[0];
            FieldPlan.Lookup l = s.plan.lookup(name);
            Object r = l.ids == null ? null : walkScope(s, l, firstTier, visit, context);
            if (r != null || fold == null) {
                return r;
            }
            String exact = l.folded(s.plan, fold);
            return exact == null || exact.equals(name) ? null : walkScope(s, s.plan.lookup(exact), firstTier, visit, context);
        }
        if (all.length == 2) {
            // The next most common (a template and one nested in it): no array per question,
            // and a name only one of the two has is that scope's walk.
            Scope s0 = all[0];
            Scope s1 = all[1];
            FieldPlan.Lookup l0 = s0.plan.lookup(name);
            FieldPlan.Lookup l1 = s1.plan.lookup(name);
            Object r;
            if (l0.ids == null) {
                r = l1.ids == null ? null : walkScope(s1, l1, firstTier, visit, context);
            } else if (l1.ids == null) {
                r = walkScope(s0, l0, firstTier, visit, context);
            } else {
                r = walkScopes(all, new FieldPlan.Lookup[] {l0, l1}, firstTier, visit, context);
            }
            if (r != null || fold == null) {
                return r;
            }
            String exact = l0.folded(s0.plan, fold);
            if (exact == null) {
                exact = l1.folded(s1.plan, fold);
            }
            return exact == null || exact.equals(name) ? null
                    : walkScopes(all, new FieldPlan.Lookup[] {s0.plan.lookup(exact), s1.plan.lookup(exact)}, firstTier, visit, context);
        }
        FieldPlan.Lookup[] lookups = new FieldPlan.Lookup[all.length];
        for (int k = 0; k < all.length; k++) {
            lookups[k] = all[k].plan.lookup(name);
        }
        Object r = walkScopes(all, lookups, firstTier, visit, context);
        if (r != null || fold == null) {
            return r;
        }
        String exact = null;
        for (int k = 0; k < all.length && exact == null; k++) {
            exact = lookups[k].folded(all[k].plan, fold);
        }
        if (exact == null || exact.equals(name)) {
            return null;
        }
        for (int k = 0; k < all.length; k++) {
            lookups[k] = all[k].plan.lookup(exact);
        }
        return walkScopes(all, lookups, firstTier, visit, context);
    }

    private <C> Object walkFlat(String name, boolean firstTier, Visit<C> visit, C context) {
        Flat f = flatFields();
        List<String> values = f.values().get(name);
        if (values == null) {
            return null;
        }
        Object seen = null;
        int firstTierValues = f.firstTier().get(name);
        for (int k = 0; k < values.size(); k++) {
            if (firstTier && seen != null && k == firstTierValues) {
                break;
            }
            Object r = visit.value(values.get(k), context);
            if (r == SEEN) {
                seen = SEEN;
            } else if (r != null) {
                return r;
            }
        }
        return seen;
    }

    /** One scope's leaves of a name: they come sorted by tier, so one pass. */
    private static <C> Object walkScope(Scope s, FieldPlan.Lookup l, boolean firstTier, Visit<C> visit, C context) {
        int[] ids = l.ids;
        if (ids == null) {
            return null;
        }
        int seenTier = -1;
        for (int k = 0; k < ids.length; k++) {
            if (firstTier && seenTier >= 0 && l.tiers[k] != seenTier) {
                break;
            }
            Object r = visit.leaf(s, ids[k], context);
            if (r == SEEN) {
                seenTier = l.tiers[k];
            } else if (r != null) {
                return r;
            }
        }
        return seenTier >= 0 ? SEEN : null;
    }

    /** Several scopes' leaves of a name, tier by tier, scopes in order. */
    private static <C> Object walkScopes(Scope[] all, FieldPlan.Lookup[] lookups, boolean firstTier, Visit<C> visit, C context) {
        boolean any = false;
        for (FieldPlan.Lookup l : lookups) {
            any |= l.ids != null;
        }
        if (!any) {
            return null;
        }
        boolean seen = false;
        for (int t = 0; t < FieldPlan.TIERS; t++) {
            for (int sc = 0; sc < all.length; sc++) {
                int[] ids = lookups[sc].ids;
                if (ids == null) {
                    continue;
                }
                byte[] tiers = lookups[sc].tiers;
                for (int k = 0; k < ids.length; k++) {
                    if (tiers[k] == t) {
                        Object r = visit.leaf(all[sc], ids[k], context);
                        if (r == SEEN) {
                            seen = true;
                        } else if (r != null) {
                            return r;
                        }
                    }
                }
            }
            if (seen && firstTier) {
                return SEEN;
            }
        }
        return seen ? SEEN : null;
    }

    /** The event's own spelling of a field name that {@code fold} makes equal to {@code name}, or null. */
    private String foldedName(String name, NameFolding fold) {
        if (perRecord()) {
            String folded = fold.fold(name);
            for (String k : flat().keySet()) {
                if (fold.fold(k).equals(folded)) {
                    return k;
                }
            }
            return null;
        }
        for (Scope s : scopes()) {
            String e = s.plan.foldedName(name, fold);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** The first value: the leaf's text (an array's values joined). */
    private static final Visit<Void> FIRST = new Visit<>() {
        @Override
        public Object leaf(Scope s, int id, Void none) {
            return s.leaf(id);
        }

        @Override
        public Object value(String value, Void none) {
            return value;
        }
    };

    /** The first value as a number (see {@link #numberField}). */
    private static final Visit<Void> NUMBER = new Visit<>() {
        @Override
        public Object leaf(Scope s, int id, Void none) {
            return number(s, id);
        }

        @Override
        public Object value(String value, Void none) {
            return parseLong(value);
        }
    };

    /** A value that passes the test, as it is or without surrounding white space. */
    private static final class Passes implements Visit<Predicate<String>> {
        private final boolean strip;

        Passes(boolean strip) {
            this.strip = strip;
        }

        @Override
        public Object leaf(Scope s, int id, Predicate<String> test) {
            if (isArray(s, id)) {
                // An array is a value of its tier even when it holds none.
                for (String v : s.arrayValues(id)) {
                    if (value(v, test) == Boolean.TRUE) {
                        return Boolean.TRUE;
                    }
                }
                return SEEN;
            }
            String v = s.leaf(id);
            return v == null ? null : value(v, test);
        }

        @Override
        public Object value(String value, Predicate<String> test) {
            return test.test(strip ? value.strip() : value) ? Boolean.TRUE : SEEN;
        }
    }

    private static final Visit<Predicate<String>> PASSES = new Passes(false);
    private static final Visit<Predicate<String>> PASSES_STRIPPED = new Passes(true);

    /** Every value, collected (never an answer: the walk goes through all tiers). */
    private static final Visit<List<String>> COLLECT = new Visit<>() {
        @Override
        public Object leaf(Scope s, int id, List<String> out) {
            int before = out.size();
            leafValues(s.plan.parts[id], s.fragment, s.plan.attribute[id], out);
            return out.size() > before ? SEEN : null;
        }

        @Override
        public Object value(String value, List<String> out) {
            out.add(value);
            return SEEN;
        }
    };

    private String field(String name) {
        return field(name, null);
    }

    /**
     * {@link #field(String, NameFolding)} of each of {@code names}, in order: a list read of many
     * events (the fields an alert explains itself with) is looked up once per template, so a name
     * the event's templates do not have costs nothing. Pass the same array each time.
     */
    public String[] fields(String[] names, NameFolding fold) {
        String[] out = new String[names.length];
        if (perRecord()) {
            for (int i = 0; i < names.length; i++) {
                out[i] = field(names[i], fold);
            }
            return out;
        }
        Scope[] all = scopes();
        boolean[][] may = new boolean[all.length][];
        for (int k = 0; k < all.length; k++) {
            may[k] = all[k].plan.mayHave(names, fold);
        }
        for (int i = 0; i < names.length; i++) {
            for (boolean[] m : may) {
                if (m[i]) {
                    out[i] = field(names[i], fold);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The value of a field (names as in INTERFACES.md), or null when the event has none; with
     * {@code fold}, a field the event spells otherwise is found too.
     */
    public String field(String name, NameFolding fold) {
        return (String) walk(name, fold, false, FIRST, null);
    }

    /**
     * True when some value of the field passes {@code test}: the values {@link #fieldValues}
     * would list first (those of the winning tier), without building a list. With {@code strip}
     * the values are tested without surrounding white space (as detection rules expect them);
     * with {@code fold}, a field the event spells otherwise is found too.
     */
    public boolean anyValue(String name, Predicate<String> test, boolean strip, NameFolding fold) {
        return walk(name, fold, true, strip ? PASSES_STRIPPED : PASSES, test) == Boolean.TRUE;
    }

    private static boolean isArray(Scope s, int id) {
        TemplateNode[] parts = s.plan.parts[id];
        return parts.length == 1 && parts[0] instanceof TemplateNode.Substitution sub && !s.fragment.values.isNull(sub.index())
                && (s.fragment.values.type(sub.index()) & 0x80) != 0;
    }

    /**
     * Every value of a field: several unnamed {@code Data}, array values; empty when absent.
     * With {@code fold}, a field the event spells otherwise is found too.
     */
    public List<String> fieldValues(String name, NameFolding fold) {
        if (perRecord()) {
            // Already a list per name: no copy.
            List<String> l = flat().get(name);
            if (l == null && fold != null) {
                String exact = foldedName(name, fold);
                l = exact == null ? null : flat().get(exact);
            }
            return l == null ? List.of() : l;
        }
        List<String> out = new ArrayList<>(1);
        walk(name, fold, false, COLLECT, out);
        return out;
    }

    /** Receives each value of an event as text: UTF-16LE bytes where stored so, else a String. */
    public interface TextSink {
        /** A string value, {@code chars} UTF-16LE code units at {@code off} (trailing NULs removed). */
        void utf16(byte[] data, int off, int chars);

        void text(String value);

        /**
         * False when the sink wants string values only: values of other types (numbers,
         * booleans, GUIDs, times, SIDs, binary) are then not rendered for it.
         */
        default boolean nonText() {
            return true;
        }
    }

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
    private static String text(TemplateNode[] parts, Fragment f, boolean attribute) {
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
                sb.append(r.text());
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

    /**
     * A record's fields when their names depend on its values ({@link FieldPlan#perRecord}):
     * every value by name, tier by tier, and how many of a name's values its first tier holds.
     */
    private record Flat(Map<String, List<String>> values, Map<String, Integer> firstTier) {
    }

    private Map<String, List<String>> flat() {
        return flatFields().values();
    }

    private Flat flatFields() {
        Flat made = flat;
        if (made == null) {
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
            Map<String, Integer> first = new HashMap<>();
            for (Map<String, List<String>> tier : tiers) {
                for (Map.Entry<String, List<String>> e : tier.entrySet()) {
                    built.computeIfAbsent(e.getKey(), x -> new ArrayList<>(1)).addAll(e.getValue());
                    first.putIfAbsent(e.getKey(), e.getValue().size());
                }
            }
            made = new Flat(Collections.unmodifiableMap(built), first);
            flat = made;
        }
        return made;
    }

    /**
     * True when the record looks like a real event: an {@code Event} root, well-formed names
     * throughout, and a numeric EventID and a TimeCreated. Used to tell carved records from
     * slack that merely happens to hold a record signature.
     */
    public boolean plausible() {
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
}
