package org.gamekeeper.mail.analysis;

import com.google.re2j.Pattern;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.gamekeeper.mail.message.Attachment;

/**
 * Attachments judged by content, not only by name: executables, shortcuts, disk images,
 * HTML applications, scripts, help files, OneNote; double extensions; macro-enabled Office
 * files (a VBA project in OOXML or OLE); password-protected archives; HTML smuggling. Zip
 * archives are opened with bounded expansion: a bomb is reported, never expanded.
 */
final class AttachmentDetector implements Detector {

    /** Expansion budget for one attachment, all archive levels together. */
    static final long MAX_EXPANDED = 64L << 20;
    static final int MAX_ENTRIES = 2_000;
    static final int MAX_ARCHIVE_DEPTH = 3;
    static final int KEEP_PER_ENTRY = 4 << 20;

    private static final Set<String> DANGEROUS_EXT = Set.of("exe", "scr", "com", "pif", "cpl", "dll", "msi", "msix",
            "appx", "bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "iso", "img",
            "vhd", "vhdx", "chm", "one", "onepkg", "jar", "reg", "msc", "application", "appref-ms", "library-ms",
            "settingcontent-ms", "xll", "iqy", "slk", "url", "scf", "inf", "gadget", "msp", "apk", "elf", "sh", "ps2",
            "svg");
    private static final Set<String> DOCUMENT_EXT = Set.of("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt",
            "jpg", "jpeg", "png", "gif", "rtf", "odt", "csv", "mp3", "mp4", "zip", "htm", "html");
    private static final Set<String> MACRO_EXT = Set.of("docm", "xlsm", "pptm", "dotm", "xltm", "xlam", "ppam", "potm", "ppsm", "sldm");
    private static final Pattern SMUGGLING_BLOB = Pattern.compile(
            "(?i)new\\s+Blob\\s*\\(|msSaveOrOpenBlob|msSaveBlob|createObjectURL|data:application/(?:octet-stream|x-zip|zip|x-msdownload|vnd)");
    private static final Pattern SMUGGLING_DECODE = Pattern.compile(
            "(?i)atob\\s*\\(|Uint8Array|fromCharCode|\\.download\\s*=|download=|base64");
    private static final Pattern SCRIPT_CONTENT = Pattern.compile(
            "(?i)WScript\\.Shell|ActiveXObject|CreateObject\\s*\\(|Shell\\.Application|powershell(?:\\.exe)?\\s+-|<hta:application|<job\\s|<script\\s+language\\s*=\\s*[\"']?(?:vbscript|jscript)");

    @Override
    public void inspect(MessageView v, Findings out) {
        for (Attachment a : v.message.attachments()) {
            inspect(a.name(), a.mimeType(), a.content(), a.size(), out, 0, new long[] {0});
        }
        for (Link l : v.pdfLinks) {
            if (!l.registrable().equals(v.fromDomain)) {
                out.add("attachment.pdf_link", "a PDF attachment links to " + l.host()
                        + ": the click happens outside the mail filter's sight", l.url());
                break;
            }
        }
        // HTML smuggling can also sit in the message body itself
        for (String script : v.scripts) {
            if (SMUGGLING_BLOB.matcher(script).find() && SMUGGLING_DECODE.matcher(script).find()) {
                out.add("attachment.html_smuggling", "a script in the message assembles a file in the browser (HTML smuggling), "
                        + "delivering a payload past attachment filters", snippet(script));
            }
        }
    }

