package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code month}: the month of the field's date (1 to 12). */
public final class MonthModifier extends TimePartModifier {
    public MonthModifier() {
        super(SigmaTimePart.Unit.MONTH, 1, 12);
    }

    @Override
    public String name() {
        return "month";
    }
}
