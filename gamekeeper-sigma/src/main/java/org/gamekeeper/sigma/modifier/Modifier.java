package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** A Sigma value modifier ({@code field|name: value}). */
public interface Modifier {

    /** The identifier written in rules. */
    String name();

    /** How the modifier acts on the detection item besides its values. */
    enum Kind {
        /** Transforms each value. */
        VALUE,
        /** Links the item's values with AND instead of OR. */
        ALL,
        /** Matches case-sensitively. */
        CASED,
        /** Negates the item. */
        NEQ
    }

    default Kind kind() {
        return Kind.VALUE;
    }

    /** Turns one value into the values it stands for; throws when the value's type does not fit. */
    List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException;

    /** A string modifier also takes numbers written without quotes, as their text. */
    static SigmaString asString(Modifier m, SigmaValue value) throws ModifierException {
        if (value instanceof SigmaString s) {
            return s;
        }
        if (value instanceof SigmaNumber n) {
            return SigmaString.plain(n.text());
        }
        throw typeError(m, "a string", value);
    }

    /** For modifiers that read the value as written: no earlier modifier may have changed it. */
    static void requireAsWritten(Modifier m, SigmaString s) throws ModifierException {
        if (s.binary() || !SigmaString.parse(s.raw()).equals(s)) {
            throw new ModifierException("modifier '" + m.name() + "' reads the value as written, so it must come first");
        }
    }

    static ModifierException typeError(Modifier m, String wanted, SigmaValue got) {
        return new ModifierException("modifier '" + m.name() + "' takes " + wanted + ", not a " + got.typeName()
                + " (" + got.canonical() + ")");
    }
}
