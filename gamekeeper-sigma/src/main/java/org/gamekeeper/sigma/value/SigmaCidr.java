package org.gamekeeper.sigma.value;

/**
 * A CIDR network, IPv4 or IPv6, as two 64-bit halves (IPv4 in the low 32 bits of {@code low})
 * so that matching needs no allocation.
 */
public record SigmaCidr(String text, boolean v6, long high, long low, int prefix) implements SigmaValue {

    /** Parses {@code a.b.c.d/n} or an IPv6 {@code x::y/n}; a bare address is a /32 or /128. Null when invalid. */
    public static SigmaCidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        long[] out = new long[2];
        boolean v6;
        if (parseV4(addr, 0, addr.length(), out)) {
            v6 = false;
        } else if (parseV6(addr, 0, addr.length(), out)) {
            v6 = true;
        } else {
            return null;
        }
        int max = v6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            prefix = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                prefix = prefix * 10 + (c - '0');
            }
            if (prefix > max) {
                return null;
            }
        }
        long hi = out[0] & maskHigh(v6, prefix);
        long lo = out[1] & maskLow(v6, prefix);
        return new SigmaCidr(t, v6, hi, lo, prefix);
    }

    public boolean contains(long addrHigh, long addrLow, boolean addrV6) {
        if (addrV6 != v6) {
            return false;
        }
        return (addrHigh & maskHigh(v6, prefix)) == high && (addrLow & maskLow(v6, prefix)) == low;
    }

    private static long maskHigh(boolean v6, int prefix) {
        if (!v6) {
            return 0;
        }
        return prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    }

    private static long maskLow(boolean v6, int prefix) {
        if (!v6) {
            return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        }
        int p = prefix - 64;
        return p <= 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
    }

    /** Parses dotted IPv4 in s[from,to) into out[1]; no allocation. */
    public static boolean parseV4(CharSequence s, int from, int to, long[] out) {
        long v = 0;
        int parts = 0;
        int i = from;
        while (i < to) {
            int n = 0;
            int digits = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                n = n * 10 + (s.charAt(i) - '0');
                i++;
                if (++digits > 3) {
                    return false;
                }
            }
            if (digits == 0 || n > 255) {
                return false;
            }
            v = v << 8 | n;
            parts++;
            if (i < to) {
                if (s.charAt(i) != '.' || parts == 4) {
                    return false;
                }
                i++;
                if (i == to) {
                    return false;
                }
            }
        }
        if (parts != 4) {
            return false;
        }
        out[0] = 0;
        out[1] = v;
        return true;
    }

    /** Parses IPv6 (with {@code ::} and an optional zone or embedded IPv4 tail) into out[0..1]; no allocation. */
    public static boolean parseV6(CharSequence s, int from, int to, long[] out) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '%') {
                to = i;
                break;
            }
        }
        if (to - from < 2) {
            return false;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            if (count == 8) {
                return false;
            }
            int start = i;
            int v = 0;
            while (i < to && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                v = v << 4 | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                long[] v4 = new long[2];
                if (count > 6 || !parseV4(s, start, to, v4)) {
                    return false;
                }
                groups[count++] = (int) (v4[1] >>> 16);
                groups[count++] = (int) (v4[1] & 0xFFFF);
                i = to;
                break;
            }
            if (i == start) {
                return false;
            }
            groups[count++] = v;
            if (i < to) {
                if (s.charAt(i) != ':') {
                    return false;
                }
                i++;
                if (i < to && s.charAt(i) == ':') {
                    if (gap >= 0) {
                        return false;
                    }
                    gap = count;
                    i++;
                } else if (i == to) {
                    return false;
                }
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            int tail = count - gap;
            if (count == 8) {
                return false;
            }
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (count != 8) {
                return false;
            }
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = hi << 16 | full[g];
            lo = lo << 16 | full[g + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    @Override
    public String canonical() {
        return "cidr(" + text + ")";
    }

    @Override
    public String typeName() {
        return "cidr";
    }
}
