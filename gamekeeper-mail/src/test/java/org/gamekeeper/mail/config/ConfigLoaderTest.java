package org.gamekeeper.mail.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void defaultListsNewsOutletsWithTheirDomains() {
        MailConfig c = ConfigLoader.defaults();
        Identity guardian = c.identities().stream().filter(i -> i.name().equals("The Guardian")).findFirst().orElseThrow();
        assertEquals("news", guardian.kind());
        assertTrue(guardian.domains().contains("theguardian.com"));
        assertTrue(c.identities().stream().filter(Identity::news).count() >= 40);
    }

    @Test
    void unknownKeyIsAnErrorNamingItWithANearMiss() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadText("mail:\n  trusted_domain: [example.org]\n", "g.yml"));
        assertTrue(e.getMessage().contains("'mail.trusted_domain'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'mail.trusted_domains'"), e.getMessage());
    }

    @Test
    void unknownWeightIdIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.loadText("mail:\n  weights: {beacon.tiny_imag: 2}\n", "g.yml"));
        assertTrue(e.getMessage().contains("beacon.tiny_image"), e.getMessage());
    }

    @Test
    void userIdentitiesAndWeightsMergeOverTheDefault() {
        MailConfig c = ConfigLoader.loadText("""
                identities:
                  people:
                    - {name: Jan Novak, role: member, addresses: [jan.novak@parliament.example], accounts: ['PARL\\\\jnovak']}
                  organisations:
                    - {name: Example Parliament, kind: institution, domains: [parliament.example]}
                mail:
                  weights: {beacon.tiny_image: 0.5}
                  thresholds: {suspicious: 4}
                """, "g.yml");
        assertTrue(c.identities().stream().anyMatch(i -> i.name().equals("Jan Novak") && i.person()));
        assertTrue(c.identities().stream().anyMatch(i -> i.name().equals("The Guardian")));
        assertEquals(0.5, c.weights().get("beacon.tiny_image"));
        assertEquals(4.0, c.suspicious());
    }

    @Test
    void otherSectionsOfTheSharedFileAreAccepted() {
        ConfigLoader.loadText("placeholders: {}\ntuning: {}\nmappings: []\n", "g.yml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadText("mails: {}\n", "g.yml"));
        assertTrue(e.getMessage().contains("'mails'"), e.getMessage());
    }
}
