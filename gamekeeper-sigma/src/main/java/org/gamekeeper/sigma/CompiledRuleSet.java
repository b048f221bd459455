package org.gamekeeper.sigma;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.compile.RuleCompiler;
import org.gamekeeper.sigma.condition.Condition;
import org.gamekeeper.sigma.condition.ConditionResolver;
import org.gamekeeper.sigma.rule.Detection;
import org.gamekeeper.sigma.rule.SearchIdentifier;
import org.gamekeeper.sigma.rule.SigmaCorrelation;
import org.gamekeeper.sigma.rule.SigmaFilter;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * The compiled form of a {@link RuleSet}: filters applied, every rule compiled, correlations
 * with the rules they refer to. Immutable; share it between threads.
 */
public final class CompiledRuleSet {
    private final List<CompiledRule> rules;
    private final Set<CompiledRule> correlationOnly;
    private final List<SigmaCorrelation> correlations;

    private CompiledRuleSet(List<CompiledRule> rules, Set<CompiledRule> correlationOnly, List<SigmaCorrelation> correlations) {
        this.rules = List.copyOf(rules);
        this.correlationOnly = Set.copyOf(correlationOnly);
        this.correlations = List.copyOf(correlations);
    }

    static CompiledRuleSet compile(RuleSet set, FieldResolver resolver) {
        RuleCompiler compiler = new RuleCompiler(resolver);
        List<SigmaFilter> filters = set.filters();
        // a rule skipped for its status still runs when a loaded correlation refers to it
        Set<String> referenced = new HashSet<>();
        set.correlations().forEach(c -> referenced.addAll(c.rules()));
        List<CompiledRule> compiled = new ArrayList<>();
        for (RuleSet.Entry e : set.entries()) {
            if (!(e.document() instanceof SigmaRule r) || e.failed()) {
                continue;
            }
            var m = r.metadata();
            boolean needed = m.id() != null && referenced.contains(m.id()) || m.name() != null && referenced.contains(m.name());
            if (e.loaded() || needed) {
                compiled.add(compiler.compile(applyFilters(r, filters)));
            }
        }
        // generate: false (the default) keeps the referenced rules from alerting on their own
        Set<String> quiet = new HashSet<>();
        Set<String> loud = new HashSet<>();
        for (SigmaCorrelation c : set.correlations()) {
            (c.generate() ? loud : quiet).addAll(c.rules());
        }
        quiet.removeAll(loud);
        Set<CompiledRule> only = new HashSet<>();
        for (CompiledRule r : compiled) {
            var m = r.rule().metadata();
            if (m.id() != null && quiet.contains(m.id()) || m.name() != null && quiet.contains(m.name())) {
                only.add(r);
            }
        }
        return new CompiledRuleSet(compiled, only, set.correlations());
    }

    /** The rule with every filter that names it (or names any rule) and covers its log source AND-ed on. */
    static SigmaRule applyFilters(SigmaRule rule, List<SigmaFilter> filters) {
        Detection d = rule.detection();
        Map<String, SearchIdentifier> ids = null;
        List<Condition> conds = null;
        var meta = rule.metadata();
        for (SigmaFilter f : filters) {
            boolean named = f.anyRule() || meta.id() != null && f.rules().contains(meta.id())
                    || meta.name() != null && f.rules().contains(meta.name()) || f.rules().contains(meta.title());
            if (!named || !f.logSource().covers(rule.logSource())) {
                continue;
            }
            if (ids == null) {
                ids = new LinkedHashMap<>(d.identifiers());
                conds = new ArrayList<>();
                conds.add(d.condition());
            }
            String prefix = "filter:" + f.metadata().reference() + ":";
            for (SearchIdentifier si : f.detection().identifiers().values()) {
                ids.put(prefix + si.name(), new SearchIdentifier(prefix + si.name(), si.alternatives(), si.location()));
            }
            conds.add(rename(f.detection().condition(), prefix));
        }
        if (ids == null) {
            return rule;
        }
        Condition all = ConditionResolver.simplify(new Condition.And(conds));
        return rule.withDetection(new Detection(Map.copyOf(ids), d.parsed(), all, d.location()));
    }

    private static Condition rename(Condition c, String prefix) {
        if (c instanceof Condition.Ref r) {
            return new Condition.Ref(prefix + r.name());
        }
        if (c instanceof Condition.Not n) {
            return new Condition.Not(rename(n.child(), prefix));
        }
        List<Condition> children = new ArrayList<>();
        List<Condition> in = c instanceof Condition.And a ? a.children() : ((Condition.Or) c).children();
        for (Condition ch : in) {
            children.add(rename(ch, prefix));
        }
        return c instanceof Condition.And ? new Condition.And(children) : new Condition.Or(children);
    }

    /** The compiled rule with this id or name, or null. */
    public CompiledRule byReference(String idOrName) {
        for (CompiledRule r : rules) {
            var m = r.rule().metadata();
            if (idOrName.equals(m.id()) || idOrName.equals(m.name())) {
                return r;
            }
        }
        return null;
    }

    /** The compiled rules {@code selection} chooses, in load order. */
    public List<CompiledRule> select(Selection selection) {
        List<CompiledRule> out = new ArrayList<>();
        for (CompiledRule r : rules) {
            if (selection.accepts(r.rule().metadata(), !alertsOnItsOwn(r))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every compiled rule, in load order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /**
     * False for rules that only feed correlations (referred to by a correlation without
     * {@code generate: true}): their matches go to the correlation engine, not out as alerts.
     */
    public boolean alertsOnItsOwn(CompiledRule rule) {
        return !correlationOnly.contains(rule);
    }

    public List<SigmaCorrelation> correlations() {
        return correlations;
    }
}
