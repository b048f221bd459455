package org.gamekeeper.sigma.value;

/** A numeric comparison: the field's number {@code op} the value. */
public record SigmaCompare(Op op, SigmaNumber number) implements SigmaValue {
    public enum Op {
        LT("<"), LTE("<="), GT(">"), GTE(">="), EQ("=="), NEQ("!=");

        public final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public boolean test(double a, double b) {
            return switch (this) {
                case LT -> a < b;
                case LTE -> a <= b;
                case GT -> a > b;
                case GTE -> a >= b;
                case EQ -> a == b;
                case NEQ -> a != b;
            };
        }
    }

    @Override
    public String canonical() {
        return op.symbol + " " + number.canonical();
    }

    @Override
    public String typeName() {
        return "comparison";
    }
}
