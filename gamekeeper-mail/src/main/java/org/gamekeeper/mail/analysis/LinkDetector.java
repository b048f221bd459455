package org.gamekeeper.mail.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gamekeeper.mail.config.MailConfig;

/**
 * Links: text that shows one domain and leads to another, IP-literal and punycode hosts,
 * lookalikes of protected domains, shorteners, credential-harvesting pages named in the URL,
 * free hosting, abused TLDs, links unrelated to the sender, domains new to the baseline, and
 * forms that post credentials.
 */
final class LinkDetector implements Detector {

    private static final Pattern SHOWN_HOST = Pattern.compile(
            "(?i)^(?:https?://)?(?:www\\.)?((?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\\.)+[a-z]{2,24})(?:[/:?#]\\S*)?$");
    private static final Pattern CREDENTIAL_PATH = Pattern.compile(
            "(?i)(?:^|[/._?&=-])(?:sign-?in|logon|verif(?:y|ication)|passw(?:or)?d|webscr|unlock|suspend(?:ed)?|wallet|recover(?:y)?|validat(?:e|ion)|update-?info|kyc|owa|office365|onedrive|sharepoint)(?:$|[/._?&=-])");

    private final MailConfig config;
    private final Lookalikes lookalikes;
    private final Baseline baseline;
    private final Domains domains;

    LinkDetector(MailConfig config, Lookalikes lookalikes, Baseline baseline, Domains domains) {
        this.domains = domains;
        this.config = config;
        this.lookalikes = lookalikes;
        this.baseline = baseline;
    }

    @Override
    public void inspect(MessageView v, Findings out) {
        int anchors = 0;
        int related = 0;
        List<String> newDomains = new ArrayList<>();
        for (Link l : v.links) {
            if (l.host().isEmpty()) {
                continue;
            }
            boolean redirector = Domains.within(l.host(), config.redirectors())
                    || Domains.within(l.host(), config.trackingServices());
            if (l.anchor()) {
                anchors++;
                if (redirector || related(l.host(), l.registrable(), v.fromHost, v.fromDomain)) {
                    related++;
                }
                Matcher m = SHOWN_HOST.matcher(l.text());
                if (m.matches() && !redirector && !l.registrable().equals(v.fromDomain)) {
                    String shown = Domains.normalise(m.group(1));
                    String shownReg = domains.registrable(shown);
                    if (Domains.underPublicSuffix(shown) && !shownReg.equals(l.registrable())
                            && !sameOwner(shownReg, l.registrable()) && !redirectsTo(l.url(), shownReg)) {
                        out.add("link.text_mismatch", "a link shows " + shown + " but leads to " + l.host(),
                                l.text() + " → " + l.url());
                    }
                }
            }
            if (userinfo(l.url())) {
                out.add("link.userinfo", "a link puts a name before '@' so that it seems to go to one site and goes to "
                        + l.host(), l.url());
            }
            String brand = brandInSubdomain(l.host(), l.registrable());
            if (brand != null) {
                out.add("link.brand_subdomain", "a link's host starts with " + brand + " but the site is " + l.registrable(),
                        l.url());
            }
            if (openRedirect(l) && !l.registrable().equals(v.fromDomain) && !sameOwner(l.registrable(), v.fromDomain)) {
                out.add("link.open_redirect", "a link bounces through a well-known site's redirect to hide where it really goes",
                        l.url());
            }
            if (Domains.ipLiteral(l.host())) {
                out.add("link.ip_host", "a link goes to a bare IP address instead of a named site", l.url());
            }
            if (l.host().startsWith("xn--") || l.host().contains(".xn--")) {
                out.add("link.punycode", "a link's host is internationalised (punycode) and may imitate another name", l.url());
            }
            Lookalikes.Match look = lookalikes.match(l.registrable(), false, false);
            if (look != null) {
                out.add("link.lookalike", "a link goes to " + l.registrable() + ", which imitates "
                        + (look.identity() == null ? look.protectedDomain() : look.identity().name()) + ": " + look.how(), l.url());
            }
            if (config.shorteners().contains(l.host()) || config.shorteners().contains(l.registrable())) {
                out.add("link.shortener", "a link goes through a URL shortener that hides its destination", l.url());
            }
            if (!l.registrable().equals(v.fromDomain) && !redirector) {
                String rest = l.rest();
                if (CREDENTIAL_PATH.matcher(rest.length() > 300 ? rest.substring(0, 300) : rest).find()) {
                    out.add("link.credential_page", "a link to another domain names a sign-in, account or verification page", l.url());
                }
            }
            if ((Domains.within(l.host(), config.freeHosting()) || bucket(l.host())) && !l.registrable().equals(v.fromDomain)) {
                out.add("link.free_hosting", "a link goes to free hosting where anyone can publish a page in minutes", l.url());
            }
            if (l.anchor() && config.abusedTlds().contains(Domains.tld(l.host()))) {
                out.add("link.abused_tld", "a link goes to a top-level domain with a high share of abusive registrations", l.url());
            }
            if (baseline != null && !baseline.seenLink(l.registrable()) && !redirector && newDomains.size() < 3
                    && !newDomains.contains(l.registrable())) {
                newDomains.add(l.registrable());
            }
        }
        if (anchors > 0 && related == 0 && !v.fromDomain.isEmpty()) {
            out.add("link.unrelated", "none of the " + anchors + " links leads to the sender's own domain " + v.fromDomain,
                    v.links.get(0).url());
        }
        if (!newDomains.isEmpty()) {
            out.add("link.new_domain", "links go to domains never seen in the mailbox baseline", String.join(", ", newDomains));
        }
        if (v.credentialForm) {
            String action = v.formActions.isEmpty() ? "" : v.formActions.get(0);
            out.add("link.form", "the message itself holds a form asking for credentials or card details, sent to a remote server",
                    action);
        }
    }

