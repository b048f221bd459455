package org.gamekeeper.sigma.value;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A Sigma string: plain text and wildcard tokens. Escapes are resolved here once, so later
 * stages never look at backslashes again. {@code raw} keeps the text as written for the
 * modifiers that take it verbatim (re, cidr, fieldref).
 *
 * @param parts  the tokens, adjacent plain parts merged
 * @param raw    the value as written in the rule
 * @param binary true when the plain parts hold bytes (0-255) rather than text (after utf16 encodings)
 */
public record SigmaString(List<Part> parts, String raw, boolean binary) implements SigmaValue {

    /** One token of a Sigma string. */
    public sealed interface Part permits Plain, AnyChars, OneChar, Dash { }

    public record Plain(String text) implements Part { }

    /** {@code *}: any run of characters, also none. */
    public record AnyChars() implements Part { }

    /** {@code ?}: exactly one character. */
    public record OneChar() implements Part { }

    /** One of the Windows command-line dash characters (windash): - / – — ―. */
    public record Dash() implements Part { }

    public static final String DASHES = "-/\u2013\u2014\u2015";
    public static final AnyChars ANY = new AnyChars();
    public static final OneChar ONE = new OneChar();
    public static final Dash DASH = new Dash();

    public SigmaString {
        parts = merge(parts);
    }

    /** Parses a rule value: {@code *} and {@code ?} are wildcards, {@code \} escapes a wildcard or itself. */
    public static SigmaString parse(String raw) {
        List<Part> parts = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && isSpecial(raw.charAt(i + 1))) {
                plain.append(raw.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (plain.length() > 0) {
                    parts.add(new Plain(plain.toString()));
                    plain.setLength(0);
                }
                parts.add(c == '*' ? ANY : ONE);
            } else {
                plain.append(c);
            }
        }
        if (plain.length() > 0) {
            parts.add(new Plain(plain.toString()));
        }
        return new SigmaString(parts, raw, false);
    }

    /** A string of one plain text, no wildcards. */
    public static SigmaString plain(String text) {
        return new SigmaString(text.isEmpty() ? List.of() : List.of(new Plain(text)), text, false);
    }

    private static boolean isSpecial(char c) {
        return c == '*' || c == '?' || c == '\\';
    }

    private static List<Part> merge(List<Part> in) {
        List<Part> out = new ArrayList<>(in.size());
        for (Part p : in) {
            if (p instanceof Plain pl && pl.text().isEmpty()) {
                continue;
            }
            Part last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (p instanceof Plain pl && last instanceof Plain lp) {
                out.set(out.size() - 1, new Plain(lp.text() + pl.text()));
            } else {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return parts.isEmpty();
    }

    /** True when the string has no wildcard or dash token. */
    public boolean isPlain() {
        for (Part p : parts) {
            if (!(p instanceof Plain)) {
                return false;
            }
        }
        return true;
    }

    /** The text of a plain string (see {@link #isPlain()}). */
    public String plainText() {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            sb.append(((Plain) p).text());
        }
        return sb.toString();
    }

    public boolean startsWithAny() {
        return !parts.isEmpty() && parts.get(0) instanceof AnyChars;
    }

    public boolean endsWithAny() {
        return !parts.isEmpty() && parts.get(parts.size() - 1) instanceof AnyChars;
    }

    public SigmaString prependAny() {
        if (startsWithAny()) {
            return this;
        }
        List<Part> p = new ArrayList<>(parts);
        p.add(0, ANY);
        return new SigmaString(p, raw, binary);
    }

    public SigmaString appendAny() {
        if (endsWithAny()) {
            return this;
        }
        List<Part> p = new ArrayList<>(parts);
        p.add(ANY);
        return new SigmaString(p, raw, binary);
    }

    /** The same tokens with each plain part transformed. */
    public SigmaString mapPlain(UnaryOperator<String> f, boolean toBinary) {
        List<Part> p = new ArrayList<>(parts.size());
        for (Part part : parts) {
            p.add(part instanceof Plain pl ? new Plain(f.apply(pl.text())) : part);
        }
        return new SigmaString(p, raw, toBinary);
    }

    public SigmaString withParts(List<Part> newParts) {
        return new SigmaString(newParts, raw, binary);
    }

    /** The longest plain run: what any matching value must contain. */
    public String longestPlain() {
        String best = "";
        for (Part p : parts) {
            if (p instanceof Plain pl && pl.text().length() > best.length()) {
                best = pl.text();
            }
        }
        return best;
    }

    @Override
    public String canonical() {
        StringBuilder sb = new StringBuilder("'");
        for (Part p : parts) {
            if (p instanceof Plain pl) {
                for (int i = 0; i < pl.text().length(); i++) {
                    char c = pl.text().charAt(i);
                    if (c == '*' || c == '?' || c == '\\' || c == '\'') {
                        sb.append('\\');
                    }
                    if (binary || c < 0x20) {
                        sb.append("\\x").append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else {
                        sb.append(c);
                    }
                }
            } else if (p instanceof AnyChars) {
                sb.append('*');
            } else if (p instanceof OneChar) {
                sb.append('?');
            } else {
                sb.append("[dash]");
            }
        }
        return sb.append('\'').toString();
    }

    @Override
    public String typeName() {
        return "string";
    }
}
