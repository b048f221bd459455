package org.gamekeeper.sigma.modifier;

import org.gamekeeper.sigma.value.SigmaTimePart;

/** {@code minute}: the minute of the field's date (0 to 59). */
public final class MinuteModifier extends TimePartModifier {
    public MinuteModifier() {
        super(SigmaTimePart.Unit.MINUTE, 0, 59);
    }

    @Override
    public String name() {
        return "minute";
    }
}
