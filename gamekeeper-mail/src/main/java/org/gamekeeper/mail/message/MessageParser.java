package org.gamekeeper.mail.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.gamekeeper.engine.Problem;

/**
 * Parses one RFC 5322/MIME message with mime4j's pull parser. Lenient: broken structure,
 * unknown charsets and over-long parts become {@link Problem}s and the rest is still read.
 * Attached messages (message/rfc822) are followed, since forwarded phish hides in them.
 */
public final class MessageParser {

    private final Limits limits;
    private final MimeConfig config;

    public MessageParser(Limits limits) {
        this.limits = limits;
        this.config = MimeConfig.custom()
                .setStrictParsing(false)
                .setMaxLineLen(-1)
                .setMaxHeaderLen(-1)
                .setMaxHeaderCount(limits.maxHeaders())
                .setMaxContentLen(-1)
                .setMalformedHeaderStartsBody(false)
                .build();
    }

    /** Reads one message from {@code in}; never throws for bad content. */
    public MailMessage parse(InputStream in, String file, String place) {
        List<Header> top = new ArrayList<>();
        List<Body> bodies = new ArrayList<>();
        List<Attachment> attachments = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String where = place.isEmpty() ? "" : place + " ";
        MimeTokenStream stream = new MimeTokenStream(config, DecodeMonitor.SILENT, null);
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        stream.parse(in);
        int depth = 0;
        boolean inTopHeader = true;
        int parts = 0;
        List<Header> partHeaders = new ArrayList<>();
        boolean tooDeepReported = false;
        try {
            for (EntityState state = stream.next(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
                switch (state) {
                    case T_START_MULTIPART, T_START_MESSAGE -> {
                        depth++;
                    }
                    case T_END_MULTIPART, T_END_MESSAGE -> depth--;
                    case T_START_HEADER -> partHeaders.clear();
                    case T_FIELD -> {
                        Field f = stream.getField();
                        Header h = new Header(f.getName(), unfold(f.getBody()));
                        if (inTopHeader) {
                            top.add(h);
                        }
                        if (partHeaders.size() < limits.maxHeaders()) {
                            partHeaders.add(h);
                        }
                    }
                    case T_END_HEADER -> inTopHeader = false;
                    case T_BODY -> {
                        parts++;
                        if (parts > limits.maxParts()) {
                            problems.add(new Problem(file, -1, -1, where + "more than " + limits.maxParts()
                                    + " MIME parts; the rest was not inspected"));
                            stream.stop();
                            break;
                        }
                        if (depth > limits.maxDepth()) {
                            if (!tooDeepReported) {
                                problems.add(new Problem(file, -1, -1, where + "MIME nesting deeper than "
                                        + limits.maxDepth() + "; deeper parts were not inspected"));
                                tooDeepReported = true;
                            }
                            break;
                        }
                        readBody(stream, partHeaders, bodies, attachments, problems, file, where);
                    }
                    default -> { }
                }
            }
        } catch (MimeException | IOException | RuntimeException e) {
            problems.add(new Problem(file, -1, -1, where + "broken MIME structure: " + e.getMessage()
                    + "; analysed as far as it was read"));
        }
        if (top.isEmpty()) {
            problems.add(new Problem(file, -1, -1, where + "no header fields"));
        }
        return new MailMessage(file, place, top, bodies, attachments, problems);
    }

    private void readBody(MimeTokenStream stream, List<Header> partHeaders, List<Body> bodies,
                          List<Attachment> attachments, List<Problem> problems, String file, String where)
            throws IOException {
        BodyDescriptor bd = stream.getBodyDescriptor();
        String mime = bd.getMimeType() == null ? "text/plain" : bd.getMimeType().toLowerCase(Locale.ROOT);
        String name = fileName(partHeaders);
        String disposition = value(partHeaders, "Content-Disposition").toLowerCase(Locale.ROOT);
        boolean text = (mime.equals("text/plain") || mime.equals("text/html"))
                && !disposition.startsWith("attachment") && name.isEmpty();
        int cap = text ? limits.maxPartChars() * 4 : limits.maxAttachmentBytes();
        ByteArrayOutputStream buf = new ByteArrayOutputStream(8192);
        long size = 0;
        boolean truncated = false;
        try (InputStream in = stream.getDecodedInputStream()) {
            byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                size += n;
                int room = cap - buf.size();
                if (room > 0) {
                    buf.write(chunk, 0, Math.min(room, n));
                }
                if (n > room) {
                    truncated = true;
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(file, -1, -1, where + "bad " + mime + " part encoding: " + e.getMessage()));
        }
        byte[] bytes = buf.toByteArray();
        if (text) {
            String s = decode(bytes, bd.getCharset(), problems, file, where);
            if (s.length() > limits.maxPartChars()) {
                s = s.substring(0, limits.maxPartChars());
                truncated = true;
            }
            if (truncated) {
                problems.add(new Problem(file, -1, -1, where + mime + " part longer than the limit; only its beginning was inspected"));
            }
            bodies.add(new Body(mime.equals("text/html"), s, truncated));
        } else {
            attachments.add(new Attachment(name, mime, bytes, size, truncated));
        }
    }

    static String decode(byte[] bytes, String charset, List<Problem> problems, String file, String where) {
        Charset cs = StandardCharsets.UTF_8;
        if (charset != null && !charset.isBlank()) {
            String c = charset.trim().toLowerCase(Locale.ROOT);
            if (!c.equals("us-ascii") && !c.equals("ascii")) {
                try {
                    cs = Charset.forName(c);
                } catch (RuntimeException e) {
                    problems.add(new Problem(file, -1, -1, where + "unknown charset '" + charset + "', read as UTF-8"));
                }
            }
        }
        if (cs.equals(StandardCharsets.UTF_8)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                // 8-bit text labelled ASCII or UTF-8 is usually Latin-1 or windows-1252
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }
        return new String(bytes, cs);
    }

    static String unfold(String v) {
        if (v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v.strip();
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\r' && c != '\n') {
                sb.append(c);
            }
        }
        return sb.toString().strip();
    }

