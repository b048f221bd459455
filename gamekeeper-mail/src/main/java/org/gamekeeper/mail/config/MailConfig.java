package org.gamekeeper.mail.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the analysis is told by the configuration.
 *
 * @param identities       protected people and organisations
 * @param trustedSenders   addresses whose mail is never flagged for impersonation or lures
 * @param trustedDomains   registrable domains treated like trusted senders
 * @param trackingServices hosts of mail-tracking services (pixels, read receipts)
 * @param redirectors      click-tracking and link-redirect hosts
 * @param shorteners       URL-shortener hosts
 * @param freeMail         free-mail provider domains
 * @param freeHosting      hosting where anyone can publish a page or send from a subdomain
 * @param abusedTlds       top-level domains with a high share of abuse registrations
 * @param weights          finding id → weight, overriding the built-in weights
 * @param suspicious       score at which a message is suspicious
 * @param malicious        score at which a message is malicious
 */
public record MailConfig(List<Identity> identities, Set<String> trustedSenders, Set<String> trustedDomains,
                         Set<String> trackingServices, Set<String> redirectors, Set<String> shorteners,
                         Set<String> freeMail, Set<String> freeHosting, Set<String> abusedTlds,
                         Map<String, Double> weights, double suspicious, double malicious) {

    public MailConfig {
        identities = List.copyOf(identities);
        trustedSenders = Set.copyOf(trustedSenders);
        trustedDomains = Set.copyOf(trustedDomains);
        trackingServices = Set.copyOf(trackingServices);
        redirectors = Set.copyOf(redirectors);
        shorteners = Set.copyOf(shorteners);
        freeMail = Set.copyOf(freeMail);
        freeHosting = Set.copyOf(freeHosting);
        abusedTlds = Set.copyOf(abusedTlds);
        weights = Map.copyOf(weights);
    }
}
