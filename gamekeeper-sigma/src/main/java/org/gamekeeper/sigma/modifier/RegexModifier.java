package org.gamekeeper.sigma.modifier;

import com.google.re2j.PatternSyntaxException;
import java.util.List;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaRegex;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code re}: the value as written is a regular expression, checked here with RE2/J. */
public final class RegexModifier implements Modifier {
    @Override
    public String name() {
        return "re";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        String raw;
        if (value instanceof SigmaString s) {
            Modifier.requireAsWritten(this, s);
            raw = s.raw();
        } else if (value instanceof SigmaNumber n) {
            raw = n.text();
        } else {
            throw Modifier.typeError(this, "a string", value);
        }
        String hazard = Re2Hazards.problem(raw);
        if (hazard != null) {
            throw new ModifierException("regular expression refused: it " + hazard + ": /" + raw + "/");
        }
        try {
            com.google.re2j.Pattern.compile(raw);
        } catch (PatternSyntaxException e) {
            throw new ModifierException("invalid regular expression (RE2 syntax): " + e.getDescription() + " in /" + raw + "/");
        }
        return List.of(new SigmaRegex(raw, false, false, false));
    }
}