    private static String value(List<Header> hs, String name) {
        for (Header h : hs) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return "";
    }

    /** The file name of a part: filename= of Content-Disposition, else name= of Content-Type, decoded. */
    static String fileName(List<Header> hs) {
        String n = parameter(value(hs, "Content-Disposition"), "filename");
        if (n.isEmpty()) {
            n = parameter(value(hs, "Content-Type"), "name");
        }
        return HeaderText.decode(n);
    }

    /** A MIME parameter value (plain, quoted, or RFC 2231 {@code name*=} / continuations). */
    static String parameter(String header, String param) {
        if (header.isEmpty()) {
            return "";
        }
        String lower = header.toLowerCase(Locale.ROOT);
        StringBuilder continued = new StringBuilder();
        int i = 0;
        String plain = "";
        while (i < lower.length()) {
            int semi = lower.indexOf(';', i);
            if (semi < 0) {
                break;
            }
            int start = semi + 1;
            int eq = lower.indexOf('=', start);
            if (eq < 0) {
                break;
            }
            String key = lower.substring(start, eq).strip();
            int end;
            String val;
            int vs = eq + 1;
            while (vs < header.length() && header.charAt(vs) == ' ') {
                vs++;
            }
            if (vs < header.length() && header.charAt(vs) == '"') {
                int close = header.indexOf('"', vs + 1);
                end = close < 0 ? header.length() : close + 1;
                val = header.substring(vs + 1, close < 0 ? header.length() : close);
            } else {
                int next = header.indexOf(';', vs);
                end = next < 0 ? header.length() : next;
                val = header.substring(vs, end).strip();
            }
            if (key.equals(param)) {
                plain = val;
            } else if (key.startsWith(param + "*")) {
                continued.append(key.endsWith("*") ? rfc2231(val) : val);
            }
            i = end;
        }
        return plain.isEmpty() ? continued.toString() : plain;
    }

    private static String rfc2231(String v) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        String cs = q1 > 0 ? v.substring(0, q1) : "UTF-8";
        String enc = q2 < 0 ? v : v.substring(q2 + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < enc.length(); i++) {
            char c = enc.charAt(i);
            if (c == '%' && i + 2 < enc.length()) {
                int hi = Character.digit(enc.charAt(i + 1), 16);
                int lo = Character.digit(enc.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            out.write(c);
        }
        try {
            return out.toString(Charset.forName(cs));
        } catch (RuntimeException e) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
