package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaValue;

/** {@code all}: the item's values are linked with AND; the item checks that it has more than one. */
public final class AllModifier implements Modifier {
    @Override
    public String name() {
        return "all";
    }

    @Override
    public Kind kind() {
        return Kind.ALL;
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) {
        return List.of(value);
    }
}
