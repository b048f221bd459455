package org.gamekeeper.sigma.modifier;

import java.util.List;
import java.util.Map;

/** What modifiers may need from outside the value: the placeholder values for {@code expand}. */
public record ModifierContext(Map<String, List<String>> placeholders) {
    public static final ModifierContext EMPTY = new ModifierContext(Map.of());
}
