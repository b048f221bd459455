package org.gamekeeper.mail;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Alerts;
import org.gamekeeper.engine.ioc.Indicator;
import org.gamekeeper.engine.ioc.IocLibrary;
import org.gamekeeper.mail.analysis.Finding;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.analysis.Verdict;
import org.gamekeeper.mail.message.MailMessage;
import org.gamekeeper.sigma.rule.Level;

/**
 * Turns a message verdict into an {@link Alert} of the shared alert model (kind {@code mail}),
 * so that the hunting pipeline can join a phishing message to what happened on the
 * recipient's machine afterwards. One alert per flagged message; clean messages give none.
 */
public final class MailAlerts {

    public static final String RULE_SOURCE = "builtin";

    private MailAlerts() {
    }

    /**
     * The alert for a report, with the Windows accounts of the recipients that the configured
     * identities map their addresses to ({@code details.recipient_accounts}), so that the alert
     * joins the recipient's logons and processes.
     */
    public static List<Alert> toAlerts(MessageReport r, org.gamekeeper.mail.config.MailConfig config) {
        List<Alert> alerts = toAlerts(r);
        if (alerts.isEmpty()) {
            return alerts;
        }
        Set<String> accounts = new LinkedHashSet<>();
        for (String to : r.recipients()) {
            String address = to.toLowerCase(Locale.ROOT);
            for (org.gamekeeper.mail.config.Identity id : config.identities()) {
                if (id.addresses().contains(address)) {
                    accounts.addAll(id.accounts());
                }
            }
        }
        if (accounts.isEmpty()) {
            return alerts;
        }
        Alert a = alerts.get(0);
        Map<String, String> details = new LinkedHashMap<>(a.details());
        details.put("recipient_accounts", String.join(";", accounts));
        return List.of(a.withDetails(details));
    }

    /** The alert for a report, or an empty list for a clean message. */
    public static List<Alert> toAlerts(MessageReport r) {
        if (r.verdict() == Verdict.CLEAN) {
            return List.of();
        }
        Set<String> attack = new LinkedHashSet<>();
        List<String> tags = new ArrayList<>();
        tags.add("attack.initial_access");
        for (Finding f : r.reasons()) {
            switch (f.group()) {
                case "attachment" -> attack.add("T1566.001");
                case "link" -> attack.add("T1566.002");
                case "context" -> attack.add("T1598.003");
                default -> { }
            }
        }
        if (r.has("context.news_pretext_recon")) {
            tags.add("attack.reconnaissance");
        }
        if (attack.isEmpty()) {
            // a lure without a link or attachment still asks the reader to act: phishing for information
            attack.add(r.reasons().stream().anyMatch(f -> f.group().equals("beacon")) ? "T1598.003" : "T1566");
        }
        for (String t : attack) {
            tags.add("attack." + t.toLowerCase(Locale.ROOT));
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("verdict", r.verdict().word());
        details.put("score", String.valueOf(r.score()));
        details.put("sender", r.sender());
        details.put("recipients", String.join(";", r.recipients()));
        details.put("subject", r.subject());
        details.put("message_id", r.messageId());
        List<String> reasons = new ArrayList<>();
        for (Finding f : r.reasons()) {
            reasons.add(f.id());
        }
        details.put("reasons", String.join(";", reasons));
        Instant t = time(r.date());
        String ref = r.place().isEmpty() ? r.file() : r.file() + "#" + r.place();
        String title = "Phishing e-mail (" + r.verdict().word() + "): "
                + (r.reasons().isEmpty() ? "" : r.reasons().get(0).text());
        Alert.Rule rule = new Alert.Rule("gamekeeper.mail." + r.verdict().word(), title, "Gamekeeper", RULE_SOURCE,
                r.verdict() == Verdict.MALICIOUS ? Level.HIGH : Level.MEDIUM, tags, new ArrayList<>(attack));
        return List.of(Alert.ofItem(rule, Alert.Kind.MAIL, t, "mail", r.file(), ref, details));
    }

    /**
     * IOC sweep of one message: an alert of kind {@code ioc} for each indicator that one of its
     * observables (sender addresses, links, attachment names and hashes) matches, once per
     * indicator and field. Subdomains and URL hosts match as {@link IocLibrary#observe} says.
     */
    public static List<Alert> iocAlerts(MailMessage m, List<MailAnalyser.Observable> observables, IocLibrary ioc) {
        Map<String, IocLibrary.Hit> hits = new LinkedHashMap<>();
        for (MailAnalyser.Observable o : observables) {
            for (Indicator i : ioc.observe(o.type(), o.value())) {
                hits.putIfAbsent(i.source() + '\u0000' + i.value() + '\u0000' + o.field(), new IocLibrary.Hit(i, o.field(), o.value()));
            }
        }
        if (hits.isEmpty()) {
            return List.of();
        }
        Instant t = time(m.header("Date"));
        String ref = m.place().isEmpty() ? m.file() : m.file() + "#" + m.place();
        List<Alert> out = new ArrayList<>(hits.size());
        for (IocLibrary.Hit h : hits.values()) {
            out.add(Alerts.ioc(h, t, "mail", m.file(), ref));
        }
        return out;
    }

    /** The Date header as an instant, or null if it is missing or not an RFC 5322 date. */
    static Instant time(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        String d = date.strip();
        int paren = d.indexOf('(');
        if (paren > 0) {
            d = d.substring(0, paren).strip();
        }
        try {
            return ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
