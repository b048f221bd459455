package org.gamekeeper.mail.analysis;

import java.util.Locale;
import java.util.Set;
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

    /** Only letters and digits, 5+ long, with 3+ capitals among 2+ lower-case letters and no word shape. */
    static boolean randomLocal(String address) {
        int at = address.lastIndexOf('@');
        if (at < 5) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        int changes = 0;
        int last = -1;
        for (int i = 0; i < at; i++) {
            char c = address.charAt(i);
            int cls;
            if (c >= 'A' && c <= 'Z') {
                upper++;
                cls = 0;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
                cls = 1;
            } else if (c >= '0' && c <= '9') {
                continue;
            } else {
                return false;
            }
            if (last >= 0 && cls != last) {
                changes++;
            }
            last = cls;
        }
        // words in capitals ("FOXSportsFLASH") change case rarely; random strings change it often
        int vowels = 0;
        for (int i = 0; i < at; i++) {
            if ("aeiouAEIOU".indexOf(address.charAt(i)) >= 0) {
                vowels++;
            }
        }
        // CamelCase words ("JohnSmith", "DoNotUse") have word shapes and the vowels of words;
        // random strings ("kJYqaDB", "RnCfdga") have neither
        boolean mixed = upper >= 2 && lower >= 2 && upper * 10 >= (upper + lower) * 2 && changes >= 2 && changes * 4 >= at
                && vowels * 100 < (upper + lower) * 45 && !wordShaped(address, at);
        // letters and digits alternating ("0pc5pmhs5zcn"): a machine-made mailbox
        int switches = 0;
        int digits = 0;
        for (int i = 0; i < at; i++) {
            boolean d = Character.isDigit(address.charAt(i));
            if (d) {
                digits++;
            }
            if (i > 0 && d != Character.isDigit(address.charAt(i - 1))) {
                switches++;
            }
        }
        boolean alternating = at >= 8 && digits >= 2 && switches >= 4;
        return mixed || alternating;
    }

    /** Every capital starts a run of 2+ lower-case letters: "JohnSmith", "McDonald" is not random. */
    private static boolean wordShaped(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (Character.isUpperCase(s.charAt(i))) {
                int j = i + 1;
                while (j < end && Character.isLowerCase(s.charAt(j))) {
                    j++;
                }
                if (j - i - 1 < 2) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Words of a display name too common to tie it to an address. */
    private static final Set<String> NAME_NOISE = Set.of("the", "and", "from", "team", "news", "info",
            "mail", "service", "services", "support", "customer", "online", "com", "net", "org", "www", "newsletter", "via");

    /**
     * True if a word of the display name (4+ letters) occurs in the address's local part or
     * host, or a host label (4+ letters) occurs in the name: "Motley Fool" and motleyfool.com,
     * "Ann Smith" and ann.smith@…, "Media Unspun" and mediaunspun.imakenews.net.
     */
    static boolean aligned(String name, String local, String host) {
        String folded = org.gamekeeper.mail.analysis.ProtectedNames.words(Lookalikes.fold(name));
        String joined = folded.replace(" ", "");
        String l = local.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        for (String w : folded.split(" ")) {
            if (w.length() >= 4 && !NAME_NOISE.contains(w) && (l.contains(w) || h.contains(w))) {
                return true;
            }
            if (w.length() >= 3 && !NAME_NOISE.contains(w) && (l.equals(w) || l.startsWith(w + ".") || l.startsWith(w + "_"))) {
                return true;
            }
        }
        for (String label : h.split("[.-]")) {
            if (label.length() >= 3 && !NAME_NOISE.contains(label) && joined.contains(label)) {
                return true;
            }
        }
        for (String part : l.split("[._+-]")) {
            if (part.length() >= 4 && joined.contains(part)) {
                return true;
            }
        }
        // initials: "J. Smith" <jsmith@…>
        String[] ws = folded.split(" ");
        if (ws.length >= 2 && !ws[0].isEmpty() && l.startsWith(ws[0].substring(0, 1) + ws[ws.length - 1])) {
            return true;
        }
        return false;
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
        if (!v.from.name().isEmpty() && !v.freeMail && !aligned(v.from.name(), v.from.local(), v.fromHost)) {
            out.add("sender.name_unrelated", "the sender's name shares nothing with its address or domain: a borrowed "
                    + "or rented sending domain", v.from.toString());
        }
        if (randomLocal(v.from.address())) {
            out.add("sender.random_local_part", "the sender's mailbox name is random mixed-case letters, made for one "
                    + "sending run", v.from.address());
        }
        if (baseline != null && !baseline.seenSender(v.fromDomain)) {
            out.add("sender.not_in_baseline", "no mail from this domain appears in the mailbox baseline", v.fromDomain);
        }
    }
}
