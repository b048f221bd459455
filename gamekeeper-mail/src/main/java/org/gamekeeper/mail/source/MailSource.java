package org.gamekeeper.mail.source;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.mail.message.Limits;
import org.gamekeeper.mail.message.MailMessage;
import org.gamekeeper.mail.message.MessageParser;
import org.gamekeeper.mail.message.MsgReader;

/**
 * Reads messages from files and folders. Each message is handed to the consumer as soon as it
 * is parsed; problems (unreadable files, damaged messages) go to the problem consumer and the
 * run goes on. Files in folders that are not mail are counted in {@link #skipped()}, not reported.
 */
public final class MailSource {

    /** What a file holds, recognised from its first bytes. */
    public enum Kind { EML, MBOX, MSG, NOT_MAIL }

    private static final int SNIFF = 4096;

    private final Limits limits;
    private final MessageParser parser;
    private final MsgReader msgReader;
    private final Consumer<MailMessage> messages;
    private final Consumer<Problem> problems;
    private long skipped;
    private long files;

    public MailSource(Limits limits, Consumer<MailMessage> messages, Consumer<Problem> problems) {
        this.limits = limits;
        this.parser = new MessageParser(limits);
        this.msgReader = new MsgReader(limits);
        this.messages = messages;
        this.problems = problems;
    }

    /** Files in folders that were not recognised as mail. */
    public long skipped() {
        return skipped;
    }

    /** Files that held mail. */
    public long files() {
        return files;
    }

    /** Reads a file or a folder (recursively, in name order for stable output). */
    public void read(Path path) {
        if (Files.isDirectory(path)) {
            List<Path> children = new ArrayList<>();
            try (Stream<Path> s = Files.list(path)) {
                s.sorted().forEach(children::add);
            } catch (IOException e) {
                problems.accept(new Problem(path.toString(), -1, -1, "cannot list folder: " + e.getMessage()));
                return;
            }
            boolean maildir = Files.isDirectory(path.resolve("cur")) && Files.isDirectory(path.resolve("new"));
            for (Path c : children) {
                // a Maildir's tmp/ holds deliveries in progress, not messages
                if (maildir && c.getFileName().toString().equals("tmp")) {
                    continue;
                }
                if (Files.isDirectory(c)) {
                    read(c);
                } else {
                    readFile(c, false);
                }
            }
        } else {
            readFile(path, true);
        }
    }

