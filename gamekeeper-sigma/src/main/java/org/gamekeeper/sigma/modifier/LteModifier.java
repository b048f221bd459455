package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaCompare;

/** {@code lte}: the field's number is less than or equal to the value. */
public final class LteModifier extends CompareModifier {
    public LteModifier() {
        super(SigmaCompare.Op.LTE);
    }

    @Override
    public String name() {
        return "lte";
    }
}
