package org.gamekeeper.sigma.value;

/** A detection value after its modifiers were applied. */
public sealed interface SigmaValue permits SigmaString, SigmaNumber, SigmaNull, SigmaBoolean, SigmaRegex,
        SigmaCidr, SigmaFieldRef, SigmaCompare, SigmaTimePart, SigmaExists {

    /** Canonical text for dumps and messages. */
    String canonical();

    /** Short type name for modifier type errors ("string", "number", …). */
    String typeName();
}
