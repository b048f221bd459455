package org.gamekeeper.engine.baseline;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.Locale;

/**
 * A command line with its variable parts abstracted, so that "the same command" is counted as
 * one behaviour: {@code wmic /node:10.1.2.3 process call create "c:\temp\a.exe"} and the same
 * with another address and path have one shape, {@code wmic.exe /node:<ip> process call create <path>.exe}.
 * The program is reduced to its file name; GUIDs, URLs, addresses, host names, paths, long
 * base64 or hex runs and numbers become placeholders; case and repeated white space go.
 */
public final class CommandShape {
    /** Longer command lines are shaped from their start only (encoded payloads run to megabytes). */
    public static final int MAX_INPUT = 2048;

    private static final Pattern GUID = Pattern.compile("\\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}?");
    private static final Pattern URL = Pattern.compile("[a-z][a-z0-9+.-]{1,15}://[^\\s\"']+");
    private static final Pattern QUOTED_PATH = Pattern.compile("\"(?:[a-z]:|\\\\\\\\|%[a-z0-9_()]+%)\\\\[^\"]*?(\\.[a-z0-9]{1,5})?\"");
    private static final Pattern UNC = Pattern.compile("\\\\\\\\[^\\\\\\s\"',;]+(\\\\[^\\s\"',;]*?)?(\\.[a-z0-9]{1,5})?(?:[\\s\"',;]|$)");
    private static final Pattern PATH = Pattern.compile("(?:[a-z]:|%[a-z0-9_()]+%)\\\\[^\\s\"',;]*?(\\.[a-z0-9]{1,5})?(?:[\\s\"',;]|$)");
    private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b");
    private static final Pattern NODE = Pattern.compile("(/node:|-computername\\s+|/s\\s+|/computer:)(\"[^\"]*\"|[^\\s\"]+)");
    private static final Pattern FQDN = Pattern.compile("\\b[a-z0-9-]+(?:\\.[a-z0-9-]+){2,}\\b");
    private static final Pattern BASE64 = Pattern.compile("[a-z0-9+/]{24,}={0,2}");
    private static final Pattern HEX = Pattern.compile("\\b(?:0x)?[0-9a-f]{8,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b(?:0x[0-9a-f]+|\\d+)\\b");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private CommandShape() {
    }

    /** The shape of {@code commandLine} run as {@code image} (a file name, or null to take the command line's first word). */
    public static String of(String commandLine, String image) {
        if (commandLine == null) {
            return null;
        }
        String s = commandLine.length() > MAX_INPUT ? commandLine.substring(0, MAX_INPUT) : commandLine;
        s = s.toLowerCase(Locale.ROOT).strip();
        String rest = afterProgram(s);
        String program = image != null ? image : Observer.imageName(s.substring(0, s.length() - rest.length()).replace("\"", "").strip());
        s = rest;
        s = GUID.matcher(s).replaceAll("<guid>");
        s = URL.matcher(s).replaceAll("<url>");
        s = QUOTED_PATH.matcher(s).replaceAll("<path>$1");
        s = replacePaths(UNC, s, "<unc>");
        s = replacePaths(PATH, s, "<path>");
        s = NODE.matcher(s).replaceAll("$1<host>");
        s = IP.matcher(s).replaceAll("<ip>");
        s = FQDN.matcher(s).replaceAll("<host>");
        s = BASE64.matcher(s).replaceAll("<b64>");
        s = HEX.matcher(s).replaceAll("<hex>");
        s = NUMBER.matcher(s).replaceAll("<n>");
        s = SPACE.matcher(s).replaceAll(" ").strip();
        return s.isEmpty() ? program : program + " " + s;
    }

    /** Keeps the extension and the delimiter that ended the path. */
    private static String replacePaths(Pattern p, String s, String placeholder) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start()).append(placeholder);
            String ext = m.group(1 + (p == UNC ? 1 : 0));
            if (ext != null) {
                out.append(ext);
            }
            char end = s.charAt(m.end() - 1);
            if (m.end() > m.start() && (end == ' ' || end == '"' || end == '\'' || end == ',' || end == ';' || Character.isWhitespace(end))) {
                out.append(end);
            }
            last = m.end();
        }
        return out.append(s, last, s.length()).toString();
    }

    /** The command line after its program (quoted or not). */
    private static String afterProgram(String s) {
        if (s.startsWith("\"")) {
            int close = s.indexOf('"', 1);
            return close < 0 ? "" : s.substring(close + 1);
        }
        int space = s.indexOf(' ');
        if (space < 0) {
            return "";
        }
        // An unquoted path with spaces (C:\Program Files\x\y.exe -a) ends at the ".exe" that ends a word.
        String first = s.substring(0, space);
        int exe = s.indexOf(".exe");
        if (!first.endsWith(".exe") && first.indexOf('\\') >= 0 && exe > space
                && (exe + 4 == s.length() || s.charAt(exe + 4) == ' ')) {
            return s.substring(exe + 4);
        }
        return s.substring(space);
    }
}
