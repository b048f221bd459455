package org.gamekeeper.mail.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.mail.message.HeaderText;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.message.MailMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSourceTest {

    final List<MailMessage> messages = new ArrayList<>();
    final List<Problem> problems = new ArrayList<>();

    MailSource source(Limits limits) {
        return new MailSource(limits, messages::add, problems::add);
    }

    @Test
    void splitsAnMboxAtFromLinesAfterBlankLinesOnly() throws IOException {
        String mbox = "From a@b Mon Jan  1 00:00:00 2024\nFrom: one@a.example\nSubject: 1\n\nbody\nFrom here on, text\n\n"
                + "From c@d Mon Jan  1 00:00:01 2024\nFrom: two@a.example\nSubject: 2\n\nbody two\n\n"
                + "From e@f Mon Jan  1 00:00:02 2024\nFrom: three@a.example\nSubject: 3\n\nthree\n";
        source(Limits.DEFAULT).read(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.US_ASCII)), "box.mbox", true);
        assertEquals(3, messages.size());
        assertEquals("1", messages.get(0).header("Subject"));
        assertTrue(messages.get(0).bodies().get(0).text().contains("From here on"), "a From line inside a paragraph is body");
        assertEquals("offset " + mbox.indexOf("From c@d"), messages.get(1).place());
        assertTrue(problems.isEmpty());
    }

    @Test
    void cutsAnOversizedMessageAndSaysWhere() throws IOException {
        Limits small = new Limits(200, 1000, 1000, 20, 100, 100);
        String big = "From: a@b.example\nSubject: big\n\n" + "x".repeat(1000) + "\n";
        source(small).read(new ByteArrayInputStream(big.getBytes(StandardCharsets.US_ASCII)), "big.eml", true);
        assertEquals(1, messages.size());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).what().contains("larger than 200"));
    }

    @Test
    void readsMaildirRecursivelySkippingTmpAndNonMail(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(md.resolve(sub));
        }
        Files.writeString(md.resolve("cur/1.host:2,S"), "From: a@b.example\nSubject: cur\n\nx\n");
        Files.writeString(md.resolve("new/2.host"), "From: a@b.example\nSubject: new\n\nx\n");
        Files.writeString(md.resolve("tmp/3.host"), "From: a@b.example\nSubject: tmp\n\nx\n");
        Files.writeString(md.resolve("dovecot-uidlist"), "3 V1 N4\n");
        MailSource s = source(Limits.DEFAULT);
        s.read(dir);
        assertEquals(List.of("cur", "new"), messages.stream().map(m -> m.header("Subject")).toList());
        assertEquals(1, s.skipped());
        assertTrue(problems.isEmpty());
    }

    @Test
    void readsEachMemberOfAZipAndNamesIt() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(b)) {
            z.putNextEntry(new java.util.zip.ZipEntry("one.eml"));
            z.write("From: a@b.example\nSubject: one\n\nx\n".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            z.write("not mail at all".getBytes(StandardCharsets.US_ASCII));
            z.putNextEntry(new java.util.zip.ZipEntry("box.mbox"));
            z.write("From x Thu\nFrom: c@d.example\nSubject: two\n\ny\n\nFrom y Thu\nFrom: e@f.example\nSubject: three\n\nz\n"
                    .getBytes(StandardCharsets.US_ASCII));
        }
        MailSource s = source(Limits.DEFAULT);
        s.read(new ByteArrayInputStream(b.toByteArray()), "mail.zip", true);
        assertEquals(List.of("one", "two", "three"), messages.stream().map(m -> m.header("Subject")).toList());
        assertEquals("mail.zip!one.eml", messages.get(0).file());
        assertEquals(1, s.skipped());
    }

    @Test
    void recognisesKindsByContent() {
        assertEquals(MailSource.Kind.MSG, MailSource.recognise(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1}));
        assertEquals(MailSource.Kind.MBOX, MailSource.recognise("From x@y Thu".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(MailSource.Kind.EML, MailSource.recognise("Return-Path: <a@b>".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(MailSource.Kind.NOT_MAIL, MailSource.recognise("{\"Event\":1}".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aDamagedMsgIsAProblemAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        byte[] ole = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, ole, 0, magic.length);
        Files.write(dir.resolve("a.msg"), ole);
        Files.writeString(dir.resolve("b.eml"), "From: a@b.example\nSubject: fine\n\nx\n");
        source(Limits.DEFAULT).read(dir);
        assertEquals(2, messages.size());
        assertTrue(messages.get(0).problems().stream().anyMatch(p -> p.what().contains(".msg")), messages.get(0).problems().toString());
        assertEquals("fine", messages.get(1).header("Subject"));
    }

    @Test
    void unquotedCommaInADisplayNameStaysOneMailbox() {
        List<HeaderText.Mailbox> m = HeaderText.mailboxes("Microsoft account team ,_<ezuz3@example.com>");
        assertEquals(1, m.size());
        assertEquals("example.com", m.get(0).domain());
    }
}
