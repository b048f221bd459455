package org.gamekeeper.mail.analysis;

import java.util.List;
import java.util.Locale;
import org.gamekeeper.mail.config.MailConfig;

/**
 * Authentication results recorded by the receiving server (Authentication-Results,
 * Received-SPF) when present, From / Reply-To / Return-Path mismatches, header anomalies, and
 * traits of the sender's domain. Absent authentication headers are never held against a
 * message: much legitimate mail predates them or was stored without them.
 */
final class HeaderDetector implements Detector {

    private final MailConfig config;
    private final Baseline baseline;
    private final Lookalikes lookalikes;

    HeaderDetector(MailConfig config, Baseline baseline, Lookalikes lookalikes) {
        this.config = config;
        this.baseline = baseline;
        this.lookalikes = lookalikes;
    }

    @Override
    public void inspect(MessageView v, Findings out) {
        authentication(v, out);
        if (v.replyTo != null && !v.replyDomain.isEmpty() && !v.fromDomain.isEmpty() && !v.replyDomain.equals(v.fromDomain)
                && !sameOwner(v.replyDomain, v.fromDomain)) {
            boolean replyFree = Domains.within(v.replyDomain, config.freeMail());
            boolean fromFree = Domains.within(v.fromDomain, config.freeMail());
            if (replyFree && !fromFree) {
                out.add("auth.reply_to_freemail", "replies go to a free-mail address although the sender is " + v.fromDomain,
                        v.replyTo.address());
            } else {
                out.add("auth.reply_to_mismatch", "replies go to " + v.replyDomain + ", another domain than the sender's "
                        + v.fromDomain, v.replyTo.address());
            }
        }
        if (!v.returnPathDomain.isEmpty() && !v.fromDomain.isEmpty() && !v.returnPathDomain.equals(v.fromDomain)) {
            out.add("auth.return_path_mismatch", "bounces go to " + v.returnPathDomain + ", not to the sender's domain "
                    + v.fromDomain + " (usual for bulk senders, part of the picture otherwise)", v.message.header("Return-Path"));
        }
        String rawFrom = v.message.header("From");
        if (rawFrom != null && v.fromCount == 1 && unquotedComma(rawFrom)) {
            out.add("header.unquoted_comma", "the sender's name holds an unquoted comma, so clients disagree on who sent it",
                    rawFrom);
        }
        if (v.fromCount > 1) {
            out.add("header.multiple_from", "more than one From: the reader may see a different sender than the filters",
                    String.join(" | ", v.message.headers("From")));
        }
        if (v.message.header("From") != null && v.from.address().indexOf('@') <= 0) {
            out.add("header.no_sender_address", "the From field has no usable address", v.message.header("From"));
        } else if (!v.fromHost.isEmpty() && !Domains.ipLiteral(v.fromHost) && !Domains.registryDomain(v.fromHost)) {
            out.add("header.invalid_sender_domain", "the sender's domain (" + v.fromHost
                    + ") is not a domain anyone can own: no reply can reach it and nothing authenticates it", v.from.address());
        }
        sender(v, out);
    }

    /** A comma outside quotes and angle brackets before the address. */
    static boolean unquotedComma(String raw) {
        boolean quoted = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                return false;
            } else if (c == ',' && !quoted) {
                return raw.indexOf('<', i) > 0;
            }
        }
        return false;
    }

    private boolean sameOwner(String a, String b) {
        var oa = lookalikes.owner(a);
        return oa != null && oa == lookalikes.owner(b);
    }

    private void authentication(MessageView v, Findings out) {
        // the topmost result is the one the receiving server wrote; lower ones may be forged
        String ar = v.message.header("Authentication-Results");
        if (ar != null) {
            String l = ar.toLowerCase(Locale.ROOT);
            if (l.contains("spf=fail")) {
                out.add("auth.spf_fail", "SPF failed: the sending server is not allowed to send for the envelope domain", clause(ar, "spf="));
            } else if (l.contains("spf=softfail")) {
                out.add("auth.spf_softfail", "SPF soft-failed: the sending server is probably not allowed to send for the domain", clause(ar, "spf="));
            }
            if (l.contains("dkim=fail")) {
                out.add("auth.dkim_fail", "the DKIM signature does not verify (forged, or the message was altered in transit)", clause(ar, "dkim="));
            }
            if (l.contains("dmarc=fail")) {
                out.add("auth.dmarc_fail", "DMARC failed: the From domain did not authenticate this message", clause(ar, "dmarc="));
            } else if (l.contains("dmarc=none") || l.contains("dmarc=permerror")) {
                out.add("auth.no_dmarc", "the From domain publishes no usable DMARC policy, so anyone can send in its name", clause(ar, "dmarc="));
            }
            if (l.contains("compauth=fail")) {
                out.add("auth.compauth_fail", "the receiving service's composite authentication failed: the sender is not who the From says",
                        clause(ar, "compauth="));
            }
            boolean spfPass = l.contains("spf=pass");
            boolean dkimPass = l.contains("dkim=pass");
            if (!spfPass && !dkimPass && (l.contains("spf=") || l.contains("dkim="))) {
                out.add("auth.unauthenticated", "neither SPF nor DKIM passed: nothing ties the message to its sending domain",
                        clause(ar, "spf="));
            }
        } else {
            String spf = v.message.header("Received-SPF");
            if (spf != null) {
                String l = spf.toLowerCase(Locale.ROOT).strip();
                if (l.startsWith("fail")) {
                    out.add("auth.spf_fail", "SPF failed: the sending server is not allowed to send for the envelope domain", spf);
                } else if (l.startsWith("softfail")) {
                    out.add("auth.spf_softfail", "SPF soft-failed: the sending server is probably not allowed to send for the domain", spf);
                }
            }
        }
    }

    private static String clause(String header, String key) {
        int i = header.toLowerCase(Locale.ROOT).indexOf(key);
        if (i < 0) {
            return header;
        }
        int end = header.indexOf(';', i);
        return header.substring(i, end < 0 ? header.length() : end).strip();
    }

    private void sender(MessageView v, Findings out) {
        if (v.fromDomain.isEmpty()) {
            return;
        }
        if (Domains.within(v.fromHost, config.freeHosting())) {
            out.add("sender.free_hosting", "the sender's domain is a free hosting or app platform where anyone can send from a subdomain", v.fromHost);
        }
        String label = Domains.label(v.fromDomain);
        if (Domains.generated(label)) {
            out.add("sender.generated_domain", "the sender's domain looks machine-generated (throw-away domains rotate faster than block lists)", v.fromDomain);
        }
        if (config.abusedTlds().contains(Domains.tld(v.fromDomain))) {
            out.add("sender.abused_tld", "the sender's domain is under a top-level domain with a high share of abusive registrations", v.fromDomain);
        }
        if (baseline != null && !baseline.seenSender(v.fromDomain)) {
            out.add("sender.not_in_baseline", "no mail from this domain appears in the mailbox baseline", v.fromDomain);
        }
    }

    static List<String> none() {
        return List.of();
    }
}