    private void inspect(String name, String mime, byte[] content, long size, Findings out, int depth, long[] budget) {
        String lowerName = name.toLowerCase(Locale.ROOT).strip();
        String ext = extension(lowerName);
        String where = depth == 0 ? name : name + " (inside an archive)";
        if (lowerName.indexOf('\u202E') >= 0) {
            out.add("attachment.double_extension", "the file name hides its real extension with a right-to-left override character", where);
        }
        String inner = extension(lowerName.substring(0, Math.max(0, lowerName.length() - ext.length() - 1)).strip());
        if (!ext.isEmpty() && DANGEROUS_EXT.contains(ext) && DOCUMENT_EXT.contains(inner) && !ext.equals("svg")) {
            out.add("attachment.double_extension", "a double extension makes a ." + ext + " look like a ." + inner, where);
        }
        String kind = sniff(content, lowerName);
        if (kind != null) {
            out.add("attachment.dangerous_type", "an attachment is " + kind + ", a type that runs code when opened", where);
            if (!ext.isEmpty() && DOCUMENT_EXT.contains(ext)) {
                out.add("attachment.disguised", "the file is " + kind + " but is named ." + ext, where);
            }
        } else if (DANGEROUS_EXT.contains(ext) && !ext.equals("svg")) {
            out.add("attachment.dangerous_type", "an attachment has the ." + ext + " extension, a type that runs code when opened", where);
        }
        if (MACRO_EXT.contains(ext) || macro(content)) {
            out.add("attachment.macro", "a macro-enabled Office document (it holds a VBA project)", where);
        }
        boolean html = mime.equals("text/html") || ext.equals("htm") || ext.equals("html") || ext.equals("shtml")
                || ext.equals("xhtml") || ext.equals("svg") || ext.equals("mht");
        if (html && depth >= 0) {
            String text = new String(content, 0, Math.min(content.length, 2 << 20), StandardCharsets.ISO_8859_1);
            out.add("attachment.html", "an HTML or SVG attachment opens a local page in the browser, beyond the reach of URL filters", where);
            if (SMUGGLING_BLOB.matcher(text).find() && SMUGGLING_DECODE.matcher(text).find()) {
                out.add("attachment.html_smuggling", "the HTML attachment's script assembles a file in the browser (HTML smuggling)", where);
            }
        }
        if (zip(content) && !ooxml(content)) {
            archive(name, content, size, out, depth, budget);
        }
    }

    private void archive(String name, byte[] content, long size, Findings out, int depth, long[] budget) {
        if (depth >= MAX_ARCHIVE_DEPTH) {
            return;
        }
        int entries = 0;
        try (ZipArchiveInputStream zin = new ZipArchiveInputStream(new ByteArrayInputStream(content), "UTF-8", true, true)) {
            ZipArchiveEntry e;
            while ((e = zin.getNextEntry()) != null) {
                entries++;
                if (entries > MAX_ENTRIES) {
                    out.add("attachment.archive_bomb", "the archive holds more than " + MAX_ENTRIES
                            + " entries; it was not expanded further", name);
                    return;
                }
                if (e.getSize() > (1L << 32)) {
                    out.add("attachment.archive_bomb", "an archive entry declares " + e.getSize()
                            + " bytes expanded; it was not expanded (archive bomb)", name + "!" + e.getName());
                    return;
                }
                if (e.getGeneralPurposeBit().usesEncryption()) {
                    out.add("attachment.encrypted_archive", "a password-protected archive: its content cannot be scanned, "
                            + "the password usually sits in the message", name + "!" + e.getName());
                    inspect(e.getName(), "", new byte[0], 0, out, depth + 1, budget);
                    continue;
                }
                if (e.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream keep = new ByteArrayOutputStream();
                long n = read(zin, keep, budget);
                if (n < 0) {
                    out.add("attachment.archive_bomb", "the archive expands beyond " + (MAX_EXPANDED >> 20)
                            + " MiB from " + size + " bytes; expansion stopped (archive bomb)", name + "!" + e.getName());
                    return;
                }
                inspect(e.getName(), "", keep.toByteArray(), n, out, depth + 1, budget);
            }
        } catch (IOException | RuntimeException ex) {
            // truncated or damaged archives are inspected as far as they go
        }
    }

    /** Reads an entry into {@code keep} (at most KEEP_PER_ENTRY); -1 when the budget is exhausted. */
    private static long read(InputStream in, ByteArrayOutputStream keep, long[] budget) throws IOException {
        byte[] buf = new byte[16384];
        long total = 0;
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            total += n;
            budget[0] += n;
            if (budget[0] > MAX_EXPANDED) {
                return -1;
            }
            int room = KEEP_PER_ENTRY - keep.size();
            if (room > 0) {
                keep.write(buf, 0, Math.min(room, n));
            }
        }
        return total;
    }

