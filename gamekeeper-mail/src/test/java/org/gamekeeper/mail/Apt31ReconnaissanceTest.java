package org.gamekeeper.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.mail.analysis.Finding;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.analysis.Verdict;
import org.gamekeeper.mail.config.ConfigLoader;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.source.MailSource;
import org.junit.jupiter.api.Test;

/** The APT31-style reconnaissance messages of src/test/resources/apt31 are flagged for the right reasons. */
class Apt31ReconnaissanceTest {

    static MessageReport analyse(String name) throws IOException {
        List<MessageReport> out = new ArrayList<>();
        MailAnalyser analyser = new MailAnalyser(ConfigLoader.defaults());
        MailSource source = new MailSource(Limits.DEFAULT, m -> out.add(analyser.analyse(m)), p -> { });
        try (InputStream in = Apt31ReconnaissanceTest.class.getResourceAsStream("/apt31/" + name)) {
            source.read(in, name, true);
        }
        assertEquals(1, out.size(), name);
        return out.get(0);
    }

    static String explain(MessageReport r) {
        StringBuilder sb = new StringBuilder(r.verdict() + " " + r.score() + ":");
        for (Finding f : r.reasons()) {
            sb.append("\n  ").append(f.id()).append(' ').append(f.weight()).append(' ').append(f.evidence());
        }
        return sb.toString();
    }

    @Test
    void journalistOfALookalikeOutletDomainWithHiddenPixelIsMalicious() throws IOException {
        MessageReport r = analyse("lookalike-outlet.eml");
        assertEquals(Verdict.MALICIOUS, r.verdict(), explain(r));
        assertTrue(r.has("context.news_pretext_recon"), explain(r));
        assertTrue(r.has("impersonation.lookalike_domain"), explain(r));
        assertTrue(r.has("impersonation.display_name"), explain(r));
        assertTrue(r.has("beacon.tiny_image") || r.has("beacon.hidden_image"), explain(r));
        assertTrue(r.has("beacon.repeated_token"), "the per-recipient token recurs in link and pixel\n" + explain(r));
    }

    @Test
    void homographOfAnOutletDomainIsMaliciousAndNamedAsSuch() throws IOException {
        MessageReport r = analyse("homograph-outlet.eml");
        assertEquals(Verdict.MALICIOUS, r.verdict(), explain(r));
        assertTrue(r.has("impersonation.idn_homograph"), explain(r));
        assertTrue(r.has("context.news_pretext_recon"), explain(r));
        assertTrue(r.has("beacon.css_image"), explain(r));
        assertTrue(r.has("link.punycode"), explain(r));
    }

    @Test
    void freeMailJournalistWithTrackingServiceIsFlagged() throws IOException {
        MessageReport r = analyse("freemail-journalist.eml");
        assertTrue(r.verdict().compareTo(Verdict.SUSPICIOUS) >= 0, explain(r));
        assertTrue(r.has("context.news_pretext_recon"), explain(r));
        assertTrue(r.has("beacon.tracking_service"), explain(r));
    }

    @Test
    void outletsOwnNewsletterWithItsUsualTrackingIsClean() throws IOException {
        MessageReport r = analyse("newsletter-genuine.eml");
        assertEquals(Verdict.CLEAN, r.verdict(), explain(r));
        assertTrue(r.has("beacon.tiny_image"), "the pixel is still reported as a finding\n" + explain(r));
        assertTrue(!r.has("context.news_pretext_recon"), explain(r));
    }

    @Test
    void reconnaissanceBecomesAnAlertWithTechniqueT1598003() throws IOException {
        MessageReport r = analyse("lookalike-outlet.eml");
        List<Alert> alerts = MailAlerts.toAlerts(r);
        assertEquals(1, alerts.size());
        Alert a = alerts.get(0);
        assertEquals("mail", a.kind().id());
        assertEquals("high", a.level().id());
        assertTrue(a.attack().contains("T1598.003"), a.attack().toString());
        assertEquals("jan.novak@parliament.example", a.details().get("recipients"));
        assertEquals(java.time.Instant.parse("2021-01-12T09:14:02Z"), a.timestamp());
        assertTrue(MailAlerts.toAlerts(analyse("newsletter-genuine.eml")).isEmpty());
    }

    @Test
    void alertNamesTheRecipientsWindowsAccountFromTheIdentities() throws IOException {
        var config = ConfigLoader.loadText("identities:\n  people:\n    - {name: Jan Novak, addresses: [jan.novak@parliament.example],"
                + " accounts: ['PARL\\jnovak']}\n", "g.yml");
        Alert a = MailAlerts.toAlerts(analyse("lookalike-outlet.eml"), config).get(0);
        assertEquals("PARL\\jnovak", a.details().get("recipient_accounts"));
    }
}
