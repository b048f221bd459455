package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaTimePart;
import org.gamekeeper.sigma.value.SigmaValue;

/** The time modifiers: a number compared with one part of the field's date. */
abstract class TimePartModifier implements Modifier {
    private final SigmaTimePart.Unit unit;
    private final int min;
    private final int max;

    TimePartModifier(SigmaTimePart.Unit unit, int min, int max) {
        this.unit = unit;
        this.min = min;
        this.max = max;
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        var n = CompareModifier.number(this, value);
        if (!n.integral() || n.longValue() < min || n.longValue() > max) {
            throw new ModifierException("modifier '" + name() + "' takes a whole number from " + min + " to " + max + ", not " + n.text());
        }
        return List.of(new SigmaTimePart(unit, SigmaCompare.Op.EQ, n));
    }
}
