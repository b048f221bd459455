package org.gamekeeper.mail.analysis;

import java.util.Locale;
import java.util.Set;
import org.gamekeeper.mail.config.Identity;

/**
 * Spear-phishing for information (ATT&CK T1598.003) as APT31 ran it against parliamentarians:
 * a journalist or news-outlet pretext, a tracking beacon that reports the opening, and a sender
 * domain that is not the outlet's (and, given a baseline, never seen before). A newsletter
 * from an outlet's own domain with its usual tracking does not match.
 */
final class ContextDetector implements Detector {

    private final ProtectedNames names;
    private final Lookalikes lookalikes;
    private final Baseline baseline;
    private final ImpersonationDetector impersonation;

    private final Set<String> freeMailDomains;

    ContextDetector(ProtectedNames names, Lookalikes lookalikes, Baseline baseline, ImpersonationDetector impersonation,
                    Set<String> freeMailDomains) {
        this.freeMailDomains = freeMailDomains;
        this.names = names;
        this.lookalikes = lookalikes;
        this.baseline = baseline;
        this.impersonation = impersonation;
    }

    @Override
    public void inspect(MessageView v, Findings out) {
        if (!out.hasGroup("beacon")) {
            return;
        }
        boolean freeMail = Domains.within(v.fromDomain, freeMailDomains);
        Identity pretext = v.claimed != null && v.claimed.news() ? v.claimed : null;
        String how = "the display name claims it";
        if (pretext == null) {
            Lookalikes.Match m = lookalikes.match(v.fromDomain, true);
            if (m != null && m.identity() != null && m.identity().news()) {
                pretext = m.identity();
                how = "the sender's domain imitates it";
            }
        }
        if (pretext == null) {
            pretext = names.findNews(v.subject.toLowerCase(Locale.ROOT));
            how = "the subject names it";
        }
        if (pretext == null && freeMail) {
            // a journalist writing from a private address: the signature names the outlet
            String lower = v.lowerText();
            if (!Lexicon.JOURNALIST.find(lower, 1).isEmpty()) {
                pretext = names.findNews(lower);
                how = "the text presents the sender as its journalist";
            }
        }
        if (pretext == null || impersonation.ownsSender(pretext, v)) {
            return;
        }
        if (baseline != null && baseline.seenSender(v.fromDomain)) {
            return;
        }
        String beacon = "";
        for (Finding f : out.all()) {
            if (f.group().equals("beacon")) {
                beacon = f.evidence();
                break;
            }
        }
        out.add("context.news_pretext_recon", "reconnaissance by news pretext (T1598.003): '" + pretext.name() + "' ("
                + how + ") with a tracking beacon, sent from " + (v.fromDomain.isEmpty() ? "no domain" : v.fromDomain)
                + ", not the outlet's domain" + (baseline != null ? " and not seen in the baseline" : ""),
                "beacon " + beacon);
    }
}
