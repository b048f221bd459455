package org.gamekeeper.mail.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.mail.config.MailConfig;

/**
 * Tracking beacons: remote images that are tiny, hidden or carry per-recipient tokens, CSS
 * images, known mail-tracking services, click-tracking redirectors, and one unique token
 * repeated across a message's URLs. Newsletters track too, so this group is capped below the
 * suspicious threshold: a beacon alone never flags a message.
 */
final class BeaconDetector implements Detector {

    private final MailConfig config;

    BeaconDetector(MailConfig config) {
        this.config = config;
    }

    @Override
    public void inspect(MessageView v, Findings out) {
        for (Image img : v.images) {
            Link l = img.link();
            if (Domains.within(l.host(), config.trackingServices())) {
                out.add("beacon.tracking_service", "a remote image from a mail-tracking service reports when and where the message is opened", l.url());
            }
            if (img.tiny() && !img.css()) {
                out.add("beacon.tiny_image", "a remote image of 0 or 1 pixel: a web bug that reports the reader's IP address, time and device when opened", l.url());
            } else if (img.hidden()) {
                out.add("beacon.hidden_image", "a remote image hidden from the reader still loads and reports the opening", l.url());
            }
            String token = token(l.rest());
            if (token != null) {
                if (img.css()) {
                    out.add("beacon.css_image", "a CSS background image with a unique token: loads on opening like a web bug", l.url());
                }
                out.add("beacon.token", "a remote image URL carries a unique token that identifies the recipient to the sender", l.url());
            }
        }
        for (Link l : v.links) {
            if (Domains.within(l.host(), config.redirectors())) {
                out.add("beacon.redirector", "links pass through a click-tracking redirector that records each click", l.url());
                break;
            }
        }
        recipientToken(v, out);
        repeatedToken(v, out);
    }

    /** The recipient's address, plain, URL-encoded or base64, inside a URL. */
    private static void recipientToken(MessageView v, Findings out) {
        if (v.recipients.isEmpty()) {
            return;
        }
        List<String> forms = new ArrayList<>();
        for (String r : v.recipients) {
            String a = r.toLowerCase(Locale.ROOT);
            if (a.indexOf('@') <= 0) {
                continue;
            }
            forms.add(a);
            forms.add(a.replace("@", "%40"));
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(a.getBytes(StandardCharsets.UTF_8));
            forms.add(b64.toLowerCase(Locale.ROOT));
            forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(a.getBytes(StandardCharsets.UTF_8)).toLowerCase(Locale.ROOT));
        }
        if (forms.isEmpty()) {
            return;
        }
        List<Link> all = new ArrayList<>(v.links);
        for (Image i : v.images) {
            all.add(i.link());
        }
        for (Link l : all) {
            String rest = l.rest().toLowerCase(Locale.ROOT);
            for (String f : forms) {
                if (!rest.isEmpty() && rest.contains(f)) {
                    out.add("beacon.recipient_token", "a URL carries the recipient's own address: a per-recipient tracking token", l.url());
                    return;
                }
            }
        }
    }

    private static void repeatedToken(MessageView v, Findings out) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, String> example = new HashMap<>();
        List<Link> all = new ArrayList<>(v.links);
        for (Image i : v.images) {
            all.add(i.link());
        }
        Set<String> seenUrls = new HashSet<>();
        for (Link l : all) {
            if (!seenUrls.add(l.url())) {
                continue;
            }
            for (String t : tokens(l.rest())) {
                counts.merge(t, 1, Integer::sum);
                example.putIfAbsent(t, l.url());
            }
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= 2) {
                out.add("beacon.repeated_token", "the same unique token appears in " + e.getValue()
                        + " different URLs: each link and image tells the sender which recipient acted", e.getKey());
                return;
            }
        }
    }

    /** The first token-like piece of a URL's path or query, or null. */
    static String token(String rest) {
        List<String> t = tokens(rest);
        return t.isEmpty() ? null : t.get(0);
    }

    /**
     * Pieces of a path or query that look like identifiers made for one recipient: 16+
     * characters of hex or base64url mixing letters and digits.
     */
    static List<String> tokens(String rest) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        for (int i = 0; i <= rest.length(); i++) {
            char c = i < rest.length() ? rest.charAt(i) : '/';
            if (c == '/' || c == '?' || c == '&' || c == '=' || c == '#' || c == ';' || c == '.') {
                if (i - start >= 16 && i - start <= 256 && tokenLike(rest, start, i)) {
                    out.add(rest.substring(start, i));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean tokenLike(String s, int from, int to) {
        int digits = 0;
        int letters = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                letters++;
            } else if (c != '-' && c != '_' && c != '%') {
                return false;
            }
        }
        return digits >= 3 && letters >= 3;
    }
}
