package org.gamekeeper.mail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MessageParserTest {

    static final String MULTIPART = """
            From: =?utf-8?q?J=C3=BCrgen?= <j@example.de>
            To: a@example.org, "Smith, Ann" <ann@example.org>
            Subject: =?iso-8859-1?q?Gr=FC=DFe?=
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="xx"

            --xx
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Gr=FC=DFe
            --xx
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf.lnk
            Content-Transfer-Encoding: base64

            TAAAAAEUAgAAAAAAwAAAAAAAAEY=
            --xx--
            """;

    static MailMessage parse(String s) {
        return new MessageParser(Limits.DEFAULT).parse(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), "t.eml", "");
    }

    @Test
    void decodesHeadersBodiesAndAttachmentNames() {
        MailMessage m = parse(MULTIPART);
        assertEquals("Grüße", HeaderText.decode(m.header("Subject")));
        assertEquals("Jürgen", HeaderText.mailboxes(m.header("From")).get(0).name());
        assertEquals(2, HeaderText.mailboxes(m.header("To")).size());
        assertEquals(1, m.bodies().size());
        assertEquals("Grüße", m.bodies().get(0).text().strip());
        assertEquals(1, m.attachments().size());
        assertEquals("Rechnung März.pdf.lnk", m.attachments().get(0).name());
        assertEquals(0x4C, m.attachments().get(0).content()[0]);
        assertTrue(m.problems().isEmpty(), m.problems().toString());
    }

    @Test
    void unterminatedMultipartIsReadAsFarAsItGoes() {
        String broken = MULTIPART.substring(0, MULTIPART.indexOf("--xx\nContent-Type: application"));
        MailMessage m = parse(broken);
        assertEquals(1, m.bodies().size());
        assertEquals("Grüße", m.bodies().get(0).text().strip());
    }

    @Test
    void deepNestingIsCutAtTheLimitAndReported() {
        StringBuilder sb = new StringBuilder("From: a@b.example\nSubject: deep\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n");
        int depth = 40;
        for (int i = 0; i < depth; i++) {
            sb.append("--b").append(i).append("\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1).append("\"\n\n");
        }
        sb.append("--b").append(depth).append("\nContent-Type: text/plain\n\nhidden\n");
        MailMessage m = parse(sb.toString());
        assertTrue(m.bodies().isEmpty());
        assertTrue(m.problems().stream().anyMatch(p -> p.what().contains("nesting deeper than 20")), m.problems().toString());
    }

    @Test
    void unknownCharsetIsReportedAndReadAsUtf8() {
        MailMessage m = parse("From: a@b.example\nContent-Type: text/plain; charset=x-klingon\n\nqapla'\n");
        assertEquals("qapla'", m.bodies().get(0).text().strip());
        assertTrue(m.problems().stream().anyMatch(p -> p.what().contains("x-klingon")));
    }

    @Test
    void headerlessInputIsAProblemNotAnException() {
        MailMessage m = parse("\n\njust text\n");
        assertTrue(m.headers().isEmpty());
        assertFalse(m.problems().isEmpty());
    }

    @Property(tries = 200)
    void neverThrowsOnMutatedMessages(@ForAll @IntRange(min = 0, max = 600) int cut, @ForAll byte noise,
                                      @ForAll @IntRange(min = 0, max = 600) int at) {
        byte[] b = MULTIPART.getBytes(StandardCharsets.ISO_8859_1);
        byte[] m = java.util.Arrays.copyOf(b, Math.min(b.length, cut + 1));
        if (at < m.length) {
            m[at] = noise;
        }
        MailMessage parsed = new MessageParser(Limits.DEFAULT).parse(new ByteArrayInputStream(m), "fuzz.eml", "");
        assertNotNull(parsed);
        new org.gamekeeper.mail.analysis.MailAnalyser(org.gamekeeper.mail.config.ConfigLoader.defaults()).analyse(parsed);
    }
}
