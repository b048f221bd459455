package org.gamekeeper.sigma.modifier;

import java.util.List;
import org.gamekeeper.sigma.value.SigmaCompare;
import org.gamekeeper.sigma.value.SigmaNumber;
import org.gamekeeper.sigma.value.SigmaString;
import org.gamekeeper.sigma.value.SigmaTimePart;
import org.gamekeeper.sigma.value.SigmaValue;

/** The numeric comparisons lt, lte, gt, gte: a number, or a time part from a time modifier. */
abstract class CompareModifier implements Modifier {
    private final SigmaCompare.Op op;

    CompareModifier(SigmaCompare.Op op) {
        this.op = op;
    }

    @Override
    public List<SigmaValue> apply(SigmaValue value, ModifierContext context) throws ModifierException {
        if (value instanceof SigmaTimePart t) {
            if (t.op() != SigmaCompare.Op.EQ) {
                throw new ModifierException("only one comparison may follow a time modifier");
            }
            return List.of(t.withOp(op));
        }
        return List.of(new SigmaCompare(op, number(this, value)));
    }

    static SigmaNumber number(Modifier m, SigmaValue value) throws ModifierException {
        if (value instanceof SigmaNumber n) {
            return n;
        }
        if (value instanceof SigmaString s && s.isPlain()) {
            SigmaNumber n = SigmaNumber.parse(s.plainText());
            if (n != null) {
                return n;
            }
        }
        throw Modifier.typeError(m, "a number", value);
    }
}
