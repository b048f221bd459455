package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaCompare;

/** {@code lt}: the field's number is less than the value. */
public final class LtModifier extends CompareModifier {
    public LtModifier() {
        super(SigmaCompare.Op.LT);
    }

    @Override
    public String name() {
        return "lt";
    }
}
