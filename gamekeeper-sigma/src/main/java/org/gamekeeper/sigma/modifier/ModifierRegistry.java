package org.gamekeeper.sigma.modifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every modifier of the Sigma modifiers appendix, by the identifier written in rules. */
public final class ModifierRegistry {

    private static final Map<String, Modifier> BY_NAME;

    static {
        Map<String, Modifier> m = new LinkedHashMap<>();
        for (Modifier mod : List.of(new ContainsModifier(), new StartsWithModifier(), new EndsWithModifier(),
                new AllModifier(), new CasedModifier(), new NeqModifier(), new ExistsModifier(),
                new WindashModifier(), new RegexModifier(), new RegexIgnoreCaseModifier(), new RegexMultiLineModifier(),
                new RegexDotAllModifier(), new Base64Modifier(), new Base64OffsetModifier(), new Utf16LeModifier(),
                new Utf16BeModifier(), new Utf16Modifier(), new WideModifier(), new LtModifier(), new LteModifier(),
                new GtModifier(), new GteModifier(), new MinuteModifier(), new HourModifier(), new DayModifier(),
                new WeekModifier(), new MonthModifier(), new YearModifier(), new CidrModifier(), new ExpandModifier(),
                new FieldRefModifier())) {
            m.put(mod.name(), mod);
        }
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private ModifierRegistry() {
    }

    /** The modifier of that identifier (case-sensitive, as in the spec), or null. */
    public static Modifier byName(String name) {
        return BY_NAME.get(name);
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The known identifiers closest to an unknown one, closest first. */
    public static List<String> nearMisses(String unknown) {
        return org.gamekeeper.sigma.NearMiss.among(unknown, BY_NAME.keySet());
    }
}