    /** What dangerous kind of file the bytes are, or null. */
    static String sniff(byte[] b, String lowerName) {
        if (b.length >= 64 && b[0] == 'M' && b[1] == 'Z') {
            int pe = (b[60] & 0xff) | (b[61] & 0xff) << 8 | (b[62] & 0xff) << 16 | (b[63] & 0xff) << 24;
            if (pe > 0 && pe + 4 <= b.length && b[pe] == 'P' && b[pe + 1] == 'E') {
                return "a Windows executable (PE)";
            }
            return "a DOS/Windows executable (MZ)";
        }
        if (starts(b, 0, new byte[] {0x7f, 'E', 'L', 'F'})) {
            return "an ELF executable";
        }
        if (starts(b, 0, new byte[] {0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0x00})) {
            return "a Windows shortcut (LNK)";
        }
        if (ascii(b, 0x8001, "CD001") || ascii(b, 0x8801, "CD001") || ascii(b, 0x9001, "CD001")
                || ascii(b, 0x8001, "BEA01")) {
            return "an optical disc image (ISO/UDF)";
        }
        if (ascii(b, 0, "conectix")) {
            return "a virtual hard disk (VHD)";
        }
        if (ascii(b, 0, "vhdxfile")) {
            return "a virtual hard disk (VHDX)";
        }
        if (ascii(b, 0, "ITSF")) {
            return "a compiled HTML help file (CHM)";
        }
        if (starts(b, 0, new byte[] {(byte) 0xE4, 0x52, 0x5C, 0x7B, (byte) 0x8C, (byte) 0xD8, (byte) 0xA7, 0x4D})) {
            return "a OneNote document";
        }
        if (b.length >= 512 && (b[510] & 0xff) == 0x55 && (b[511] & 0xff) == 0xAA
                && (ascii(b, 54, "FAT") || ascii(b, 82, "FAT32") || ascii(b, 3, "NTFS")) && lowerName.endsWith(".img")) {
            return "a disk image (IMG)";
        }
        if (textual(b)) {
            String head = new String(b, 0, Math.min(b.length, 65536), StandardCharsets.ISO_8859_1);
            String lower = head.toLowerCase(Locale.ROOT);
            boolean candidate = lower.contains("wscript") || lower.contains("activexobject") || lower.contains("createobject")
                    || lower.contains("shell.application") || lower.contains("powershell") || lower.contains("<hta:")
                    || lower.contains("<job") || lower.contains("<script");
            if (candidate && SCRIPT_CONTENT.matcher(head).find()) {
                return head.toLowerCase(Locale.ROOT).contains("<hta:application")
                        ? "an HTML application (HTA)" : "a Windows script (JScript/VBScript/WSF)";
            }
        }
        return null;
    }

    /** A VBA project: vbaProject.bin in OOXML, or the _VBA_PROJECT stream name in an OLE file. */
    static boolean macro(byte[] b) {
        if (zip(b)) {
            return indexOf(b, "vbaProject.bin".getBytes(StandardCharsets.US_ASCII)) >= 0;
        }
        if (b.length >= 8 && (b[0] & 0xff) == 0xD0 && (b[1] & 0xff) == 0xCF && (b[2] & 0xff) == 0x11 && (b[3] & 0xff) == 0xE0) {
            byte[] name = "_VBA_PROJECT".getBytes(StandardCharsets.UTF_16LE);
            return indexOf(b, name) >= 0;
        }
        return false;
    }

    static boolean zip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }

    private static boolean ooxml(byte[] b) {
        return indexOf(b, "[Content_Types].xml".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    private static boolean textual(byte[] b) {
        int n = Math.min(b.length, 512);
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean starts(byte[] b, int at, byte[] magic) {
        if (b.length < at + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[at + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int at, String s) {
        return starts(b, at, s.getBytes(StandardCharsets.US_ASCII));
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).strip();
    }

    private static String snippet(String s) {
        String t = s.strip();
        return t.length() > 160 ? t.substring(0, 160) + "…" : t;
    }
}
