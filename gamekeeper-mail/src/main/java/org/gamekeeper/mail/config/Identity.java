package org.gamekeeper.mail.config;

import java.util.List;

/**
 * A protected person or organisation whose name must not be used from other domains.
 *
 * @param name           the name as people write it ("The Guardian", "Jane Doe")
 * @param aliases        other names it goes by
 * @param kind           for people: member, staff, journalist, partner; for organisations:
 *                       institution, partner, news, brand
 * @param person         true for a person
 * @param organisation   for a person, the organisation's name ("" if none)
 * @param addresses      mail addresses it really uses
 * @param accounts       Windows accounts of a person (the address ↔ account map)
 * @param domains        web domains (lower case)
 * @param sendingDomains domains its mail really comes from, besides {@code domains}
 */
public record Identity(String name, List<String> aliases, String kind, boolean person, String organisation,
                       List<String> addresses, List<String> accounts, List<String> domains,
                       List<String> sendingDomains) {

    public Identity {
        aliases = List.copyOf(aliases);
        addresses = List.copyOf(addresses);
        accounts = List.copyOf(accounts);
        domains = List.copyOf(domains);
        sendingDomains = List.copyOf(sendingDomains);
    }

    /** True for a news outlet or a journalist. */
    public boolean news() {
        return kind.equals("news") || kind.equals("journalist");
    }
}
