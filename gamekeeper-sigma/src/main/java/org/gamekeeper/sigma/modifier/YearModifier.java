package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code year}: the year of the field's date (0 to 9999). */
public final class YearModifier extends TimePartModifier {
    public YearModifier() {
        super(SigmaTimePart.Unit.YEAR, 0, 9999);
    }

    @Override
    public String name() {
        return "year";
    }
}
