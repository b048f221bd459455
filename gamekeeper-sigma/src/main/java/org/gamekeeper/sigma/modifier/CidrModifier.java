package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaCidr;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code cidr}: the value is an IPv4 or IPv6 network; the field's address must lie in it. */
public final class CidrModifier implements Modifier {
    @Override
    public String name() {
        return "cidr";
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (!(value instanceof SigmaString s) || s.binary()) {
            throw Modifier.typeError(this, "a network in CIDR notation", value);
        }
        Modifier.requireAsWritten(this, s);
        SigmaCidr c = SigmaCidr.parse(s.raw());
        if (c == null) {
            throw new ModifierException("'" + s.raw() + "' is not an IPv4 or IPv6 network in CIDR notation");
        }
        return List.of(c);
    }
}
