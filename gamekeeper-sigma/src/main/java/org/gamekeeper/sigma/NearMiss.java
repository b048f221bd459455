package org.gamekeeper.sigma;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Suggestions for a misspelt name ("unknown modifier 'contians' — contains?"): small edit distance, case ignored. */
public final class NearMiss {

    private NearMiss() {
    }

    /** The known names close to {@code unknown}, closest first. */
    public static List<String> among(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(u, k.toLowerCase(Locale.ROOT));
            int allowed = Math.max(1, Math.min(2, k.length() / 3));
            if (d > allowed) {
                continue;
            }
            if (d < best) {
                out.add(0, k);
                best = d;
            } else {
                out.add(k);
            }
        }
        return out;
    }

    /** " — did you mean 'x'?" or empty. */
    public static String hint(String unknown, Collection<String> known) {
        List<String> m = among(unknown, known);
        return m.isEmpty() ? "" : " — did you mean '" + m.get(0) + "'?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
