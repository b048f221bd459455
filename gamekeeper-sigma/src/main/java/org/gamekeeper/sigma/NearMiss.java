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

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
