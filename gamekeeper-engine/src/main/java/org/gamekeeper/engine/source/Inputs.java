package org.gamekeeper.engine.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.engine.source.InputFile.Packing;

/**
 * Turns what the user named (files, folders, {@code -} for a path list on stdin) into
 * {@link InputFile}s of a known {@link InputKind}, in a stable order: arguments as given,
 * folders recursed with entries sorted by name. The kind comes from the content, never the
 * file name, because exports are routinely misnamed ({@code .log} that is JSON, {@code .json.txt}).
 * Anything unreadable or unrecognised is a {@link Problem}; this class never stops the run.
 */
public final class Inputs {

    /** How much of a file's start is looked at to recognise it. */
    static final int HEAD = 4096;

    private static final byte[] EVTX_MAGIC = "ElfFile\0".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLE2_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0,
        (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    private final Consumer<InputFile> inputs;
    private final Consumer<Problem> problems;
    private final Set<Path> visitedFolders = new HashSet<>();

    private Inputs(Consumer<InputFile> inputs, Consumer<Problem> problems) {
        this.inputs = inputs;
        this.problems = problems;
    }

    /**
     * Expands {@code arguments} into inputs. {@code -} reads one path per line from {@code stdin}
     * (blank lines ignored).
     */
    public static void expand(List<String> arguments, InputStream stdin,
                              Consumer<InputFile> inputs, Consumer<Problem> problems) {
        Inputs expansion = new Inputs(inputs, problems);
        for (String argument : arguments) {
            if (argument.equals("-")) {
                expansion.pathList(stdin);
            } else {
                expansion.path(argument, Path.of(argument));
            }
        }
    }

    /** Convenience for tests and small callers: every input of {@code arguments}, no stdin. */
    public static List<InputFile> expand(List<String> arguments, Consumer<Problem> problems) {
        List<InputFile> found = new ArrayList<>();
        expand(arguments, InputStream.nullInputStream(), found::add, problems);
        return found;
    }

    private void pathList(InputStream stdin) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String p = line.strip();
                if (!p.isEmpty()) {
                    path(p, Path.of(p));
                }
            }
        } catch (IOException e) {
            problems.accept(new Problem("-", -1, -1, "cannot read the path list on stdin: " + e.getMessage()));
        }
    }

    private void path(String name, Path path) {
        // One stat per path: folders of tens of thousands of logs make every call count.
        java.nio.file.attribute.BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class);
        } catch (IOException | SecurityException e) {
            attributes = null;
        }
        if (attributes != null && attributes.isDirectory()) {
            folder(name, path);
        } else if (attributes != null && attributes.isRegularFile()) {
            file(name, path);
        } else if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            problems.accept(new Problem(name, -1, -1, "not a regular file or folder (broken link, device?)"));
        } else {
            problems.accept(new Problem(name, -1, -1, "no such file or folder"));
        }
    }

    private void folder(String name, Path folder) {
        try {
            if (!visitedFolders.add(folder.toRealPath())) {
                return; // a link back into a folder already read: reading it twice would double events
            }
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "cannot resolve folder: " + e.getMessage()));
            return;
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted().toList();
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "cannot list folder: " + e.getMessage()));
            return;
        }
        for (Path child : children) {
            path(child.toString(), child);
        }
    }

    private void file(String name, Path path) {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(head, 0, HEAD);
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "cannot read: " + e.getMessage()));
            return;
        }
        if (n >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            gzip(name, path);
        } else if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5)) {
            zip(name, path);
        } else if (isTar(head, n)) {
            tar(name, path, Packing.TAR);
        } else {
            InputKind kind = recognise(head, n, name);
            if (kind != null) {
                inputs.accept(InputFile.whole(name, path, kind, Packing.PLAIN));
            } else {
                problems.accept(unknown(name, head, n));
            }
        }
    }

    private void gzip(String name, Path path) {
        byte[] head = new byte[HEAD];
        int n;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path))) {
            n = readHead(in, head);
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "damaged gzip: " + e.getMessage()));
            return;
        }
        if (isTar(head, n)) {
            tar(name, path, Packing.GZIP_TAR);
            return;
        }
        InputKind kind = recognise(head, n, name);
        if (kind == null) {
            problems.accept(unknown(name, head, n));
        } else {
            inputs.accept(InputFile.whole(name, path, kind, Packing.GZIP));
        }
    }

    private void zip(String name, Path path) {
        List<String> members = new ArrayList<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (wanted(entry)) {
                    byte[] head = new byte[HEAD];
                    int n;
                    try (InputStream in = zip.getInputStream(entry)) {
                        n = readHead(in, head);
                    } catch (IOException ex) {
                        problems.accept(new Problem(memberName(name, entry.getName()), -1, -1,
                            "damaged zip member: " + ex.getMessage()));
                        continue;
                    }
                    member(name, path, entry.getName(), head, n);
                }
            }
            return;
        } catch (ZipException e) {
            problems.accept(new Problem(name, -1, -1, "damaged zip (" + e.getMessage()
                + "): reading the members that can still be reached"));
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "cannot read zip: " + e.getMessage()));
            return;
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(path))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (wanted(entry)) {
                    byte[] head = new byte[HEAD];
                    member(name, path, entry.getName(), head, readHead(in, head));
                }
            }
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "zip ends early: " + e.getMessage()));
        }
    }

    /** Folders, and the AppleDouble metadata macOS adds to zips it makes, carry no evidence. */
    private static boolean wanted(ZipEntry entry) {
        String n = entry.getName();
        return !entry.isDirectory() && !n.startsWith("__MACOSX/") && !n.contains("/._") && !n.startsWith("._");
    }

    private void member(String archive, Path path, String member, byte[] head, int n) {
        String name = memberName(archive, member);
        InputKind kind = recognise(head, n, member);
        if (kind == null) {
            problems.accept(unknown(name, head, n));
        } else {
            inputs.accept(new InputFile(name, path, kind, Packing.ZIP, member, 0, -1));
        }
    }

    private static String memberName(String archive, String member) {
        return archive + "!/" + member;
    }

    /** Lists a tar's regular members; a gzipped tar is uncompressed once here and again per member read. */
    private void tar(String name, Path path, Packing packing) {
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = packing == Packing.GZIP_TAR ? new GZIPInputStream(raw, 65536) : raw) {
            byte[] header = new byte[512];
            long pos = 0;
            String longName = null;
            while (true) {
                int n = in.readNBytes(header, 0, 512);
                if (n < 512 || isZeroBlock(header)) {
                    return;
                }
                pos += 512;
                long size = tarSize(header);
                char type = (char) header[156];
                long padded = (size + 511) & ~511L;
                if (type == 'L') {
                    byte[] nameBytes = in.readNBytes((int) Math.min(size, 65536));
                    in.skipNBytes(padded - nameBytes.length);
                    pos += padded;
                    longName = cString(nameBytes, 0, nameBytes.length);
                    continue;
                }
                String member = longName != null ? longName : tarName(header);
                longName = null;
                if ((type == '0' || type == 0) && size > 0) {
                    byte[] head = new byte[(int) Math.min(HEAD, size)];
                    int h = in.readNBytes(head, 0, head.length);
                    in.skipNBytes(padded - h);
                    String memberName = memberName(name, member);
                    InputKind kind = recognise(head, h, member);
                    if (kind == null) {
                        problems.accept(unknown(memberName, head, h));
                    } else {
                        inputs.accept(new InputFile(memberName, path, kind, packing, member, pos, size));
                    }
                } else {
                    in.skipNBytes(padded);
                }
                pos += padded;
            }
        } catch (IOException e) {
            problems.accept(new Problem(name, -1, -1, "damaged tar: " + e.getMessage()));
        }
    }

    private static boolean isTar(byte[] head, int n) {
        return n >= 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't'
            && head[260] == 'a' && head[261] == 'r';
    }

    private static boolean isZeroBlock(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long tarSize(byte[] h) {
        if ((h[124] & 0x80) != 0) { // base-256 for members of 8 GiB and more
            long v = 0;
            for (int i = 125; i < 136; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        for (int i = 124; i < 136; i++) {
            byte c = h[i];
            if (c >= '0' && c <= '7') {
                v = v * 8 + (c - '0');
            }
        }
        return v;
    }

    private static String tarName(byte[] h) {
        String name = cString(h, 0, 100);
        String prefix = cString(h, 345, 155);
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String cString(byte[] b, int off, int max) {
        int end = off;
        while (end < off + max && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static int readHead(InputStream in, byte[] head) throws IOException {
        return in.readNBytes(head, 0, head.length);
    }

    /**
     * The kind of content starting with {@code head}, or null when it is none Gamekeeper reads.
     * {@code name} only breaks the tie for OLE2 files, which are Outlook messages only when so named.
     */
    static InputKind recognise(byte[] head, int n, String name) {
        if (startsWith(head, n, EVTX_MAGIC)) {
            return InputKind.EVTX;
        }
        if (startsWith(head, n, OLE2_MAGIC)) {
            return name.toLowerCase(Locale.ROOT).endsWith(".msg") ? InputKind.MAIL : null;
        }
        int i = 0;
        if (n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            i = 3;
        }
        while (i < n && isBlank(head[i])) {
            i++;
        }
        if (i >= n) {
            return null;
        }
        if (head[i] == '{' || head[i] == '[') {
            return InputKind.JSON;
        }
        String text = new String(head, i, n - i, StandardCharsets.ISO_8859_1);
        if (text.startsWith("#Software:") || text.startsWith("#Version:") || text.startsWith("#Fields:")
            || text.startsWith("#Date:") || text.startsWith("DateTime,RequestId,")) {
            return InputKind.WEB_LOG;
        }
        if (isCombinedLogLine(text)) {
            return InputKind.WEB_LOG;
        }
        if (text.startsWith("From ") || isMailHeader(text)) {
            return InputKind.MAIL;
        }
        return null;
    }

    /** Apache/nginx combined or common: {@code host ident user [time] "request" status size}. */
    private static boolean isCombinedLogLine(String text) {
        int eol = text.indexOf('\n');
        String line = eol < 0 ? text : text.substring(0, eol);
        int a = line.indexOf(' ');
        int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
        int c = b < 0 ? -1 : line.indexOf(' ', b + 1);
        if (a <= 0 || b < 0 || c < 0 || c + 1 >= line.length() || line.charAt(c + 1) != '[') {
            return false;
        }
        int close = line.indexOf("] \"", c);
        return close > 0;
    }

    /** An RFC 5322 header block: field-name ":" lines, one of the fields every message has among them. */
    private static boolean isMailHeader(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon > 76) {
            return false;
        }
        for (int k = 0; k < colon; k++) {
            char ch = text.charAt(k);
            if (ch <= ' ' || ch > '~') {
                return false;
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("\nfrom:") || lower.startsWith("from:") || lower.contains("\nreceived:")
            || lower.startsWith("received:") || lower.contains("\nmessage-id:") || lower.startsWith("return-path:")
            || lower.startsWith("delivered-to:");
    }

    private static boolean startsWith(byte[] head, int n, byte[] magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (head[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static Problem unknown(String name, byte[] head, int n) {
        if (n == 0) {
            return new Problem(name, -1, -1, "empty file");
        }
        if (n >= 2 && ((head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B || head[0] == 'P' && head[1] == 'K')) {
            return new Problem(name, -1, -1, "an archive inside an archive is not unpacked; unpack the outer one first");
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(n, 8); i++) {
            hex.append(Character.forDigit((head[i] >> 4) & 0xF, 16)).append(Character.forDigit(head[i] & 0xF, 16));
        }
        return new Problem(name, -1, -1, NOT_EVIDENCE + " (starts with " + hex
            + "); skipped");
    }

    private static final String NOT_EVIDENCE = "not EVTX, JSON, a web log or mail";

    /** True for the problem that says a file is not evidence at all (a README beside the logs): worth a count, not a line each. */
    public static boolean notEvidence(Problem p) {
        return p.what().startsWith(NOT_EVIDENCE);
    }
}
