package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaCompare;

/** {@code gt}: the field's number is greater than the value. */
public final class GtModifier extends CompareModifier {
    public GtModifier() {
        super(SigmaCompare.Op.GT);
    }

    @Override
    public String name() {
        return "gt";
    }
}
