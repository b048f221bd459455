package org.gamekeeper.sigma.rule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.sigma.NearMiss;
import org.gamekeeper.sigma.condition.Condition;
import org.gamekeeper.sigma.condition.ConditionException;
import org.gamekeeper.sigma.condition.ConditionParser;
import org.gamekeeper.sigma.condition.ConditionResolver;
import org.gamekeeper.sigma.modifier.Modifier;
import org.gamekeeper.sigma.modifier.ModifierContext;
import org.gamekeeper.sigma.modifier.ModifierException;
import org.gamekeeper.sigma.modifier.ModifierRegistry;
import org.gamekeeper.sigma.value.SigmaBoolean;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaExists;
import org.gamekeeper.sigma.value.SigmaNull;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;
import org.gamekeeper.sigma.yaml.YamlDocument;
import org.gamekeeper.sigma.yaml.YamlNode;
import org.gamekeeper.sigma.yaml.YamlReader;

/**
 * Reads the documents of one rule file into the rule model. Every problem of a document is
 * collected (not only the first); a problem inside one search identifier does not stop the
 * others from being checked, and follow-on errors (a condition naming an identifier that
 * already failed) are suppressed.
 */
public final class RuleReader {

    /** One document's outcome: the document, or the problems that kept it from loading. */
    public record Result(String file, int index, SigmaDocument document, List<RuleProblem> problems, YamlNode.Mapping source) {
        public boolean ok() {
            return document != null;
        }
    }

    private final YamlReader yaml = new YamlReader();
    private final ModifierContext context;

    public RuleReader(ModifierContext context) {
        this.context = context;
    }

    /** Reads every document of a file's text. */
    public List<Result> read(String file, String text) {
        List<Result> out = new ArrayList<>();
        YamlNode.Mapping global = null;
        YamlNode.Mapping previous = null;
        for (YamlDocument doc : yaml.readAll(text)) {
            if (doc.failed()) {
                out.add(new Result(file, doc.index(), null,
                        List.of(new RuleProblem(new Location(file, doc.errorLine(), doc.errorColumn()), doc.error())), null));
                continue;
            }
            if (doc.root() instanceof YamlNode.Scalar s && s.isNull()) {
                continue; // an empty document, e.g. after a trailing ---
            }
            if (!(doc.root() instanceof YamlNode.Mapping map)) {
                out.add(new Result(file, doc.index(), null, List.of(new RuleProblem(
                        new Location(file, doc.root().line(), doc.root().column()),
                        "a rule document must be a map, not " + YamlNode.kind(doc.root()))), null));
                continue;
            }
            // Sigma 1.x multi-document collections: action global / reset / repeat
            YamlNode action = map.get("action");
            if (action instanceof YamlNode.Scalar a) {
                switch (a.text()) {
                    case "global" -> {
                        global = without(map, "action");
                        continue;
                    }
                    case "reset" -> {
                        global = null;
                        continue;
                    }
                    case "repeat" -> {
                        if (previous == null) {
                            out.add(failure(file, doc.index(), a, "'action: repeat' needs an earlier rule document"));
                            continue;
                        }
                        map = merge(previous, without(map, "action"));
                    }
                    default -> {
                        out.add(failure(file, doc.index(), a, "unknown action '" + a.text() + "' (global, reset or repeat)"));
                        continue;
                    }
                }
            } else if (global != null) {
                map = merge(global, map);
            }
            previous = map;
            out.add(readDocument(file, doc.index(), map));
        }
        return out;
    }

    private static Result failure(String file, int index, YamlNode at, String message) {
        return new Result(file, index, null, List.of(new RuleProblem(new Location(file, at.line(), at.column()), message)), null);
    }

    private static YamlNode.Mapping without(YamlNode.Mapping m, String key) {
        Map<String, YamlNode> e = new LinkedHashMap<>(m.entries());
        Map<String, YamlNode.Scalar> k = new LinkedHashMap<>(m.keys());
        e.remove(key);
        k.remove(key);
        return new YamlNode.Mapping(e, k, m.line(), m.column());
    }

