package org.gamekeeper.mail.analysis;

/**
 * A URL in the message.
 *
 * @param url         as written (entities decoded)
 * @param host        normalised host ("" if none)
 * @param registrable registrable domain of the host
 * @param text        the anchor's visible text ("" for plain-text URLs and images)
 * @param anchor      true for an HTML {@code <a href>}
 */
record Link(String url, String host, String registrable, String text, boolean anchor) {

    /** Host of a URL without scheme tricks: userinfo ({@code user@host}) and port removed. */
    static String hostOf(String url) {
        int start = url.indexOf("://");
        if (start < 0) {
            if (url.regionMatches(true, 0, "www.", 0, 4)) {
                start = -3;
            } else {
                return "";
            }
        }
        int s = start + 3;
        int end = url.length();
        for (int i = s; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == '\\') {
                end = i;
                break;
            }
        }
        String auth = url.substring(s, end);
        int at = auth.lastIndexOf('@');
        if (at >= 0) {
            auth = auth.substring(at + 1);
        }
        if (auth.startsWith("[")) {
            int close = auth.indexOf(']');
            return close > 0 ? auth.substring(0, close + 1) : auth;
        }
        int colon = auth.indexOf(':');
        if (colon >= 0) {
            auth = auth.substring(0, colon);
        }
        return Domains.normalise(auth);
    }

    /** Path, query and fragment: everything after the host. */
    String rest() {
        int start = url.indexOf("://");
        int s = start < 0 ? 0 : start + 3;
        for (int i = s; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return url.substring(i);
            }
        }
        return "";
    }
}
