package org.gamekeeper.mail.analysis;

import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.mail.config.Identity;

/**
 * Finds the names of protected people and organisations in a display name or a text, as whole
 * words, after folding case, compatibility forms (mathematical bold letters, full-width) and
 * confusable characters (TR39 skeletons), so "Ⅿicrosoft" and "𝗕𝗕𝗖 News" still match.
 */
final class ProtectedNames {

    private record Variant(String folded, String skeleton, Identity identity, boolean leading, String paddedFolded,
                           String paddedSkeleton) {
        Variant(String folded, String skeleton, Identity identity, boolean leading) {
            this(folded, skeleton, identity, leading, " " + folded + " ", " " + skeleton + " ");
        }
    }

    private final List<Variant> variants = new ArrayList<>();

    ProtectedNames(List<Identity> identities) {
        for (Identity id : identities) {
            List<String> names = new ArrayList<>(id.aliases());
            names.add(0, id.name());
            for (String n : names) {
                String f = words(Lookalikes.fold(n));
                if (f.length() >= 3) {
                    // a brand claims the sender only when it leads the name ("Apple Support", not
                    // "Lockergnome Apple Core"); people and outlets are named anywhere ("Jane Roe | BBC")
                    variants.add(new Variant(f, words(Lookalikes.skeleton(n)), id, id.kind().equals("brand")));
                }
            }
        }
    }

    /** The first protected identity named in {@code text}, or null. */
    Identity find(String text) {
        if (text.isBlank()) {
            return null;
        }
        String f = " " + words(Lookalikes.fold(text)) + " ";
        String s = null;
        for (Variant v : variants) {
            if (v.leading ? leads(f, v.paddedFolded) : f.contains(v.paddedFolded)) {
                return v.identity;
            }
        }
        s = " " + words(Lookalikes.skeleton(text)) + " ";
        for (Variant v : variants) {
            if (v.leading ? leads(s, v.paddedSkeleton) : s.contains(v.paddedSkeleton)) {
                return v.identity;
            }
        }
        return null;
    }

    private static boolean leads(String padded, String paddedName) {
        return padded.startsWith(paddedName) || padded.startsWith(" the") && padded.startsWith(paddedName, 4)
                || padded.startsWith(" your") && padded.startsWith(paddedName, 5)
                || padded.startsWith(" my") && padded.startsWith(paddedName, 3);
    }

    /** The first brand named anywhere in a short text (a subject), or null. */
    Identity findBrand(String text) {
        String f = " " + words(Lookalikes.fold(text)) + " ";
        for (Variant v : variants) {
            if (v.identity.kind().equals("brand") && v.folded.length() >= 4 && f.contains(v.paddedFolded)) {
                return v.identity;
            }
        }
        return null;
    }

    /** The first news outlet or journalist named in a longer text (folded only), or null. */
    Identity findNews(String lowerText) {
        String f = " " + words(lowerText) + " ";
        for (Variant v : variants) {
            if (v.identity.news() && v.folded.length() >= 4 && f.contains(v.paddedFolded)) {
                return v.identity;
            }
        }
        return null;
    }

    /** Letters and digits kept, everything else one space. */
    static String words(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp) || cp == '&') {
                sb.appendCodePoint(Character.toLowerCase(cp));
                space = false;
            } else if (!space) {
                sb.append(' ');
                space = true;
            }
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == ' ') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }
}
