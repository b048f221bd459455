package org.gamekeeper.mail.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gamekeeper.mail.config.Identity;
import org.gamekeeper.mail.config.MailConfig;

/**
 * Impersonation: protected names used from other domains, lookalike and cousin sender
 * domains, IDN homographs, free-mail senders that claim an organisation, display names that
 * carry another address, and names written in confusable characters.
 */
final class ImpersonationDetector implements Detector {

    private static final Pattern DOMAIN_IN_NAME = Pattern.compile(
            "(?i)(?:[a-z0-9._%+-]+@)?((?:[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\\.)+[a-z]{2,24})\\b");

    private final MailConfig config;
    private final Lookalikes lookalikes;
    private final Domains domains;

    ImpersonationDetector(MailConfig config, Lookalikes lookalikes, Domains domains) {
        this.config = config;
        this.lookalikes = lookalikes;
        this.domains = domains;
    }

    @Override
    public void inspect(MessageView v, Findings out) {
        String name = v.from.name();
        boolean free = Domains.within(v.fromDomain, config.freeMail());
        Identity claimed = v.claimed;
        if (claimed != null && !ownsSender(claimed, v)) {
            String who = (claimed.person() ? "protected person " : claimed.kind().equals("brand") ? "organisation " : "protected "
                    + claimed.kind() + " ") + "'" + claimed.name() + "'";
            if (free) {
                out.add("impersonation.freemail_organisation", "a free-mail sender uses the name of " + who,
                        v.from.toString());
            }
            if (claimed.kind().equals("brand")) {
                out.add("impersonation.brand_name", "the display name claims " + who + " but the mail comes from "
                        + orNone(v.fromDomain) + ", not one of its domains", v.from.toString());
            } else {
                out.add("impersonation.display_name", "the display name claims " + who + " but the mail comes from "
                        + orNone(v.fromDomain) + ", not one of its domains", v.from.toString());
            }
        } else if (free && !name.isEmpty()) {
            List<String> words = Lexicon.ORGANISATION_WORDS.find(name.toLowerCase(Locale.ROOT) + " ", 1);
            if (!words.isEmpty()) {
                out.add("impersonation.freemail_organisation", "a free-mail sender presents itself as an organisation ('"
                        + words.get(0).strip() + "')", v.from.toString());
            }
        }
        lookalike(v.fromDomain, v.fromHost, "sender", v, out);
        if (v.replyTo != null && !v.replyDomain.equals(v.fromDomain)) {
            lookalike(v.replyDomain, v.replyDomain, "Reply-To", v, out);
        }
        if (!name.isEmpty()) {
            Matcher m = DOMAIN_IN_NAME.matcher(name);
            while (m.find()) {
                String host = Domains.normalise(m.group(1));
                String reg = domains.registrable(host);
                boolean address = m.group().indexOf('@') > 0;
                if (!reg.equals(v.fromDomain) && Domains.underPublicSuffix(host) && !v.fromDomain.isEmpty()
                        && (address || lookalikes.owner(reg) != null) && !sameOwner(reg, v.fromDomain)) {
                    out.add("impersonation.address_in_name", "the display name shows " + m.group()
                            + " but the mail comes from " + v.fromDomain, v.from.toString());
                    break;
                }
            }
            if (Lookalikes.confusableText(name)) {
                out.add("impersonation.confusable_name", "the display name mixes alphabets or uses lookalike symbols (Unicode TR39)", name);
            }
        }
        if (!out.has("impersonation.confusable_name") && Lookalikes.confusableText(v.from.address())) {
            out.add("impersonation.confusable_name", "the sender's address is written in lookalike symbols (Unicode TR39)",
                    v.from.address());
        }
        if (!out.has("impersonation.confusable_name") && Lookalikes.confusableText(v.subject)) {
            out.add("impersonation.confusable_name", "the subject mixes alphabets or uses lookalike symbols to evade filters (Unicode TR39)", v.subject);
        }
    }

    private void lookalike(String registrable, String host, String role, MessageView v, Findings out) {
        Lookalikes.Match m = lookalikes.match(registrable, true);
        if (m == null) {
            return;
        }
        String who = m.identity() == null ? m.protectedDomain() : m.identity().name() + " (" + m.protectedDomain() + ")";
        if (m.how().startsWith("internationalised")) {
            out.add("impersonation.idn_homograph", "the " + role + " domain is an " + m.how() + ", a domain of " + who, host);
        } else {
            out.add("impersonation.lookalike_domain", "the " + role + " domain " + registrable + " imitates " + who + ": " + m.how(), host);
        }
    }

    private boolean sameOwner(String a, String b) {
        var oa = lookalikes.owner(a);
        return oa != null && oa == lookalikes.owner(b);
    }

    /** True if the sender's address or domain belongs to the identity. */
    boolean ownsSender(Identity id, MessageView v) {
        String addr = v.from.address().toLowerCase(Locale.ROOT);
        if (id.addresses().contains(addr)) {
            return true;
        }
        if (v.fromDomain.isEmpty()) {
            return false;
        }
        Identity owner = lookalikes.owner(v.fromDomain);
        if (owner == id) {
            return true;
        }
        for (String d : id.domains()) {
            if (Domains.within(v.fromHost, Set.of(d))) {
                return true;
            }
        }
        for (String d : id.sendingDomains()) {
            if (Domains.within(v.fromHost, Set.of(d))) {
                return true;
            }
        }
        // a person's own organisation's domains count as theirs
        if (id.person() && !id.organisation().isEmpty() && owner != null && owner.name().equalsIgnoreCase(id.organisation())) {
            return true;
        }
        return false;
    }

    private static String orNone(String d) {
        return d.isEmpty() ? "no domain" : d;
    }
}
