package org.gamekeeper.sigma.compile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a rule needs before it can match, for a multi-pattern prefilter: the rule can match an
 * event only if, for at least one anchor, a value of the anchor's field (any field when the
 * field is null) contains the anchor's literal (is it, for an exact anchor), compared after
 * {@link CaseFold#fold(String)}.
 * {@code unconditional} means no such literal could be derived (the rule must always run);
 * an empty, conditional prefilter means the rule can never match.
 */
public record Prefilter(boolean unconditional, List<Anchor> anchors) {

    /**
     * A field (event name after resolution; null = any field) and a folded literal. When
     * {@code exact}, a matching value not only contains the literal but is exactly as long
     * (an equality test): an engine may then look whole values up instead of searching them.
     */
    public record Anchor(String field, String literal, boolean exact) {
        public Anchor(String field, String literal) {
            this(field, literal, false);
        }

        @Override
        public String toString() {
            return (field == null ? "*" : field) + (exact ? " = " : " ~ ") + ValueTest.quote(literal);
        }
    }

    public static final Prefilter NONE = new Prefilter(true, List.of());
    public static final Prefilter NEVER = new Prefilter(false, List.of());

    static Prefilter of(String field, List<String> literals) {
        return of(field, literals, false);
    }

    /** As {@link #of(String, List)}; {@code exact} when each literal is a whole value (see {@link Anchor}). */
    static Prefilter of(String field, List<String> literals, boolean exact) {
        Set<Anchor> a = new LinkedHashSet<>();
        for (String l : literals) {
            if (l.isEmpty()) {
                return NONE;
            }
            a.add(new Anchor(field, l, exact));
        }
        return new Prefilter(false, List.copyOf(a));
    }

    /** For AND: either side's requirement is necessary, keep the more selective one. */
    static Prefilter better(Prefilter a, Prefilter b) {
        if (a.unconditional) {
            return b;
        }
        if (b.unconditional) {
            return a;
        }
        if (a.anchors.isEmpty()) {
            return a;
        }
        if (b.anchors.isEmpty()) {
            return b;
        }
        double ca = a.chance();
        double cb = b.chance();
        if (ca != cb) {
            return ca < cb ? a : b;
        }
        return b.anchors.size() < a.anchors.size() ? b : a;
    }

    /**
     * Values found in nearly every Windows log, folded: a literal inside one of them (a whole
     * one, for an exact anchor) is a poor anchor whatever its length, since most events hold
     * it: {@code \windows\} or {@code microsoft corporation} would make a rule a candidate
     * on most process events while its other, rarer requirement would not. Only what nearly
     * every Windows event log holds (system folders and their programs, Microsoft's names, the
     * service accounts, integrity levels, hash prefixes, registry roots): user folders such as
     * {@code \\appdata\\} are frequent but still narrow a rule more than these.
     */
    static final List<String> COMMON_VALUES = List.of(
            "c:\\windows\\system32\\svchost.exe -k netsvcs -p -s schedule",
            "c:\\windows\\system32\\conhost.exe 0xffffffff -forcev1",
            "c:\\windows\\system32\\wbem\\wmiprvse.exe -embedding",
            "c:\\windows\\explorer.exe",
            "c:\\windows\\system32\\cmd.exe",
            "c:\\windows\\system32\\windowspowershell\\v1.0\\powershell.exe",
            "\\device\\harddiskvolume2\\windows\\system32\\",
            "microsoft corporation",
            "microsoft\u00ae windows\u00ae operating system",
            "nt authority\\system",
            "nt authority\\local service",
            "nt authority\\network service",
            "system",
            "high",
            "medium",
            "sha1=,md5=,sha256=,imphash=",
            "hklm\\system\\currentcontrolset\\services\\",
            "hklm\\software\\microsoft\\windows\\currentversion\\",
            "c:\\windows\\system32\\ntdll.dll|c:\\windows\\system32\\kernelbase.dll|unknown(",
            "0x1fffff",
            "%%1936",
            "-",
            "true",
            "false");

    /** A rough chance that a value holds a literal of each length (1 to 8 and more), or is common. */
    private static final double[] CHANCE_BY_LENGTH = {1, 1, 0.5, 0.1, 0.02, 0.005, 0.002, 0.001, 0.0005};
    private static final double COMMON_CHANCE = 0.3;

    /**
     * A rough chance that an event meets some anchor: each anchor's by its length, or
     * {@link #COMMON_CHANCE} when common (see {@link #COMMON_VALUES}), combined as if they were
     * independent (so a single character, met by nearly every value, makes any list of anchors
     * as poor as it is). The lower, the fewer events the rule is a candidate on. Only compares
     * requirements; never decides a match.
     */
    double chance() {
        double none = 1;
        for (Anchor an : anchors) {
            int n = an.literal.length();
            // past eight characters, longer is still a little rarer (and settles ties)
            double p = n <= 8 ? CHANCE_BY_LENGTH[n] : CHANCE_BY_LENGTH[8] * 8 / n;
            if (p < COMMON_CHANCE && isCommon(an)) {
                p = COMMON_CHANCE;
            }
            none *= 1 - p;
        }
        return 1 - none;
    }

    /**
     * Fields an index has already sorted events by (it places rules per channel and EventID), so
     * within the rules an event meets, an anchor on them holds for nearly every event.
     */
    static final Set<String> SORTED_BY = Set.of("channel", "eventid");

    private static boolean isCommon(Anchor an) {
        if (an.field != null && SORTED_BY.contains(an.field.toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String v : COMMON_VALUES) {
            if (an.exact ? v.equals(an.literal) : v.contains(an.literal)) {
                return true;
            }
        }
        return false;
    }

    /** For OR: any side may be the one that matched, so every requirement is an alternative. */
    static Prefilter union(Prefilter a, Prefilter b) {
        if (a.unconditional || b.unconditional) {
            return NONE;
        }
        Set<Anchor> all = new LinkedHashSet<>(a.anchors);
        all.addAll(b.anchors);
        return new Prefilter(false, List.copyOf(all));
    }

    @Override
    public String toString() {
        if (unconditional) {
            return "always";
        }
        if (anchors.isEmpty()) {
            return "never";
        }
        List<String> s = new ArrayList<>();
        for (Anchor a : anchors) {
            s.add(a.toString());
        }
        return "any of " + s;
    }
}
