package org.gamekeeper.mail.analysis;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.ioc.IndicatorType;
import org.gamekeeper.mail.config.MailConfig;
import org.gamekeeper.mail.message.Attachment;
import org.gamekeeper.mail.message.HeaderText;
import org.gamekeeper.mail.message.MailMessage;

/**
 * Wires the detectors and scores a message: the sum of its finding weights, with the beacon
 * group capped (tracking alone never flags) and the content group capped (words alone are
 * weak), against the configured suspicious and malicious thresholds. Not thread-safe: one
 * analyser per thread (the domain cache is per instance).
 */
public final class MailAnalyser {

    /** Beacons alone stay below the suspicious threshold. */
    static final double BEACON_CAP = 1.0;
    /** Lure words alone stay below the suspicious threshold. */
    static final double CONTENT_CAP = 3.0;

    private final MailConfig config;
    private final Domains domains = new Domains();
    private final ProtectedNames names;
    private final List<Detector> detectors = new ArrayList<>();
    private final ImpersonationDetector impersonation;

    public MailAnalyser(MailConfig config) {
        this(config, null);
    }

    /** With a baseline of the institution's ordinary mail (null for none). */
    public MailAnalyser(MailConfig config, Baseline baseline) {
        this.config = config;
        this.names = new ProtectedNames(config.identities());
        Lookalikes lookalikes = new Lookalikes(config.identities(), domains);
        impersonation = new ImpersonationDetector(config, lookalikes, domains);
        detectors.add(new BeaconDetector(config));
        detectors.add(impersonation);
        detectors.add(new HeaderDetector(config, baseline, lookalikes));
        detectors.add(new LinkDetector(config, lookalikes, baseline, domains));
        detectors.add(new AttachmentDetector());
        detectors.add(new ContentDetector());
        detectors.add(new ContextDetector(names, lookalikes, baseline, impersonation, config.freeMail()));
    }

    /** The view of the message analysed last: {@link #observables} of the same message reads it again from here. */
    private MessageView last;

    /** A value in a message that an indicator list may name, and the header or part that held it. */
    public record Observable(IndicatorType type, String field, String value) { }

    /**
     * What of a message an IOC sweep looks at: the sender's addresses (From, Sender, Reply-To,
     * Return-Path), every link (in text, HTML and PDF attachments), and each attachment's name and,
     * when read whole, its SHA-256, SHA-1 and MD5. Never throws for anything in the message.
     */
    public List<Observable> observables(MailMessage m) {
        MessageView v = last != null && last.message == m ? last : new MessageView(m, domains);
        List<Observable> out = new ArrayList<>();
        for (String h : List.of("From", "Sender", "Reply-To", "Return-Path")) {
            for (String value : m.headers(h)) {
                for (HeaderText.Mailbox mb : HeaderText.mailboxes(value)) {
                    if (!mb.address().isBlank()) {
                        out.add(new Observable(IndicatorType.EMAIL, h, mb.address()));
                    }
                }
            }
        }
        for (Link l : v.links) {
            out.add(new Observable(IndicatorType.URL, "link", l.url()));
        }
        for (Attachment a : m.attachments()) {
            if (!a.name().isBlank()) {
                out.add(new Observable(IndicatorType.FILENAME, "attachment", a.name()));
            }
            if (!a.truncated() && a.content() != null) {
                out.add(new Observable(IndicatorType.SHA256, "attachment_sha256", digest("SHA-256", a.content())));
                out.add(new Observable(IndicatorType.SHA1, "attachment_sha1", digest("SHA-1", a.content())));
                out.add(new Observable(IndicatorType.MD5, "attachment_md5", digest("MD5", a.content())));
            }
        }
        return out;
    }

    private static String digest(String algorithm, byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java platform", e);
        }
    }

    /** Analyses one message; never throws for anything in the message. */
    public MessageReport analyse(MailMessage m) {
        MessageView v = new MessageView(m, domains);
        last = v;
        v.claimed = names.find(v.from.name());
        v.freeMail = Domains.within(v.fromDomain, config.freeMail());
        Findings f = new Findings(config.weights());
        for (Detector d : detectors) {
            d.inspect(v, f);
        }
        brandInSubject(v, f);
        boolean trusted = config.trustedSenders().contains(v.from.address().toLowerCase(Locale.ROOT))
                || (!v.fromDomain.isEmpty() && Domains.within(v.fromDomain, config.trustedDomains()));
        List<Finding> reasons = new ArrayList<>(f.all());
        reasons.sort(Comparator.comparingDouble(Finding::weight).reversed().thenComparing(Finding::id));
        double beacon = 0;
        double content = 0;
        double rest = 0;
        for (Finding r : reasons) {
            if (trusted && !r.group().equals("attachment") && !r.group().equals("link")) {
                continue;
            }
            switch (r.group()) {
                case "beacon" -> beacon += r.weight();
                case "content" -> content += r.weight();
                default -> rest += r.weight();
            }
        }
        double score = Math.round((Math.min(beacon, BEACON_CAP) + Math.min(content, CONTENT_CAP) + rest) * 100) / 100.0;
        Verdict verdict = score >= config.malicious() ? Verdict.MALICIOUS
                : score >= config.suspicious() ? Verdict.SUSPICIOUS : Verdict.CLEAN;
        List<String> problems = new ArrayList<>();
        for (Problem p : m.problems()) {
            problems.add(p.what());
        }
        String id = m.header("Message-ID");
        String date = m.header("Date");
        return new MessageReport(m.file(), m.place(), sender(v), v.recipients, v.subject, date == null ? "" : date,
                id == null ? "" : id.strip(), verdict, score, reasons, problems);
    }

    /**
     * A brand named in the subject of a credential lure that does not come from the brand:
     * "MERCADO PAGO - Alerta de segurança … na sua conta".
     */
    private void brandInSubject(MessageView v, Findings f) {
        if (f.has("impersonation.brand_name") || !f.has("content.credential_lure")) {
            return;
        }
        org.gamekeeper.mail.config.Identity brand = names.findBrand(v.subject);
        if (brand != null && !impersonation.ownsSender(brand, v)) {
            f.add("impersonation.brand_in_subject", "the subject speaks for '" + brand.name() + "' in an account lure, but the "
                    + "mail comes from " + (v.fromDomain.isEmpty() ? "no domain" : v.fromDomain), v.subject);
        }
    }

    private static String sender(MessageView v) {
        String raw = v.message.header("From");
        if (raw == null) {
            return "";
        }
        return v.from.address().isEmpty() ? HeaderText.decode(raw) : v.from.toString();
    }
}
