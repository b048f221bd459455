package org.gamekeeper.sigma.value;

import java.util.Locale;
/** A reference to another field of the same event; {@code position} as for strings. */
public record SigmaFieldRef(String field, Position position) implements SigmaValue {
    /** Where the referenced field's value must appear in this field's value. */
    public enum Position { EQUALS, STARTS_WITH, ENDS_WITH, CONTAINS }

    @Override
    public String canonical() {
        return "fieldref(" + field + (position == Position.EQUALS ? "" : "," + position.name().toLowerCase(Locale.ROOT)) + ")";
    }

    @Override
    public String typeName() {
        return "field reference";
    }
}
