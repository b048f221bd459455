package org.gamekeeper.mail.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.gamekeeper.mail.analysis.MailAnalyser;
import org.gamekeeper.mail.analysis.MessageReport;
import org.gamekeeper.mail.config.ConfigLoader;
import org.junit.jupiter.api.Test;

/**
 * Outlook .msg files written here as MS-OXMSG compound files (POI reads them but cannot write
 * them): string properties as {@code __substg1.0_XXXX001F} streams in UTF-16LE, one attachment
 * storage with its file name and data.
 */
class MsgReaderTest {

    static byte[] msg(boolean withHeaders) throws IOException {
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            DirectoryEntry root = fs.getRoot();
            root.createDocument("__properties_version1.0", new ByteArrayInputStream(new byte[32]));
            string(root, "0037", "Quarterly statement");
            string(root, "0C1A", "IT Helpdesk Team");
            string(root, "0C1F", "it.helpdesk.2291@gmail.com");
            string(root, "1000", "Please verify your account and confirm your identity within 24 hours: https://192.0.2.44/owa/login");
            if (withHeaders) {
                string(root, "007D", "From: \"Bank\" <alerts@bank-secure.top>\r\nSubject: from headers\r\nDate: Tue, 12 Jan 2021 09:14:02 +0000\r\n");
            }
            DirectoryEntry att = root.createDirectory("__attach_version1.0_#00000000");
            att.createDocument("__properties_version1.0", new ByteArrayInputStream(new byte[8]));
            string(att, "3707", "invoice.pdf.lnk");
            att.createDocument("__substg1.0_37010102", new ByteArrayInputStream(new byte[] {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0}));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            fs.writeFilesystem(out);
            return out.toByteArray();
        }
    }

    static void string(DirectoryEntry dir, String tag, String value) throws IOException {
        dir.createDocument("__substg1.0_" + tag + "001F", new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_16LE)));
    }

    @Test
    void rebuildsHeadersBodyAndAttachmentsFromMapiProperties() throws IOException {
        MailMessage m = new MsgReader(Limits.DEFAULT).read(new ByteArrayInputStream(msg(false)), "a.msg");
        assertEquals("Quarterly statement", m.header("Subject"));
        assertTrue(m.header("From").contains("it.helpdesk.2291@gmail.com"), m.header("From"));
        assertEquals(1, m.bodies().size());
        assertEquals(1, m.attachments().size());
        assertEquals("invoice.pdf.lnk", m.attachments().get(0).name());
        MessageReport r = new MailAnalyser(ConfigLoader.defaults()).analyse(m);
        assertTrue(r.has("attachment.dangerous_type"), r.reasons().toString());
        assertTrue(r.has("impersonation.freemail_organisation"), r.reasons().toString());
        assertTrue(r.has("link.ip_host"), r.reasons().toString());
    }

    @Test
    void prefersTheTransportHeadersWhenKept() throws IOException {
        MailMessage m = new MsgReader(Limits.DEFAULT).read(new ByteArrayInputStream(msg(true)), "b.msg");
        assertEquals("from headers", m.header("Subject"));
        assertTrue(m.header("From").contains("bank-secure.top"));
    }
}
