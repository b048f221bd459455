package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code hour}: the hour of the field's date (0 to 23). */
public final class HourModifier extends TimePartModifier {
    public HourModifier() {
        super(SigmaTimePart.Unit.HOUR, 0, 23);
    }

    @Override
    public String name() {
        return "hour";
    }
}
