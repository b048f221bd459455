package org.gamekeeper.mail.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import org.apache.poi.hsmf.MAPIMessage;
import org.apache.poi.hsmf.datatypes.AttachmentChunks;
import org.apache.poi.hsmf.datatypes.StringChunk;
import org.apache.poi.hsmf.exceptions.ChunkNotFoundException;
import org.gamekeeper.engine.Problem;

/**
 * Reads an Outlook .msg (OLE2 compound file) with Apache POI. When the message kept its
 * transport headers they are used as they are; otherwise From, To, Subject and Date are
 * rebuilt from the MAPI properties.
 */
public final class MsgReader {

    private final Limits limits;
    private final MessageParser parser;

    public MsgReader(Limits limits) {
        this.limits = limits;
        this.parser = new MessageParser(limits);
    }

    public MailMessage read(InputStream in, String file) {
        List<Problem> problems = new ArrayList<>();
        MAPIMessage msg;
        try {
            msg = new MAPIMessage(in);
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(file, -1, -1, "not a readable Outlook .msg: " + e.getMessage()));
            return new MailMessage(file, "", List.of(), List.of(), List.of(), problems);
        }
        List<Header> headers = new ArrayList<>();
        String[] transport = optional(() -> msg.getHeaders());
        if (transport != null && transport.length > 0) {
            String block = String.join("\r\n", transport) + "\r\n\r\n";
            MailMessage h = parser.parse(new ByteArrayInputStream(block.getBytes(StandardCharsets.UTF_8)), file, "");
            headers.addAll(h.headers());
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("From"))) {
            String name = optional(msg::getDisplayFrom);
            String addr = string(msg.getMainChunks().getEmailFromChunk());
            headers.add(new Header("From", quote(name) + (addr.isEmpty() ? "" : " <" + addr + ">")));
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("To"))) {
            String[] to = optional(msg::getRecipientEmailAddressList);
            if (to != null) {
                headers.add(new Header("To", String.join(", ", to)));
            }
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Subject"))) {
            String s = optional(msg::getSubject);
            if (s != null) {
                headers.add(new Header("Subject", s));
            }
        }
        if (headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Date"))) {
            Calendar c = optional(msg::getMessageDate);
            if (c != null) {
                headers.add(new Header("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        c.toInstant().atOffset(ZoneOffset.UTC))));
            }
        }
        List<Body> bodies = new ArrayList<>();
        String text = optional(msg::getTextBody);
        if (text != null) {
            bodies.add(cut(false, text));
        }
        String html = optional(msg::getHtmlBody);
        if (html != null) {
            bodies.add(cut(true, html));
        }
        List<Attachment> attachments = new ArrayList<>();
        AttachmentChunks[] atts;
        try {
            atts = msg.getAttachmentFiles();
        } catch (RuntimeException e) {
            atts = new AttachmentChunks[0];
            problems.add(new Problem(file, -1, -1, "unreadable attachment table: " + e.getMessage()));
        }
        for (AttachmentChunks a : atts) {
            String name = string(a.getAttachLongFileName());
            if (name.isEmpty()) {
                name = string(a.getAttachFileName());
            }
            String mime = string(a.getAttachMimeTag()).toLowerCase(Locale.ROOT);
            byte[] data = a.getAttachData() == null ? new byte[0] : a.getAttachData().getValue();
            if (data == null) {
                data = new byte[0];
            }
            long size = data.length;
            boolean truncated = size > limits.maxAttachmentBytes();
            if (truncated) {
                data = Arrays.copyOf(data, limits.maxAttachmentBytes());
            }
            attachments.add(new Attachment(name, mime.isEmpty() ? "application/octet-stream" : mime, data, size, truncated));
        }
        return new MailMessage(file, "", headers, bodies, attachments, problems);
    }

    private Body cut(boolean html, String s) {
        boolean t = s.length() > limits.maxPartChars();
        return new Body(html, t ? s.substring(0, limits.maxPartChars()) : s, t);
    }

    private static String quote(String name) {
        if (name == null || name.isBlank()) {
            return "";
        }
        return "\"" + name.replace("\"", "'") + "\"";
    }

    private static String string(StringChunk c) {
        return c == null || c.getValue() == null ? "" : c.getValue();
    }

    private interface Getter<T> {
        T get() throws ChunkNotFoundException;
    }

    private static <T> T optional(Getter<T> g) {
        try {
            return g.get();
        } catch (ChunkNotFoundException | RuntimeException e) {
            return null;
        }
    }
}