    /** Deep merge: maps are merged key by key, anything else in {@code over} replaces {@code base}. */
    static YamlNode.Mapping merge(YamlNode.Mapping base, YamlNode.Mapping over) {
        Map<String, YamlNode> e = new LinkedHashMap<>(base.entries());
        Map<String, YamlNode.Scalar> k = new LinkedHashMap<>(base.keys());
        for (Map.Entry<String, YamlNode> en : over.entries().entrySet()) {
            YamlNode old = e.get(en.getKey());
            YamlNode val = old instanceof YamlNode.Mapping om && en.getValue() instanceof YamlNode.Mapping nm ? merge(om, nm) : en.getValue();
            e.put(en.getKey(), val);
            k.put(en.getKey(), over.keys().get(en.getKey()));
        }
        return new YamlNode.Mapping(e, k, over.line(), over.column());
    }

    /** Reads one (merged) document. */
    public Result readDocument(String file, int index, YamlNode.Mapping map) {
        Problems p = new Problems(file);
        RuleMetadata meta = metadata(map, p);
        SigmaDocument doc;
        if (map.get("correlation") != null) {
            doc = correlation(map, meta, p);
        } else if (map.get("filter") != null) {
            doc = filter(map, meta, p);
        } else {
            doc = rule(map, meta, p);
        }
        return p.list.isEmpty()
                ? new Result(file, index, doc, List.of(), map)
                : new Result(file, index, null, List.copyOf(p.list), map);
    }

    // ---- metadata ----

