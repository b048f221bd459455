package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code day}: the day of the field's date (1 to 31). */
public final class DayModifier extends TimePartModifier {
    public DayModifier() {
        super(SigmaTimePart.Unit.DAY, 1, 31);
    }

    @Override
    public String name() {
        return "day";
    }
}
