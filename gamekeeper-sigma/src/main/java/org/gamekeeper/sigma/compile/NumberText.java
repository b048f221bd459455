package org.gamekeeper.sigma.compile;

/** Reads a field's text as a number without exceptions: NaN when it is not a decimal number. */
public final class NumberText {
    private NumberText() {
    }

    public static double parse(String s) {
        int n = s.length();
        if (n == 0 || n > 40) {
            return Double.NaN;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        long v = 0;
        int digits = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > 18) {
                    return slow(s);
                }
                v = v * 10 + (c - '0');
            } else if (c == '.' || c == 'e' || c == 'E') {
                return slow(s);
            } else {
                return Double.NaN;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        return neg ? -v : v;
    }

    /** Decimal fraction or exponent: the shape is checked by hand so that parseDouble cannot throw. */
    private static double slow(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return Double.NaN;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return Double.NaN;
            }
        }
        return i == n ? Double.parseDouble(s) : Double.NaN;
    }
}
