package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code week}: the week of the field's date (1 to 53). */
public final class WeekModifier extends TimePartModifier {
    public WeekModifier() {
        super(SigmaTimePart.Unit.WEEK, 1, 53);
    }

    @Override
    public String name() {
        return "week";
    }
}
