package org.gamekeeper.mail.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.gamekeeper.mail.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class LookalikesTest {

    final Lookalikes l = new Lookalikes(ConfigLoader.defaults().identities(), new Domains());

    @Test
    void imitationsAreMatched() {
        assertNotNull(l.match("paypa1.com", true), "digit for letter (TR39 skeleton)");
        assertNotNull(l.match("xn--washingtnpost-p7k.com", true), "Cyrillic o (IDN homograph)");
        assertNotNull(l.match("theguardian-news.com", true), "words added");
        assertNotNull(l.match("nytimes.co", true), "typo suffix");
        assertNotNull(l.match("netfllix.com", true), "one character away");
    }

    @Test
    void ownAndUnrelatedDomainsAreNot() {
        assertNull(l.match("theguardian.com", true));
        assertNull(l.match("verizon.net", true), String.valueOf(l.match("verizon.net", true)));
        assertNull(l.match("yahoo.com.au", true), String.valueOf(l.match("yahoo.com.au", true)));
        assertNull(l.match("freshrpms.net", true));
        assertEquals(null, l.match("shagmail.com", true));
    }
}