    private RuleMetadata metadata(YamlNode.Mapping map, Problems p) {
        String title = text(map, "title", p);
        if (title == null) {
            p.add(map, "missing 'title' (mandatory)");
        } else if (title.length() > 256) {
            p.add(map.get("title"), "'title' is longer than 256 characters");
        }
        Status status = null;
        String st = text(map, "status", p);
        if (st != null) {
            status = Status.of(st);
            if (status == null) {
                p.add(map.get("status"), "unknown status '" + st + "'" + NearMiss.hint(st, List.of("stable", "test", "experimental", "deprecated", "unsupported")));
            }
        }
        Level level = null;
        String lv = text(map, "level", p);
        if (lv != null) {
            level = Level.of(lv);
            if (level == null) {
                p.add(map.get("level"), "unknown level '" + lv + "'" + NearMiss.hint(lv, List.of("informational", "low", "medium", "high", "critical")));
            }
        }
        List<Related> related = new ArrayList<>();
        YamlNode rel = map.get("related");
        if (rel instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Mapping rm) {
                    String rid = text(rm, "id", p);
                    String rtype = text(rm, "type", p);
                    if (rid == null || rtype == null) {
                        p.add(item, "a 'related' entry needs 'id' and 'type'");
                    } else if (!Set.of("derived", "obsolete", "merged", "renamed", "similar").contains(rtype)) {
                        p.add(rm.get("type"), "unknown related type '" + rtype + "'" + NearMiss.hint(rtype, List.of("derived", "obsolete", "merged", "renamed", "similar")));
                    } else {
                        related.add(new Related(rid, rtype));
                    }
                } else {
                    p.add(item, "a 'related' entry must be a map with 'id' and 'type'");
                }
            }
        } else if (rel != null && !isNull(rel)) {
            p.add(rel, "'related' must be a list");
        }
        return new RuleMetadata(title, text(map, "id", p), text(map, "name", p), List.copyOf(related),
                text(map, "taxonomy", p), status, text(map, "description", p), texts(map, "references", p),
                text(map, "author", p), text(map, "date", p), text(map, "modified", p), texts(map, "tags", p),
                texts(map, "fields", p), texts(map, "falsepositives", p), level, texts(map, "scope", p),
                text(map, "license", p));
    }

    private static boolean isNull(YamlNode n) {
        return n instanceof YamlNode.Scalar s && s.isNull();
    }

    /** A scalar value as text, or null when absent; a list or map is a problem. */
    private static String text(YamlNode.Mapping map, String key, Problems p) {
        YamlNode n = map.get(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (n instanceof YamlNode.Scalar s) {
            return s.text();
        }
        p.add(n, "'" + key + "' must be a single value, not " + YamlNode.kind(n));
        return null;
    }

    /** A list of scalars; a single scalar is taken as a one-element list. */
    private static List<String> texts(YamlNode.Mapping map, String key, Problems p) {
        YamlNode n = map.get(key);
        if (n == null || isNull(n)) {
            return List.of();
        }
        if (n instanceof YamlNode.Scalar s) {
            return List.of(s.text());
        }
        if (n instanceof YamlNode.Sequence seq) {
            List<String> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s) {
                    if (!s.isNull()) {
                        out.add(s.text());
                    }
                } else {
                    p.add(item, "'" + key + "' must list single values, not " + YamlNode.kind(item));
                }
            }
            return List.copyOf(out);
        }
        p.add(n, "'" + key + "' must be a list");
        return List.of();
    }

    // ---- rule ----

    private SigmaRule rule(YamlNode.Mapping map, RuleMetadata meta, Problems p) {
        LogSource ls = logSource(map, p, true);
        YamlNode det = map.get("detection");
        Detection detection = null;
        if (det == null) {
            p.add(map, "missing 'detection' (mandatory)");
        } else if (det instanceof YamlNode.Mapping dm) {
            detection = detection(dm, p, true);
        } else {
            p.add(det, "'detection' must be a map, not " + YamlNode.kind(det));
        }
        return new SigmaRule(meta, ls, detection, p.location(map));
    }

    private static LogSource logSource(YamlNode.Mapping map, Problems p, boolean mandatory) {
        YamlNode n = map.get("logsource");
        if (n == null) {
            if (mandatory) {
                p.add(map, "missing 'logsource' (mandatory)");
            }
            return new LogSource(null, null, null, null);
        }
        if (!(n instanceof YamlNode.Mapping m)) {
            p.add(n, "'logsource' must be a map, not " + YamlNode.kind(n));
            return new LogSource(null, null, null, null);
        }
        LogSource ls = new LogSource(text(m, "product", p), text(m, "category", p), text(m, "service", p), text(m, "definition", p));
        if (ls.isEmpty() && mandatory) {
            p.add(n, "'logsource' names none of product, category, service");
        }
        return ls;
    }

    private Detection detection(YamlNode.Mapping dm, Problems p, boolean needCondition) {
        Map<String, SearchIdentifier> ids = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, YamlNode> e : dm.entries().entrySet()) {
            String name = e.getKey();
            if (name.equals("condition") || name.equals("timeframe")) {
                continue;
            }
            int before = p.list.size();
            SearchIdentifier si = searchIdentifier(name, e.getValue(), dm.keys().get(name), p);
            if (p.list.size() == before) {
                ids.put(name, si);
            } else {
                failed.add(name);
            }
        }
        if (dm.get("timeframe") != null) {
            p.add(dm.keys().get("timeframe"), "'timeframe' belongs to the obsolete aggregation syntax; write a correlation rule instead");
        }
        YamlNode cond = dm.get("condition");
        if (cond == null) {
            if (needCondition) {
                p.add(dm, "missing 'condition' in 'detection'");
            }
            return null;
        }
        List<YamlNode.Scalar> texts = new ArrayList<>();
        if (cond instanceof YamlNode.Scalar s && !s.isNull()) {
            texts.add(s);
        } else if (cond instanceof YamlNode.Sequence seq && !seq.items().isEmpty()) {
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Scalar s && !s.isNull()) {
                    texts.add(s);
                } else {
                    p.add(item, "a condition must be text, not " + YamlNode.kind(item));
                }
            }
        } else {
            p.add(cond, "'condition' must be text or a list of texts");
            return null;
        }
        List<Condition> parsed = new ArrayList<>();
        List<Condition> resolved = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>(ids.keySet());
        known.addAll(failed);
        for (YamlNode.Scalar t : texts) {
            try {
                Condition c = ConditionParser.parse(t.text());
                parsed.add(c);
                if (failed.isEmpty()) {
                    resolved.add(ConditionResolver.resolve(c, ids.keySet()));
                } else {
                    ConditionResolver.resolve(c, known); // only report names that are unknown altogether
                }
            } catch (ConditionException ex) {
                int offset = ex.token() == null ? ex.offset() : wordAt(t.text(), ex.token());
                p.add(new Location(p.file, t.line(), t.column() + offset), ex.getMessage());
            }
        }
        if (!p.list.isEmpty() || parsed.isEmpty()) {
            return null;
        }
        Condition parsedAll = parsed.size() == 1 ? parsed.get(0) : new Condition.Or(parsed);
        Condition resolvedAll = resolved.size() == 1 ? resolved.get(0) : ConditionResolver.simplify(new Condition.Or(resolved));
        return new Detection(Map.copyOf(ids), parsedAll, resolvedAll, p.location(dm));
    }

    /** Position of a whole word in a condition text (0 when not found). */
    private static int wordAt(String text, String word) {
        int from = 0;
        while (true) {
            int i = text.indexOf(word, from);
            if (i < 0) {
                return 0;
            }
            int end = i + word.length();
            boolean before = i == 0 || " (".indexOf(text.charAt(i - 1)) >= 0;
            boolean after = end == text.length() || " )".indexOf(text.charAt(end)) >= 0;
            if (before && after) {
                return i;
            }
            from = i + 1;
        }
    }

    private SearchIdentifier searchIdentifier(String name, YamlNode node, YamlNode.Scalar key, Problems p) {
        Location loc = p.location(key);
        List<List<DetectionItem>> alternatives = new ArrayList<>();
        if (node instanceof YamlNode.Mapping m) {
            alternatives.add(items(m, p));
        } else if (node instanceof YamlNode.Sequence seq) {
            List<YamlNode> keywords = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Mapping m) {
                    alternatives.add(items(m, p));
                } else if (item instanceof YamlNode.Scalar) {
                    keywords.add(item);
                } else {
                    p.add(item, "a search identifier's list may hold values or maps, not " + YamlNode.kind(item));
                }
            }
            if (!keywords.isEmpty()) {
                DetectionItem k = item(null, "", new YamlNode.Sequence(keywords, seq.line(), seq.column()), key, p);
                if (k != null) {
                    alternatives.add(List.of(k));
                }
            }
            if (seq.items().isEmpty()) {
                p.add(node, "search identifier '" + name + "' is an empty list");
            }
        } else if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            DetectionItem k = item(null, "", s, key, p);
            if (k != null) {
                alternatives.add(List.of(k));
            }
        } else {
            p.add(node, "search identifier '" + name + "' must be a map or a list, not " + YamlNode.kind(node));
        }
        return new SearchIdentifier(name, List.copyOf(alternatives), loc);
    }

    private List<DetectionItem> items(YamlNode.Mapping m, Problems p) {
        List<DetectionItem> out = new ArrayList<>();
        if (m.entries().isEmpty()) {
            p.add(m, "empty map in a search identifier");
        }
        for (Map.Entry<String, YamlNode> e : m.entries().entrySet()) {
            String key = e.getKey();
            int bar = key.indexOf('|');
            String field = bar < 0 ? key : key.substring(0, bar);
            String mods = bar < 0 ? "" : key.substring(bar + 1);
            DetectionItem item = item(field.isEmpty() ? null : field, mods, e.getValue(), m.keys().get(key), p);
            if (item != null) {
                out.add(item);
            }
        }
        return List.copyOf(out);
    }

    /** Types the values of one item and applies its modifiers in the order written. */
    private DetectionItem item(String field, String modifierText, YamlNode valueNode, YamlNode.Scalar key, Problems p) {
        Location loc = p.location(key != null ? key : valueNode);
        List<Modifier> modifiers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean bad = false;
        if (!modifierText.isEmpty()) {
            for (String name : modifierText.split("\\|", -1)) {
                Modifier m = ModifierRegistry.byName(name);
                if (m == null) {
                    String hint = NearMiss.hint(name, ModifierRegistry.names());
                    p.add(loc, name.isEmpty() ? "empty modifier in '" + key.text() + "'" : "unknown modifier '" + name + "'" + hint);
                    bad = true;
                } else {
                    modifiers.add(m);
                    names.add(name);
                }
            }
        }
        if (bad) {
            return null;
        }
        List<YamlNode> raw = new ArrayList<>();
        if (valueNode instanceof YamlNode.Sequence seq) {
            if (seq.items().isEmpty()) {
                p.add(valueNode, "empty list of values");
                return null;
            }
            raw.addAll(seq.items());
        } else {
            raw.add(valueNode);
        }
        boolean all = false;
        boolean cased = false;
        boolean neq = false;
        for (Modifier m : modifiers) {
            switch (m.kind()) {
                case ALL -> all = true;
                case CASED -> cased = true;
                case NEQ -> neq = true;
                default -> { }
            }
        }
        List<List<SigmaValue>> values = new ArrayList<>();
        boolean hasNull = false;
        for (YamlNode n : raw) {
            if (!(n instanceof YamlNode.Scalar s)) {
                p.add(n, "a value must be a single value, not " + YamlNode.kind(n));
                return null;
            }
            SigmaValue v = typed(s);
            hasNull |= v instanceof SigmaNull;
            List<SigmaValue> current = List.of(v);
            for (Modifier m : modifiers) {
                List<SigmaValue> next = new ArrayList<>();
                for (SigmaValue cv : current) {
                    try {
                        next.addAll(m.apply(cv, context));
                    } catch (ModifierException ex) {
                        p.add(new Location(p.file, s.line(), s.column()), ex.getMessage());
                        return null;
                    }
                }
                current = next;
            }
            values.add(List.copyOf(current));
        }
        if (hasNull && raw.size() > 1) {
            p.add(valueNode, "null cannot be part of a list of values; put it in a selection of its own");
            return null;
        }
        if (all && raw.size() < 2) {
            p.add(loc, "the 'all' modifier needs a list of more than one value");
            return null;
        }
        for (List<SigmaValue> alternatives : values) {
            for (SigmaValue v : alternatives) {
                if (v instanceof SigmaExists && raw.size() > 1) {
                    p.add(loc, "'exists' takes a single true or false");
                    return null;
                }
                if (field == null && !(v instanceof SigmaString) && !(v instanceof SigmaNumber) && !(v instanceof org.gamekeeper.sigma.value.SigmaRegex)) {
                    p.add(loc, "a keyword search cannot take " + v.typeName() + " values; name a field");
                    return null;
                }
                if (neq && v instanceof SigmaCompare) {
                    p.add(loc, "'neq' cannot be combined with a comparison modifier");
                    return null;
                }
            }
        }
        return new DetectionItem(field, List.copyOf(names), List.copyOf(values), all, cased, neq, loc);
    }

    private static SigmaValue typed(YamlNode.Scalar s) {
        return switch (s.type()) {
            case NULL -> SigmaNull.INSTANCE;
            case BOOLEAN -> new SigmaBoolean(Boolean.parseBoolean(s.text().toLowerCase(Locale.ROOT)));
            case INTEGER, FLOAT -> {
                SigmaNumber n = SigmaNumber.parse(s.text());
                yield n != null ? n : SigmaString.parse(s.text());
            }
            case STRING -> SigmaString.parse(s.text());
        };
    }

    // ---- correlation ----

    private SigmaCorrelation correlation(YamlNode.Mapping map, RuleMetadata meta, Problems p) {
        YamlNode cn = map.get("correlation");
        if (!(cn instanceof YamlNode.Mapping c)) {
            p.add(cn, "'correlation' must be a map");
            return null;
        }
        String typeText = text(c, "type", p);
        CorrelationType type = typeText == null ? null : CorrelationType.of(typeText);
        if (typeText == null) {
            p.add(c, "missing 'type' in 'correlation'");
        } else if (type == null) {
            p.add(c.get("type"), "unknown correlation type '" + typeText + "'"
                    + NearMiss.hint(typeText, Arrays.stream(CorrelationType.values()).map(CorrelationType::id).toList()));
        }
        List<String> rules = texts(c, "rules", p);
        if (rules.isEmpty()) {
            p.add(c, "missing 'rules' in 'correlation'");
        }
        List<String> groupBy = texts(c, "group-by", p);
        long span = 0;
        String ts = text(c, "timespan", p);
        if (ts == null) {
            p.add(c, "missing 'timespan' in 'correlation'");
        } else {
            span = timespan(ts);
            if (span <= 0) {
                p.add(c.get("timespan"), "timespan '" + ts + "' is not a number followed by s, m, h, d (or w, M, y)");
            }
        }
        List<SigmaCompare> conds = new ArrayList<>();
        String field = null;
        YamlNode condNode = c.get("condition");
        if (condNode instanceof YamlNode.Mapping cm) {
            for (Map.Entry<String, YamlNode> e : cm.entries().entrySet()) {
                if (e.getKey().equals("field")) {
                    if (e.getValue() instanceof YamlNode.Scalar fs && !fs.isNull()) {
                        field = fs.text();
                    } else if (e.getValue() instanceof YamlNode.Sequence) {
                        List<String> fl = texts(cm, "field", p);
                        field = fl.isEmpty() ? null : String.join(",", fl);
                    }
                    continue;
                }
                SigmaCompare.Op op = switch (e.getKey()) {
                    case "gt" -> SigmaCompare.Op.GT;
                    case "gte" -> SigmaCompare.Op.GTE;
                    case "lt" -> SigmaCompare.Op.LT;
                    case "lte" -> SigmaCompare.Op.LTE;
                    case "eq" -> SigmaCompare.Op.EQ;
                    case "neq" -> SigmaCompare.Op.NEQ;
                    default -> null;
                };
                SigmaNumber num = e.getValue() instanceof YamlNode.Scalar vs ? SigmaNumber.parse(vs.text()) : null;
                if (op == null) {
                    p.add(cm.keys().get(e.getKey()), "unknown condition operator '" + e.getKey() + "'"
                            + NearMiss.hint(e.getKey(), List.of("gt", "gte", "lt", "lte", "eq", "neq", "field")));
                } else if (num == null) {
                    p.add(e.getValue(), "the '" + e.getKey() + "' condition needs a number");
                } else {
                    conds.add(new SigmaCompare(op, num));
                }
            }
        } else if (condNode != null) {
            p.add(condNode, "the correlation 'condition' must be a map such as {gte: 10}");
        }
        if (type != null) {
            if (!type.isTemporal() && conds.isEmpty()) {
                p.add(c, "a " + type.id() + " correlation needs a 'condition' with a comparison");
            }
            if (type.needsField() && field == null) {
                p.add(c, "a " + type.id() + " correlation needs 'field' in its condition");
            }
            if (type.isTemporal() && rules.size() < 2 && !rules.isEmpty()) {
                p.add(c.get("rules"), "a " + type.id() + " correlation needs at least two rules");
            }
        }
        Map<String, Map<String, String>> aliases = new LinkedHashMap<>();
        YamlNode an = c.get("aliases");
        if (an instanceof YamlNode.Mapping am) {
            for (Map.Entry<String, YamlNode> e : am.entries().entrySet()) {
                if (e.getValue() instanceof YamlNode.Mapping perRule) {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (String r : perRule.entries().keySet()) {
                        String f = text(perRule, r, p);
                        if (f != null) {
                            m.put(r, f);
                        }
                    }
                    aliases.put(e.getKey(), Map.copyOf(m));
                } else {
                    p.add(e.getValue(), "alias '" + e.getKey() + "' must map rule names to fields");
                }
            }
        } else if (an != null && !isNull(an)) {
            p.add(an, "'aliases' must be a map");
        }
        boolean generate = false;
        YamlNode gen = c.get("generate") != null ? c.get("generate") : map.get("generate");
        if (gen instanceof YamlNode.Scalar gs && gs.type() == YamlNode.ScalarType.BOOLEAN) {
            generate = Boolean.parseBoolean(gs.text().toLowerCase(Locale.ROOT));
        } else if (gen != null) {
            p.add(gen, "'generate' must be true or false");
        }
        return new SigmaCorrelation(meta, type, rules, groupBy, span, List.copyOf(conds), field, Map.copyOf(aliases),
                generate, p.location(map));
    }

    /** Milliseconds of a timespan such as {@code 90m}; 0 when malformed. */
    public static long timespan(String text) {
        if (text.length() < 2) {
            return 0;
        }
        char unit = text.charAt(text.length() - 1);
        long n = 0;
        for (int i = 0; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || n > 1_000_000_000L) {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        long unitMs = switch (unit) {
            case 's' -> 1000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            case 'w' -> 7 * 86_400_000L;
            case 'M' -> 30 * 86_400_000L;
            case 'y' -> 365 * 86_400_000L;
            default -> 0;
        };
        return n * unitMs;
    }

    // ---- filter ----

    private SigmaFilter filter(YamlNode.Mapping map, RuleMetadata meta, Problems p) {
        LogSource ls = logSource(map, p, true);
        YamlNode fn = map.get("filter");
        if (!(fn instanceof YamlNode.Mapping f)) {
            p.add(fn, "'filter' must be a map");
            return null;
        }
        boolean any = false;
        List<String> rules = List.of();
        YamlNode rn = f.get("rules");
        if (rn instanceof YamlNode.Scalar rs && ("any".equalsIgnoreCase(rs.text()) || "all".equalsIgnoreCase(rs.text()))) {
            any = true;
        } else {
            rules = texts(f, "rules", p);
            if (rules.isEmpty()) {
                p.add(f, "missing 'rules' in 'filter' (rule ids or names, or 'any')");
            }
        }
        Map<String, YamlNode> e = new LinkedHashMap<>(f.entries());
        Map<String, YamlNode.Scalar> k = new LinkedHashMap<>(f.keys());
        e.remove("rules");
        k.remove("rules");
        Detection d = detection(new YamlNode.Mapping(e, k, f.line(), f.column()), p, true);
        return new SigmaFilter(meta, ls, rules, any, d, p.location(map));
    }

    /** Problems of one document. */
    private static final class Problems {
        final String file;
        final List<RuleProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        Location location(YamlNode n) {
            return n == null ? new Location(file, 0, 0) : new Location(file, n.line(), n.column());
        }

        void add(YamlNode at, String message) {
            add(location(at), message);
        }

        void add(Location at, String message) {
            list.add(new RuleProblem(at, message));
        }
    }
}
