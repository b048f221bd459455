package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaCompare;

/** {@code gte}: the field's number is greater than or equal to the value. */
public final class GteModifier extends CompareModifier {
    public GteModifier() {
        super(SigmaCompare.Op.GTE);
    }

    @Override
    public String name() {
        return "gte";
    }
}
