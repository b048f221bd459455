package org.gamekeeper.mail.analysis;

import java.util.HashSet;
import java.util.Set;
import org.gamekeeper.mail.message.MailMessage;

/**
 * What an institution's own mailbox has seen before: sender domains and linked domains. Given
 * one, a sender or link domain never seen is worth a finding ("newly seen domain"). Bounded:
 * only registrable domains are kept.
 */
public final class Baseline {

    private static final int MAX = 1_000_000;

    private final Set<String> senders = new HashSet<>();
    private final Set<String> links = new HashSet<>();
    private final Domains domains = new Domains();

    /** Learns the sender and link domains of a message known to be ordinary mail. */
    public void learn(MailMessage m) {
        MessageView v = new MessageView(m, domains);
        if (!v.fromDomain.isEmpty() && senders.size() < MAX) {
            senders.add(v.fromDomain);
        }
        for (Link l : v.links) {
            if (!l.registrable().isEmpty() && links.size() < MAX) {
                links.add(l.registrable());
            }
        }
    }

    boolean seenSender(String registrable) {
        return senders.contains(registrable);
    }

    boolean seenLink(String registrable) {
        return links.contains(registrable) || senders.contains(registrable);
    }

    /** Number of sender domains learnt. */
    public int senderDomains() {
        return senders.size();
    }
}
