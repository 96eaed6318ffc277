package io.sluice.model.filter;

/**
 * @param position counting characters from 1
 * @param value the literal's value for strings and numbers, the text for fields
 */
record Token(Kind kind, int position, String text, Object value) {

    enum Kind {

        FIELD, STRING, NUMBER, EQ, NE, LT, LE, GT, GE, AND, OR, NOT, LPAREN, RPAREN, END

    }

    boolean isWord(String word) {
        return this.kind == Kind.FIELD && this.text.equals(word);
    }

    String describe() {
        return switch (this.kind) {
            case END -> "the end of the expression";
            case STRING -> "the string " + this.text;
            default -> "'" + this.text + "'";
        };
    }

}
