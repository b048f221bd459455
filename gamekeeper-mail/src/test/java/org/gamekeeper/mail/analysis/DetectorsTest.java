package org.gamekeeper.mail.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.message.MessageParser;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    static MessageReport analyse(String raw) {
        return new MailAnalyser(ConfigLoader.defaults()).analyse(new MessageParser(Limits.DEFAULT)
                .parse(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), "t.eml", ""));
    }

    static String html(String from, String body) {
        return "From: " + from + "\nSubject: Notice\nContent-Type: text/html; charset=utf-8\n\n<html><body>" + body + "</body></html>\n";
    }

    @Test
    void linkTextShowingOneDomainAndLeadingToAnother() {
        MessageReport r = analyse(html("Bank <info@bank.example>",
                "<a href=\"https://login.evil-host.top/x\">https://www.bankofamerica.com/signin</a>"));
        assertTrue(r.has("link.text_mismatch"), r.reasons().toString());
    }

    @Test
    void ipLiteralUserinfoAndBrandSubdomainLinks() {
        MessageReport r = analyse(html("x <a@shop.example>",
                "<a href=\"http://192.0.2.7/a\">a</a> <a href=\"https://www.paypal.com@203.0.113.9/\">b</a>"
                        + " <a href=\"https://paypal.com.account-check.top/\">c</a>"));
        assertTrue(r.has("link.ip_host"));
        assertTrue(r.has("link.userinfo"));
        assertTrue(r.has("link.brand_subdomain"), r.reasons().toString());
    }

    @Test
    void confusableSenderDomainOfABrand() {
        MessageReport r = analyse(html("PayPal <service@paypa1.com>", "<p>Your account is limited.</p>"));
        assertTrue(r.has("impersonation.lookalike_domain"), r.reasons().toString());
        assertTrue(r.has("impersonation.brand_name"));
        assertTrue(r.verdict().compareTo(Verdict.SUSPICIOUS) >= 0);
    }

    @Test
    void brandNameFromItsOwnDomainIsNotImpersonation() {
        MessageReport r = analyse(html("PayPal <service@paypal.com>", "<p>Your receipt.</p>"));
        assertFalse(r.has("impersonation.brand_name"), r.reasons().toString());
        assertEquals(Verdict.CLEAN, r.verdict());
    }

    @Test
    void freeMailSenderClaimingAnOrganisation() {
        MessageReport r = analyse(html("IT Helpdesk Team <it.helpdesk.2291@gmail.com>", "<p>Hello</p>"));
        assertTrue(r.has("impersonation.freemail_organisation"), r.reasons().toString());
    }

    @Test
    void authenticationFailuresAreReadFromTheTopmostResult() {
        MessageReport r = analyse("Authentication-Results: mx.example; spf=fail smtp.mailfrom=x.example; dkim=none; dmarc=fail header.from=bank.example\n"
                + "From: Bank <a@bank.example>\nReply-To: bank.refunds@outlook.com\nSubject: s\n\nhello\n");
        assertTrue(r.has("auth.spf_fail"));
        assertTrue(r.has("auth.dmarc_fail"));
        assertTrue(r.has("auth.reply_to_freemail"));
        assertFalse(r.has("auth.dkim_fail"));
    }

    @Test
    void aBeaconAloneNeverFlags() {
        MessageReport r = analyse(html("News <news@shopnews.com>",
                "<p>This week in the shop: new arrivals, the spring catalogue and opening hours.</p>"
                        + "<a href=\"https://shopnews.com/a\">shop</a>"
                        + "<img src=\"https://tracker.shopnews.com/o.gif?u=a81c99e2d01f4c5b9d2e\" width=\"1\" height=\"1\" style=\"display:none\">"
                        + "<img src=\"https://mailtrack.io/trace/a81c99e2d01f4c5b9d2e.png\" width=\"0\">"));
        assertTrue(r.has("beacon.tiny_image"));
        assertTrue(r.has("beacon.tracking_service"));
        assertEquals(Verdict.CLEAN, r.verdict(), r.reasons().toString());
    }

    @Test
    void urlsInPlainTextAreFound() {
        assertEquals(java.util.List.of("https://a.example/x?y=1", "http://b.example", "www.c.example/d", "HTTPS://E.EXAMPLE/"),
                MessageView.urls("see https://a.example/x?y=1, http://b.example and www.c.example/d or HTTPS://E.EXAMPLE/ now;"
                        + " not ftp://f.example nor xwww.g.example"));
    }

    @Test
    void baselineMakesNewSenderAndLinkDomainsFindings() {
        Baseline base = new Baseline();
        base.learn(new MessageParser(Limits.DEFAULT).parse(new ByteArrayInputStream(html("Colleague <a@partner-org.com>",
                "<a href=\"https://docs.partner-org.com/x\">docs</a>").getBytes(StandardCharsets.UTF_8)), "b.eml", ""));
        MailAnalyser analyser = new MailAnalyser(ConfigLoader.defaults(), base);
        MessageReport known = analyser.analyse(new MessageParser(Limits.DEFAULT).parse(new ByteArrayInputStream(
                html("Colleague <b@partner-org.com>", "<a href=\"https://partner-org.com/y\">y</a>").getBytes(StandardCharsets.UTF_8)), "k.eml", ""));
        assertFalse(known.has("sender.not_in_baseline"), known.reasons().toString());
        assertFalse(known.has("link.new_domain"));
        MessageReport fresh = analyser.analyse(new MessageParser(Limits.DEFAULT).parse(new ByteArrayInputStream(
                html("Someone <c@never-seen.net>", "<a href=\"https://elsewhere.org/z\">z</a>").getBytes(StandardCharsets.UTF_8)), "f.eml", ""));
        assertTrue(fresh.has("sender.not_in_baseline"));
        assertTrue(fresh.has("link.new_domain"));
    }

    @Test
    void invalidSenderDomainAndRandomSubjectToken() {
        MessageReport r = analyse("From: Receita <pendencia@receitafederal>\nSubject: Aviso - hSCXPVFj7yxfmvG\n\nx\n");
        assertTrue(r.has("header.invalid_sender_domain"));
        assertTrue(r.has("evasion.random_token"));
    }
}
