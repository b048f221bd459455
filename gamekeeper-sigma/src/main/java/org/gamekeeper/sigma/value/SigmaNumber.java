package org.gamekeeper.sigma.value;

/** A number as written in the rule; integral numbers keep an exact {@code long}. */
public record SigmaNumber(String text, boolean integral, long longValue, double doubleValue) implements SigmaValue {

    /** Parses a YAML number or a numeric text; null when the text is not a number. */
    public static SigmaNumber parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !isNumeric(t)) {
            return null;
        }
        if (t.indexOf('.') < 0 && t.indexOf('e') < 0 && t.indexOf('E') < 0) {
            if (t.length() > 18) {
                return null;
            }
            long v = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            return new SigmaNumber(Long.toString(v), true, v, v);
        }
        double d = Double.parseDouble(t);
        return new SigmaNumber(t, false, (long) d, d);
    }

    private static boolean isNumeric(String t) {
        int i = 0;
        if (t.charAt(0) == '-' || t.charAt(0) == '+') {
            i = 1;
        }
        boolean digits = false;
        boolean dot = false;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && digits && i + 1 < t.length()) {
                for (int j = i + 1; j < t.length(); j++) {
                    char d = t.charAt(j);
                    if (!(d >= '0' && d <= '9') && !(j == i + 1 && (d == '-' || d == '+'))) {
                        return false;
                    }
                }
                return true;
            } else {
                return false;
            }
        }
        return digits;
    }

    @Override
    public String canonical() {
        return text;
    }

    @Override
    public String typeName() {
        return "number";
    }
}
