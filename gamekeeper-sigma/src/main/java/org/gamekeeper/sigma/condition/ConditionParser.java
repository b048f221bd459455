package org.gamekeeper.sigma.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for Sigma conditions. Precedence, least binding first: or, and,
 * not, x of, parentheses. Keywords are case-insensitive. The obsolete aggregation syntax
 * ({@code | count() …}, {@code near}) is rejected with a pointer to correlation rules.
 */
public final class ConditionParser {

    private record Token(String text, int offset) {
        boolean is(String word) {
            return text.equalsIgnoreCase(word);
        }
    }

    private final String source;
    private final List<Token> tokens;
    private int pos;

    private ConditionParser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    public static Condition parse(String text) throws ConditionException {
        ConditionParser p = new ConditionParser(text, tokenize(text));
        if (p.tokens.isEmpty()) {
            throw new ConditionException("the condition is empty", 0);
        }
        Condition c = p.or();
        if (p.pos < p.tokens.size()) {
            Token t = p.tokens.get(p.pos);
            throw new ConditionException("unexpected '" + t.text() + "' in condition", t.offset());
        }
        return c;
    }

    private static List<Token> tokenize(String s) throws ConditionException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(new Token(String.valueOf(c), i));
                i++;
            } else if (c == '|') {
                throw new ConditionException("aggregation expressions ('| count() …') are obsolete; write a correlation rule instead", i);
            } else if (isWordChar(c)) {
                int start = i;
                while (i < s.length() && isWordChar(s.charAt(i))) {
                    i++;
                }
                out.add(new Token(s.substring(start, i), start));
            } else {
                throw new ConditionException("unexpected character '" + c + "' in condition", i);
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '*' || c == '-' || c == '.' || c == '?';
    }

    private Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : null;
    }

    private int endOffset() {
        return source.length();
    }

    private Condition or() throws ConditionException {
        List<Condition> parts = new ArrayList<>();
        parts.add(and());
        while (peek() != null && peek().is("or")) {
            pos++;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.Or(parts);
    }

    private Condition and() throws ConditionException {
        List<Condition> parts = new ArrayList<>();
        parts.add(not());
        while (peek() != null && peek().is("and")) {
            pos++;
            parts.add(not());
        }
        return parts.size() == 1 ? parts.get(0) : new Condition.And(parts);
    }

    private Condition not() throws ConditionException {
        if (peek() != null && peek().is("not")) {
            pos++;
            return new Condition.Not(not());
        }
        return primary();
    }

    private Condition primary() throws ConditionException {
        Token t = peek();
        if (t == null) {
            throw new ConditionException("the condition ends where a search identifier was expected", endOffset());
        }
        if (t.is("(")) {
            pos++;
            Condition inner = or();
            Token close = peek();
            if (close == null || !close.is(")")) {
                throw new ConditionException("missing ')' for the '(' at position " + (t.offset() + 1), close == null ? endOffset() : close.offset());
            }
            pos++;
            return inner;
        }
        Token next = pos + 1 < tokens.size() ? tokens.get(pos + 1) : null;
        if (next != null && next.is("of")) {
            boolean all;
            if (t.is("all")) {
                all = true;
            } else if (t.is("1")) {
                all = false;
            } else {
                throw new ConditionException("'" + t.text() + " of' is not Sigma; write '1 of' or 'all of'", t.offset());
            }
            pos += 2;
            Token target = peek();
            if (target == null || isKeyword(target)) {
                throw new ConditionException("'of' must be followed by 'them' or a search identifier pattern", target == null ? endOffset() : target.offset());
            }
            pos++;
            return new Condition.Of(all, target.is("them") ? "them" : target.text());
        }
        if (isKeyword(t)) {
            throw new ConditionException("unexpected '" + t.text() + "' where a search identifier was expected", t.offset());
        }
        if (t.text().equalsIgnoreCase("near")) {
            throw new ConditionException("'near' is obsolete; write a temporal correlation rule instead", t.offset());
        }
        pos++;
        return new Condition.Ref(t.text());
    }

    private static boolean isKeyword(Token t) {
        String w = t.text().toLowerCase(Locale.ROOT);
        return w.equals("and") || w.equals("or") || w.equals("not") || w.equals("of") || w.equals(")") || w.equals("(");
    }
}
