package org.gamekeeper.sigma.value;

import java.util.Locale;

/** A part of the field's date (minute … year) compared with a number. */
public record SigmaTimePart(Unit unit, SigmaCompare.Op op, SigmaNumber number) implements SigmaValue {
    public enum Unit { MINUTE, HOUR, DAY, WEEK, MONTH, YEAR }

    public SigmaTimePart withOp(SigmaCompare.Op newOp) {
        return new SigmaTimePart(unit, newOp, number);
    }

    @Override
    public String canonical() {
        return unit.name().toLowerCase(Locale.ROOT) + " " + op.symbol + " " + number.canonical();
    }

    @Override
    public String typeName() {
        return "time part";
    }
}
