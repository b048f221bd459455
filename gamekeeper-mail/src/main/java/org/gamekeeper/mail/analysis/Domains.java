package org.gamekeeper.mail.analysis;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Host names reduced to what matters for trust: the registrable domain under the public
 * suffix list (Guava's copy of it, shipped in the jar, no network), its distinctive label, and
 * membership in configured domain sets. Caches results; one instance per analysing thread.
 */
final class Domains {

    private static final int CACHE = 20_000;

    private final Map<String, String> registrable = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> e) {
            return size() > CACHE;
        }
    };

    /** Lower case, no trailing dot, Unicode labels turned into punycode; "" if not a host. */
    static String normalise(String host) {
        if (host == null) {
            return "";
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") || h.isEmpty()) {
            return h;
        }
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) > 127) {
                try {
                    return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    return h;
                }
            }
        }
        return h;
    }

    /** The registrable domain ("eTLD+1") of a normalised host, or the host itself if it has none. */
    String registrable(String host) {
        if (host.isEmpty()) {
            return host;
        }
        String cached = registrable.get(host);
        if (cached != null) {
            return cached;
        }
        String r = host;
        if (!ipLiteral(host)) {
            try {
                InternetDomainName d = InternetDomainName.from(host);
                if (d.isUnderPublicSuffix()) {
                    r = d.topPrivateDomain().toString();
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                r = host;
            }
        }
        registrable.put(host, r);
        return r;
    }

    /** True if the host ends in a public suffix with a name under it ("paypal.com", not "mr.smith"). */
    static boolean underPublicSuffix(String host) {
        try {
            return InternetDomainName.from(host).isUnderPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * True if the host ends in a suffix of the ICANN root ("fi", "co.uk") with a name under or
     * at it: a domain someone can own and receive mail at (not "correios", not "pot").
     */
    static boolean registryDomain(String host) {
        if (host.indexOf('.') < 0) {
            return false;
        }
        try {
            InternetDomainName d = InternetDomainName.from(host);
            return d.isUnderRegistrySuffix() || d.isRegistrySuffix() && d.parts().size() > 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The label left of the public suffix: "theguardian" for theguardian.co.uk. */
    static String label(String registrable) {
        int dot = registrable.indexOf('.');
        return dot < 0 ? registrable : registrable.substring(0, dot);
    }

    /** The last label: "com", "uk". */
    static String tld(String host) {
        int dot = host.lastIndexOf('.');
        return dot < 0 ? host : host.substring(dot + 1);
    }

    /** True if the host or one of its parent domains is in the set. */
    static boolean within(String host, Set<String> set) {
        String h = host;
        while (true) {
            if (set.contains(h)) {
                return true;
            }
            int dot = h.indexOf('.');
            if (dot < 0) {
                return false;
            }
            h = h.substring(dot + 1);
        }
    }

    static boolean ipLiteral(String host) {
        if (host.startsWith("[")) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3 || (dots == 0 && !host.isEmpty());
    }

    /**
     * A label that looks machine-made rather than chosen by people: long runs of consonants or
     * digits mixed into letters. Brand-like short names and words are not.
     */
    static boolean generated(String label) {
        String l = label.replace("-", "");
        if (l.length() < 8) {
            return false;
        }
        int digits = 0;
        int vowels = 0;
        int run = 0;
        int maxRun = 0;
        int switches = 0;
        boolean lastDigit = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            if (i > 0 && digit != lastDigit) {
                switches++;
            }
            lastDigit = digit;
            if (digit) {
                digits++;
                run = 0;
            } else if ("aeiouy".indexOf(c) >= 0) {
                vowels++;
                run = 0;
            } else {
                run++;
                maxRun = Math.max(maxRun, run);
            }
        }
        int letters = l.length() - digits;
        if (switches >= 3 && digits >= 2 && letters >= 3) {
            return true;
        }
        if (maxRun >= 6) {
            return true;
        }
        return letters >= 10 && vowels * 5 < letters;
    }
}
