package org.gamekeeper.sigma.value;

/** A regular expression (RE2 syntax) with the {@code i}, {@code m}, {@code s} flags. */
public record SigmaRegex(String pattern, boolean ignoreCase, boolean multiLine, boolean dotAll) implements SigmaValue {
    public SigmaRegex withFlag(char flag) {
        return switch (flag) {
            case 'i' -> new SigmaRegex(pattern, true, multiLine, dotAll);
            case 'm' -> new SigmaRegex(pattern, ignoreCase, true, dotAll);
            default -> new SigmaRegex(pattern, ignoreCase, multiLine, true);
        };
    }

    @Override
    public String canonical() {
        return "/" + pattern + "/" + (ignoreCase ? "i" : "") + (multiLine ? "m" : "") + (dotAll ? "s" : "");
    }

    @Override
    public String typeName() {
        return "regex";
    }
}