    private static final Set<String> REDIRECT_LABELS = Set.of("google", "bing", "youtube",
            "facebook", "linkedin", "doubleclick", "yahoo", "baidu", "yandex", "naver", "medium", "twitter", "instagram");

    /** A redirect on a famous site: its path or query carries another URL (google.com/url?q=, bing.com/ck/a, /amp/s/). */
    private static boolean openRedirect(Link l) {
        if (!REDIRECT_LABELS.contains(Domains.label(l.registrable()))) {
            return false;
        }
        String rest = l.rest().toLowerCase(Locale.ROOT);
        return rest.startsWith("/amp/s/") || rest.startsWith("/ck/a") || rest.startsWith("/url?") || rest.contains("=http")
                || rest.contains("=%68ttp") || rest.contains("redirect") || rest.contains("/slink");
    }

    /** A cloud storage bucket's own host name (anyone's upload). */
    private static boolean bucket(String host) {
        return host.endsWith(".amazonaws.com") && (host.contains(".s3.") || host.contains(".s3-") || host.startsWith("s3."));
    }

    /** user@host in the authority of an http(s) URL. */
    private static boolean userinfo(String url) {
        int s = url.indexOf("://");
        if (s < 0) {
            return false;
        }
        int end = url.length();
        for (int i = s + 3; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        int at = url.lastIndexOf('@', end - 1);
        return at > s + 3 && at < end;
    }

    /** A protected domain's name used as a subdomain label of an unrelated site ("paypal.com.secure-x.top"). */
    private String brandInSubdomain(String host, String registrable) {
        if (host.length() <= registrable.length() || lookalikes.owner(registrable) != null) {
            return null;
        }
        String sub = host.substring(0, host.length() - registrable.length() - 1);
        String[] labels = sub.split("\\.");
        for (int i = 0; i + 1 < labels.length; i++) {
            String pair = labels[i] + "." + labels[i + 1];
            if (lookalikes.owner(pair) != null) {
                return pair;
            }
        }
        for (String label : sub.split("[.-]")) {
            if (label.length() >= 4 && lookalikes.brandLabel(label)) {
                return label;
            }
        }
        return null;
    }

    /** True if the URL carries the shown domain in its path or query: a redirect to where it says. */
    private static boolean redirectsTo(String url, String shownRegistrable) {
        String decoded = url.toLowerCase(Locale.ROOT).replace("%2e", ".").replace("%2f", "/").replace("%3a", ":");
        int q = decoded.indexOf("://");
        String rest = q < 0 ? decoded : decoded.substring(q + 3);
        int slash = rest.indexOf('/');
        return slash >= 0 && rest.substring(slash).contains(shownRegistrable);
    }

    /**
     * The link belongs to the sender: same registrable domain, same protected owner, or the
     * names overlap (newsletter.mediaunspun.com for mediaunspun.imakenews.net, fool.com for
     * motleyfool.com).
     */
    private boolean related(String host, String registrable, String fromHost, String fromDomain) {
        if (registrable.equals(fromDomain) || sameOwner(registrable, fromDomain)) {
            return true;
        }
        String a = Domains.label(registrable);
        String b = Domains.label(fromDomain);
        if (a.length() >= 4 && b.length() >= 4 && (a.contains(b) || b.contains(a))) {
            return true;
        }
        for (String label : fromHost.split("\\.")) {
            if (label.length() >= 4 && label.equals(a)) {
                return true;
            }
        }
        for (String label : host.split("\\.")) {
            if (label.length() >= 4 && label.equals(b)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameOwner(String a, String b) {
        var oa = lookalikes.owner(a);
        return oa != null && oa == lookalikes.owner(b);
    }
}
