package io.sluice.model.filter;

sealed interface Expression {

    boolean evaluate(FieldLookup record);

    record Or(Expression left, Expression right) implements Expression {

        @Override
        public boolean evaluate(FieldLookup record) {
            return this.left.evaluate(record) || this.right.evaluate(record);
        }

    }

    record And(Expression left, Expression right) implements Expression {

        @Override
        public boolean evaluate(FieldLookup record) {
            return this.left.evaluate(record) && this.right.evaluate(record);
        }

    }

    record Not(Expression operand) implements Expression {

        @Override
        public boolean evaluate(FieldLookup record) {
            return !this.operand.evaluate(record);
        }

    }

    record Exists(String field) implements Expression {

        @Override
        public boolean evaluate(FieldLookup record) {
            return record.valueOf(this.field) != null;
        }

    }

    /**
     * A field compared with a literal. A missing field, or a value of another type than the
     * literal, equals nothing: {@code ==} and the orderings are false, and {@code !=} is true, so
     * that {@code a != b} is always {@code !(a == b)}.
     */
    record Comparison(String field, Operator operator, Object literal) implements Expression {

        @Override
        public boolean evaluate(FieldLookup record) {
            Integer order = compare(record.valueOf(this.field), this.literal);
            if (order == null) {
                return this.operator == Operator.NE;
            }
            return this.operator.holds(order);
        }

        /** The sign of value minus literal, or null if they cannot be compared. */
        private static Integer compare(Object value, Object literal) {
            if (value == null) {
                return null;
            }
            if (literal instanceof NumberLiteral number) {
                return (value instanceof Number actual) ? number.compareWith(actual) : null;
            }
            if (literal instanceof String string) {
                return (value instanceof String actual) ? Integer.signum(actual.compareTo(string)) : null;
            }
            if (value instanceof Boolean actual) {
                // The parser lets booleans take only == and !=, so 1 just means "different".
                return actual.equals(literal) ? 0 : 1;
            }
            return null;
        }

    }

    enum Operator {

        EQ, NE, LT, LE, GT, GE;

        boolean holds(int order) {
            return switch (this) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }

    }

}