    private void readFile(Path file, boolean explicit) {
        String name = file.toString();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            read(raw, name, explicit);
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "cannot read: " + e.getMessage()));
        }
    }

    /** Reads one stream holding a message, a mailbox or a .msg; {@code name} labels it. */
    public void read(InputStream in, String name, boolean explicit) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 65536);
        buffered.mark(SNIFF);
        byte[] head = buffered.readNBytes(SNIFF);
        buffered.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            read(new BufferedInputStream(new GZIPInputStream(buffered), 65536), name, explicit);
            return;
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            readZip(buffered, name, explicit);
            return;
        }
        Kind kind = recognise(head);
        switch (kind) {
            case MSG -> {
                files++;
                messages.accept(msgReader.read(buffered, name));
            }
            case MBOX -> {
                files++;
                readMbox(buffered, name);
            }
            case EML -> {
                files++;
                byte[] bytes = buffered.readNBytes(limits.maxMessageBytes());
                boolean cut = buffered.read() >= 0;
                MailMessage m = parser.parse(new ByteArrayInputStream(bytes), name, "");
                if (cut) {
                    problems.accept(new Problem(name, limits.maxMessageBytes(), -1,
                            "message larger than " + limits.maxMessageBytes() + " bytes; the rest was not read"));
                }
                messages.accept(m);
            }
            default -> {
                if (explicit) {
                    problems.accept(new Problem(name, 0, -1, "not a mail file (no header fields, mbox line or .msg signature)"));
                } else {
                    skipped++;
                }
            }
        }
    }

    /** Each member of a zip file is read as a file of its own, named {@code archive!member}. */
    private void readZip(InputStream in, String name, boolean explicit) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        int members = 0;
        try {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (e.isDirectory()) {
                    continue;
                }
                if (++members > MAX_ZIP_MEMBERS) {
                    problems.accept(new Problem(name, -1, -1, "more than " + MAX_ZIP_MEMBERS + " members; the rest was not read"));
                    return;
                }
                read(new BufferedInputStream(new NonClosingInput(zip), 65536), name + "!" + e.getName(), false);
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.accept(new Problem(name, -1, -1, "damaged zip archive: " + e.getMessage() + "; members before it were read"));
        }
        if (members == 0 && explicit) {
            problems.accept(new Problem(name, 0, -1, "a zip archive without mail in it"));
        }
    }

    static final int MAX_ZIP_MEMBERS = 100_000;

    /** Lets a member be read to its end without closing the archive stream. */
    private static final class NonClosingInput extends java.io.FilterInputStream {
        NonClosingInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** Recognises a file from its first bytes (INTERFACES.md: by content, not only by name). */
    public static Kind recognise(byte[] head) {
        if (head.length >= 8 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF
                && (head[2] & 0xff) == 0x11 && (head[3] & 0xff) == 0xE0) {
            return Kind.MSG;
        }
        if (head.length >= 5 && head[0] == 'F' && head[1] == 'r' && head[2] == 'o' && head[3] == 'm' && head[4] == ' ') {
            return Kind.MBOX;
        }
        // a header field name as mail really has them (letters, digits, '-', '_'), then ':'
        int i = 0;
        while (i < head.length && (Character.isLetterOrDigit(head[i]) || head[i] == '-' || head[i] == '_')) {
            i++;
        }
        if (i > 0 && Character.isLetter(head[0]) && i < head.length && head[i] == ':') {
            return Kind.EML;
        }
        // a damaged first line ("&gt;Received: …") in front of a real header block
        String text = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int blank = text.indexOf("\n\n");
        String block = blank < 0 ? text : text.substring(0, blank);
        boolean binary = block.indexOf('\0') >= 0;
        return !binary && (block.contains("\nfrom:") || block.contains("\nsubject:")) ? Kind.EML : Kind.NOT_MAIL;
    }

    /**
     * Splits a mailbox at {@code From } lines that begin the file or follow an empty line,
     * holding one message at a time.
     */
    private void readMbox(InputStream in, String name) throws IOException {
        ByteArrayOutputStream cur = new ByteArrayOutputStream(16384);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long offset = 0;
        long start = -1;
        boolean previousBlank = true;
        boolean cut = false;
        int b;
        while (true) {
            line.reset();
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            if (line.size() == 0) {
                break;
            }
            byte[] l = line.toByteArray();
            boolean fromLine = previousBlank && l.length >= 5 && l[0] == 'F' && l[1] == 'r' && l[2] == 'o'
                    && l[3] == 'm' && l[4] == ' ';
            if (fromLine) {
                if (start >= 0) {
                    emit(cur, name, start, cut);
                }
                cur.reset();
                cut = false;
                start = offset;
            } else if (start >= 0) {
                if (cur.size() + l.length <= limits.maxMessageBytes()) {
                    cur.write(l, 0, l.length);
                } else {
                    cut = true;
                }
            }
            offset += l.length;
            previousBlank = l.length == 1 || (l.length == 2 && l[0] == '\r');
        }
        if (start >= 0) {
            emit(cur, name, start, cut);
        }
    }

    private void emit(ByteArrayOutputStream cur, String name, long start, boolean cut) {
        String place = start == 0 ? "" : "offset " + start;
        MailMessage m = parser.parse(new ByteArrayInputStream(cur.toByteArray()), name, place);
        if (cut) {
            problems.accept(new Problem(name, start, -1, "message larger than " + limits.maxMessageBytes()
                    + " bytes; the rest was not read"));
        }
        messages.accept(m);
    }
}
