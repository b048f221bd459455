package org.gamekeeper.mail.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every finding the analysis can report, with its built-in weight. The weights are the
 * defaults that {@code mail.weights} may override; the ids are the only keys it accepts.
 * Weights are set so that no single weak signal (a beacon, a redirector, one lure word)
 * reaches the suspicious threshold (3) alone, and a decisive one (an executable attachment, a
 * protected name from a lookalike domain) reaches malicious (7) with little help.
 */
public final class FindingCatalogue {

    private static final Map<String, Double> WEIGHTS = new LinkedHashMap<>();

    static {
        // tracking beacons: group capped (a newsletter's tracking alone stays clean)
        w("beacon.tiny_image", 1.0);
        w("beacon.hidden_image", 1.0);
        w("beacon.css_image", 0.5);
        w("beacon.token", 0.5);
        w("beacon.recipient_token", 1.0);
        w("beacon.tracking_service", 1.0);
        w("beacon.redirector", 0.3);
        w("beacon.repeated_token", 0.5);
        // impersonation
        w("impersonation.display_name", 4.0);
        w("impersonation.brand_name", 3.0);
        w("impersonation.brand_in_subject", 1.5);
        w("impersonation.lookalike_domain", 4.5);
        w("impersonation.idn_homograph", 4.5);
        w("impersonation.freemail_organisation", 3.0);
        w("impersonation.address_in_name", 2.5);
        w("impersonation.confusable_name", 2.5);
        // authentication and headers
        w("auth.spf_fail", 1.5);
        w("auth.spf_softfail", 0.5);
        w("auth.dkim_fail", 0.5);
        w("auth.dmarc_fail", 2.0);
        w("auth.compauth_fail", 1.5);
        w("auth.unauthenticated", 1.0);
        w("auth.no_dmarc", 0.5);
        w("auth.reply_to_mismatch", 0.75);
        w("auth.reply_to_freemail", 3.0);
        w("auth.return_path_mismatch", 0.1);
        w("header.no_sender_address", 1.0);
        w("header.multiple_from", 2.0);
        w("header.unquoted_comma", 1.5);
        w("header.invalid_sender_domain", 2.5);
        // sender domain
        w("sender.free_hosting", 2.5);
        w("sender.generated_domain", 2.0);
        w("sender.abused_tld", 1.5);
        w("sender.not_in_baseline", 1.0);
        w("sender.name_unrelated", 0.75);
        w("sender.random_local_part", 2.5);
        w("sender.tracking_without_unsubscribe", 1.0);
        // links
        w("link.text_mismatch", 2.5);
        w("link.ip_host", 2.5);
        w("link.punycode", 2.0);
        w("link.lookalike", 3.5);
        w("link.shortener", 1.0);
        w("link.credential_page", 1.0);
        w("link.free_hosting", 2.5);
        w("link.abused_tld", 1.5);
        w("link.unrelated", 1.75);
        w("link.new_domain", 1.0);
        w("link.form", 2.5);
        w("link.userinfo", 3.0);
        w("link.open_redirect", 2.0);
        w("link.brand_subdomain", 2.5);
        // attachments
        w("attachment.dangerous_type", 7.0);
        w("attachment.double_extension", 4.0);
        w("attachment.macro", 5.0);
        w("attachment.encrypted_archive", 3.0);
        w("attachment.archive_bomb", 3.0);
        w("attachment.html_smuggling", 6.0);
        w("attachment.html", 2.5);
        w("attachment.pdf_link", 1.5);
        w("attachment.disguised", 3.0);
        // content lures
        w("content.credential_lure", 2.0);
        w("content.urgency", 0.75);
        w("content.money_lure", 1.0);
        w("evasion.hidden_text", 2.0);
        w("evasion.invisible_characters", 1.0);
        w("evasion.image_only", 1.0);
        w("evasion.random_token", 1.5);
        w("evasion.obfuscated_subject", 1.5);
        w("sender.decorated_name", 1.5);
        w("content.address_in_subject", 1.0);
        w("impersonation.freemail_notice", 2.5);
        w("content.advance_fee", 1.5);
        w("content.spam_topic", 1.5);
        w("content.generic_greeting", 1.5);
        // context: spear-phishing for information (T1598.003)
        w("context.news_pretext_recon", 5.0);
    }

    private FindingCatalogue() {
    }

    private static void w(String id, double weight) {
        WEIGHTS.put(id, weight);
    }

    /** Every finding id, in catalogue order. */
    public static List<String> ids() {
        return new ArrayList<>(WEIGHTS.keySet());
    }

    /** The built-in weight of a finding id. */
    public static double weight(String id) {
        Double w = WEIGHTS.get(id);
        if (w == null) {
            throw new IllegalArgumentException("no finding " + id);
        }
        return w;
    }
}
