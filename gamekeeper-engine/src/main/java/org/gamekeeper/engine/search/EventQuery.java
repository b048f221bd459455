package org.gamekeeper.engine.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Event;
import org.gamekeeper.evtx.render.JsonOut;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.CompiledRule;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.gamekeeper.sigma.compile.RuleCompiler;
import org.gamekeeper.sigma.rule.RuleProblem;
import org.gamekeeper.sigma.rule.SigmaRule;

/**
 * One search, immutable and safe to share between threads. Kinds of criteria are AND-linked;
 * values of one kind are OR-linked (any keyword, any regex, any EventID, channel or host; the
 * values given for one field), as a Sigma detection map would be. The criteria are written as
 * one Sigma rule and compiled by gamekeeper-sigma, so {@code --field} values have Sigma's
 * wildcards and case-insensitivity, and field names Sigma's loose spelling.
 */
public final class EventQuery {
    private final CompiledRule rule;
    private final long fromMillis;
    private final long toMillis;
    private final String sigma;
    private final KeywordPrefilter prefilter;

    private EventQuery(CompiledRule rule, long fromMillis, long toMillis, String sigma, KeywordPrefilter prefilter) {
        this.prefilter = prefilter;
        this.rule = rule;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.sigma = sigma;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * True when something that is not an event log record (an alert seen through its fields)
     * meets the field criteria; the time window is not applied.
     */
    public boolean matchesFields(org.gamekeeper.sigma.SigmaEvent e) {
        return rule == null || rule.matches(e);
    }

    /** True when the event meets every criterion. */
    public boolean matches(Event e) {
        if (fromMillis != Long.MIN_VALUE || toMillis != Long.MAX_VALUE) {
            long t = e.timestampMillis();
            if (t == Long.MIN_VALUE || t < fromMillis || t > toMillis) {
                return false;
            }
        }
        if (prefilter != null && e instanceof org.gamekeeper.engine.source.EvtxEvent ev && !prefilter.mayMatch(ev.record())) {
            return false;
        }
        return rule == null || rule.matches(e);
    }

    /** The Sigma rule the criteria became (for {@code --explain}-style messages and tests). */
    public String sigma() {
        return sigma;
    }

    /** Collects criteria; {@link #build()} checks them and compiles. */
    public static final class Builder {
        private final List<String> keywords = new ArrayList<>();
        private final List<String> regexes = new ArrayList<>();
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private final List<String> eventIds = new ArrayList<>();
        private final List<String> channels = new ArrayList<>();
        private final List<String> computers = new ArrayList<>();
        private long from = Long.MIN_VALUE;
        private long to = Long.MAX_VALUE;

        /** Text found anywhere in any field, case ignored; no wildcards. */
        public Builder keyword(String text) {
            keywords.add(text);
            return this;
        }

        /** A field's value, Sigma style: {@code *} and {@code ?} wildcards, case ignored. */
        public Builder field(String name, String value) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** An RE2 regular expression found in any field. */
        public Builder regex(String expression) {
            regexes.add(expression);
            return this;
        }

        public Builder eventId(int id) {
            eventIds.add(Integer.toString(id));
            return this;
        }

        /** A channel name, Sigma wildcards allowed, case ignored. */
        public Builder channel(String name) {
            channels.add(name);
            return this;
        }

        /** A host name, Sigma wildcards allowed, case ignored. */
        public Builder computer(String name) {
            computers.add(name);
            return this;
        }

        /** Events at or after this time (epoch milliseconds), inclusive. */
        public Builder from(long millis) {
            from = millis;
            return this;
        }

        /** Events at or before this time (epoch milliseconds), inclusive. */
        public Builder to(long millis) {
            to = millis;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the criterion when one cannot be compiled
         *                                  (a bad regular expression, an empty field name)
         */
        public EventQuery build() {
            if (from > to) {
                throw new IllegalArgumentException("the time window is empty: --from is after --to");
            }
            StringBuilder y = new StringBuilder("title: gamekeeper search\nlogsource: {product: windows}\ndetection:\n");
            List<String> names = new ArrayList<>();
            if (!keywords.isEmpty()) {
                y.append("  keywords:\n");
                for (String k : keywords) {
                    y.append("    - ").append(quote(escapeWildcards(k))).append('\n');
                }
                names.add("keywords");
            }
            if (!regexes.isEmpty()) {
                y.append("  regexes:\n    '|re':\n");
                for (String r : regexes) {
                    y.append("      - ").append(quote(r)).append('\n');
                }
                names.add("regexes");
            }
            Map<String, List<String>> all = new LinkedHashMap<>(fields);
            if (!eventIds.isEmpty()) {
                all.put("EventID", eventIds);
            }
            if (!channels.isEmpty()) {
                all.put("Channel", channels);
            }
            if (!computers.isEmpty()) {
                all.put("Computer", computers);
            }
            int i = 0;
            for (Map.Entry<String, List<String>> f : all.entrySet()) {
                String name = f.getKey().strip();
                if (name.isEmpty() || name.contains("|")) {
                    throw new IllegalArgumentException("field name '" + f.getKey() + "' is empty or holds '|'");
                }
                String id = "field" + i++;
                y.append("  ").append(id).append(":\n    ").append(quote(name)).append(":\n");
                for (String v : f.getValue()) {
                    y.append("      - ").append(quote(v)).append('\n');
                }
                names.add(id);
            }
            if (names.isEmpty()) {
                return new EventQuery(null, from, to, "", null);
            }
            y.append("  condition: ").append(String.join(" and ", names)).append('\n');
            String text = y.toString();
            RuleSet set = RuleSet.read(Map.of("search", text), LoadOptions.defaults());
            List<RuleProblem> problems = set.problems();
            if (!problems.isEmpty() || set.rules().size() != 1) {
                throw new IllegalArgumentException(problems.isEmpty() ? "the search could not be compiled" : problems.get(0).message());
            }
            SigmaRule rule = set.rules().get(0);
            return new EventQuery(new RuleCompiler(FieldResolver.IDENTITY).compile(rule), from, to, text, KeywordPrefilter.of(keywords));
        }

        /** A JSON string is a YAML double-quoted scalar with the same escapes. */
        private static String quote(String s) {
            return new JsonOut(s.length() + 16).string(s).toString();
        }

        private static String escapeWildcards(String s) {
            StringBuilder sb = new StringBuilder(s.length() + 4);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '*' || c == '?' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
            return sb.toString();
        }
    }
}
