package org.gamekeeper.sigma.rule;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaValue;

/**
 * One {@code field|modifiers: values} entry of a search identifier, values typed.
 *
 * @param field     the Sigma field name, or null for a keyword (field-less) search
 * @param modifiers the modifier identifiers as written
 * @param values    one list per value written; a modifier that fans out (windash, base64offset,
 *                  expand) puts its alternatives in that value's list, which are OR-linked
 * @param all       values are AND-linked (the {@code all} modifier)
 * @param cased     strings match case-sensitively
 * @param neq       the item is negated
 */
public record DetectionItem(String field, List<String> modifiers, List<List<SigmaValue>> values, boolean all,
        boolean cased, boolean neq, Location location) {

    public boolean isKeyword() {
        return field == null;
    }
}
