package org.gamekeeper.mail.analysis;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.net.IDN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.mail.config.Identity;

/**
 * Lookalike and cousin domains of protected domains: confusable characters (Unicode TR39
 * skeletons, ICU's SpoofChecker), IDN homographs, small edit distance, the protected name with
 * words added, and the protected name under another suffix.
 */
final class Lookalikes {

    /** How a domain imitates a protected one. */
    record Match(String protectedDomain, Identity identity, String how) {
    }

    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();

    private final Map<String, Identity> protectedDomains = new HashMap<>();
    private final Map<String, String> byLabel = new HashMap<>();
    private final Map<String, String> bySkeleton = new HashMap<>();
    private final List<String> labels = new ArrayList<>();
    private final Domains domains;

    Lookalikes(List<Identity> identities, Domains domains) {
        this.domains = domains;
        for (Identity id : identities) {
            List<String> all = new ArrayList<>(id.domains());
            all.addAll(id.sendingDomains());
            for (String d : all) {
                String r = domains.registrable(Domains.normalise(d));
                protectedDomains.putIfAbsent(r, id);
                String label = Domains.label(r);
                if (label.length() >= 3 && byLabel.putIfAbsent(label, r) == null) {
                    labels.add(label);
                    bySkeleton.putIfAbsent(skeleton(label), r);
                }
            }
        }
    }

    /**
     * True if the label is both a protected domain's label and its organisation's name
     * ("paypal", "fedex", "netflix"), so generic words that happen to be domains ("news",
     * "outlook") do not count.
     */
    boolean brandLabel(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        String r = byLabel.get(l);
        if (r == null) {
            return false;
        }
        Identity id = protectedDomains.get(r);
        return id != null && ProtectedNames.words(fold(id.name())).replace(" ", "").equals(l);
    }

    /**
     * Suffixes a cousin domain is registered under: typos of .com (.co, .cm, .om, .con) and
     * cheap, abuse-heavy ones. Big organisations hold their name under many country codes, so
     * "the same name under .net or .com.au" alone is no evidence.
     */
    private static final Set<String> COUSIN_SUFFIXES = Set.of("co", "cm", "om", "con", "cc", "ws",
            "top", "xyz", "click", "shop", "sbs", "cfd", "icu", "buzz", "rest", "bond", "cyou", "online", "site", "live",
            "info", "biz", "news", "press", "media", "email", "support", "help", "services", "center", "app", "link",
            "club", "vip", "tk", "ml", "ga", "cf", "gq", "pw", "su", "io", "me", "ai");

    /** Protected labels that are ordinary words: another suffix with the same word is no imitation. */
    private static final Set<String> GENERIC = Set.of("news", "outlook", "office", "times", "independent",
            "live", "post", "mail", "today", "world", "economist", "atlantic", "sport", "online", "bank", "visa", "ledger",
            "steam", "zoom", "meta", "apple", "time", "telegraph", "hindu");

    /** The identity whose domain (or sending domain) this registrable domain is, or null. */
    Identity owner(String registrable) {
        return protectedDomains.get(registrable);
    }

    /**
     * How {@code registrable} imitates a protected domain, or null.
     *
     * @param cousins also report the protected name with words added (for senders; links to
     *                sites that merely mention a brand in their name are too common)
     */
    Match match(String registrable, boolean cousins) {
        return match(registrable, cousins, cousins);
    }

    /**
     * @param cousins     also report the protected name with words added or under another suffix
     * @param editDistance also report names one or two characters away (for senders: among all
     *                    the sites a message links to, real near-namesakes are too common)
     */
    Match match(String registrable, boolean cousins, boolean editDistance) {
        String key = (cousins ? "c" : "-") + (editDistance ? "e" : "-") + registrable;
        Match cached = cache.get(key);
        if (cached != null || cache.containsKey(key)) {
            return cached;
        }
        Match m = compute(registrable, cousins, editDistance);
        if (cache.size() > 50_000) {
            cache.clear();
        }
        cache.put(key, m);
        return m;
    }

    private final Map<String, Match> cache = new HashMap<>();

    private Match compute(String registrable, boolean cousins, boolean editDistance) {
        if (registrable.isEmpty() || protectedDomains.containsKey(registrable) || Domains.ipLiteral(registrable)) {
            return null;
        }
        String label = Domains.label(registrable);
        String unicode = label;
        if (label.startsWith("xn--")) {
            try {
                unicode = IDN.toUnicode(label, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                unicode = label;
            }
        }
        String skel = skeleton(unicode);
        String target = bySkeleton.get(skel);
        if (target != null && !Domains.label(target).equals(label)) {
            String how = label.startsWith("xn--")
                    ? "internationalised (IDN) homograph of " + target + " (" + unicode + ")"
                    : "confusable characters (Unicode TR39) imitating " + target;
            return new Match(target, protectedDomains.get(target), how);
        }
        target = byLabel.get(label);
        if (target != null && cousins && label.length() >= 4 && !GENERIC.contains(label)
                && COUSIN_SUFFIXES.contains(Domains.tld(registrable))) {
            return new Match(target, protectedDomains.get(target), "the name of " + target + " under another suffix");
        }
        if (editDistance && label.length() >= 5) {
            for (String p : labels) {
                int limit = p.length() >= 10 ? 2 : p.length() >= 6 ? 1 : 0;
                if (limit > 0 && !p.equals(label) && Math.abs(p.length() - label.length()) <= limit
                        && distance(label, p, limit) <= limit) {
                    String t = byLabel.get(p);
                    return new Match(t, protectedDomains.get(t), "one or two characters away from " + t);
                }
            }
        }
        if (cousins) {
            for (String p : labels) {
                if (p.length() >= 6 ? label.contains(p) : token(label, p)) {
                    if (label.length() > p.length()) {
                        String t = byLabel.get(p);
                        return new Match(t, protectedDomains.get(t), "the name of " + t + " with words added");
                    }
                }
            }
        }
        return null;
    }

    private static boolean token(String label, String p) {
        for (String t : label.split("-")) {
            if (t.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /** TR39 skeleton, case-folded: strings that look alike have equal skeletons. */
    static String skeleton(String s) {
        return SPOOF.getSkeleton(fold(s)).toLowerCase(Locale.ROOT);
    }

    /** NFKC case-fold: mathematical bold letters, full-width forms and case all fold away. */
    static String fold(String s) {
        // trade marks are decoration, not part of the name (NFKC would turn ™ into "tm")
        return NFKC_CF.normalize(s.replace("\u2122", " ").replace("\u00AE", " ").replace("\u00A9", " "));
    }

    /**
     * True if a word mixes Latin letters with letters of a script that has Latin lookalikes
     * (Cyrillic, Greek, Armenian, Cherokee), or uses mathematical alphanumeric symbols: text
     * written to look like something it is not.
     */
    static boolean confusableText(String s) {
        int latin = 0;
        int other = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x1D400 && cp <= 0x1D7FF) {
                return true;
            }
            if (!Character.isLetter(cp)) {
                if (latin > 0 && other > 0) {
                    return true;
                }
                latin = 0;
                other = 0;
                continue;
            }
            int script = UScript.getScript(cp);
            if (script == UScript.LATIN) {
                latin++;
            } else if (script == UScript.CYRILLIC || script == UScript.GREEK || script == UScript.ARMENIAN
                    || script == UScript.CHEROKEE) {
                other++;
            }
        }
        return latin > 0 && other > 0;
    }

    /** Damerau-Levenshtein distance (optimal string alignment), stopping early above the limit. */
    static int distance(String a, String b, int limit) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
        }
        return d[n][m];
    }
}
