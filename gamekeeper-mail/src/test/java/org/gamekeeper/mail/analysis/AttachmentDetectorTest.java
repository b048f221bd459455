package org.gamekeeper.mail.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gamekeeper.mail.message.Attachment;
import org.gamekeeper.mail.message.Header;
import org.gamekeeper.mail.message.MailMessage;
import org.junit.jupiter.api.Test;

class AttachmentDetectorTest {

    static final byte[] LNK = {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, (byte) 0xC0, 0, 0, 0};

    static Findings inspect(Attachment... atts) {
        MailMessage m = new MailMessage("t.eml", "", List.of(new Header("From", "a@example.org")), List.of(),
                List.of(atts), List.of());
        Findings f = new Findings(Map.of());
        new AttachmentDetector().inspect(new MessageView(m, new Domains()), f);
        return f;
    }

    static Attachment att(String name, byte[] content) {
        return new Attachment(name, "application/octet-stream", content, content.length, false);
    }

    static byte[] zip(boolean encryptedFlag, String name, byte[] content) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        byte[] out = b.toByteArray();
        if (encryptedFlag) {
            out[6] |= 1; // general purpose bit 0 of the local header: encrypted
        }
        return out;
    }

    @Test
    void shortcutNamedAsPdfIsDangerousAndDisguised() {
        Findings f = inspect(att("invoice.pdf", LNK));
        assertTrue(f.has("attachment.dangerous_type"));
        assertTrue(f.has("attachment.disguised"));
        assertTrue(f.get("attachment.dangerous_type").text().contains("LNK"));
    }

    @Test
    void doubleExtensionIsReported() {
        assertTrue(inspect(att("Scan_2024.pdf.exe", new byte[] {1, 2})).has("attachment.double_extension"));
        assertFalse(inspect(att("report.final.pdf", "%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).has("attachment.double_extension"));
    }

    @Test
    void isoImageIsRecognisedByItsVolumeDescriptor() {
        byte[] iso = new byte[0x8010];
        System.arraycopy("CD001".getBytes(StandardCharsets.US_ASCII), 0, iso, 0x8001, 5);
        assertTrue(inspect(att("photos.zip", iso)).has("attachment.dangerous_type"));
    }

    @Test
    void vbaProjectInOoxmlIsAMacro() throws IOException {
        byte[] docm = zip(false, "word/vbaProject.bin", new byte[] {1, 2, 3});
        assertTrue(inspect(att("contract.docx", docm)).has("attachment.macro"));
    }

    @Test
    void encryptedArchiveIsReportedAndItsEntryNamesStillChecked() throws IOException {
        Findings f = inspect(att("docs.zip", zip(true, "statement.js", "WScript.Echo(1)".getBytes(StandardCharsets.US_ASCII))));
        assertTrue(f.has("attachment.encrypted_archive"));
        assertTrue(f.has("attachment.dangerous_type"), "statement.js inside is judged by name");
    }

    @Test
    void scriptInsideAnArchiveIsFoundByContent() throws IOException {
        byte[] js = "var s = new ActiveXObject('WScript.Shell'); s.Run('cmd');".getBytes(StandardCharsets.US_ASCII);
        assertTrue(inspect(att("docs.zip", zip(false, "readme.txt", js))).has("attachment.dangerous_type"));
    }

    @Test
    void zipBombIsDetectedWithoutExpandingItAll() throws IOException {
        byte[] zeros = new byte[1 << 20];
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            z.putNextEntry(new ZipEntry("a.bin"));
            for (int i = 0; i < 100; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertTrue(b.size() < 200_000);
        Findings f = inspect(att("bomb.zip", b.toByteArray()));
        assertTrue(f.has("attachment.archive_bomb"));
    }

    @Test
    void htmlSmugglingIsRecognised() {
        String html = "<html><script>var b=atob('TVqQ');var blob=new Blob([b],{type:'application/octet-stream'});"
                + "var a=document.createElement('a');a.href=URL.createObjectURL(blob);a.download='x.iso';a.click();</script></html>";
        Attachment a = new Attachment("Remittance.html", "text/html", html.getBytes(StandardCharsets.UTF_8), html.length(), false);
        Findings f = inspect(a);
        assertTrue(f.has("attachment.html_smuggling"));
        assertTrue(f.has("attachment.html"));
    }

    @Test
    void plainPdfIsNothing() {
        Findings f = inspect(att("report.pdf", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, f.all().size(), f.all().toString());
    }
}
