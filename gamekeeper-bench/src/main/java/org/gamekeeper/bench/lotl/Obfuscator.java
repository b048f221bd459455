package org.gamekeeper.bench.lotl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Disguises a command line the way Invoke-DOSfuscation and Invoke-Obfuscation do, with a seeded
 * random source so a set is reproducible: caret and quote insertion, random case, extra white
 * space and cmd separators, switch dash forms (slash, hyphen, Unicode dashes), abbreviated
 * options (PowerShell parameters by prefix, {@code /dom}, ntdsutil's menu words), letters spelt as
 * substrings of well-known environment variables, and PowerShell commands re-encoded as
 * {@code -EncodedCommand}. Transformations that only cmd.exe undoes (carets, variable
 * substrings, separators) wrap the command in {@code cmd.exe /c}, as those tools do.
 */
public final class Obfuscator {

    /** The transformations, by the names the set records. */
    public enum Transform { CARET, QUOTE, CASE, SPACE, DASH, ABBREVIATE, ENVVAR, ENCODE }

    /** A disguised command and what was done to it. */
    public record Variant(String commandLine, List<Transform> transforms) { }

    private static final String[][] VARIABLES = {
        {"COMSPEC", "C:\\WINDOWS\\system32\\cmd.exe"},
        {"ProgramData", "C:\\ProgramData"},
        {"PUBLIC", "C:\\Users\\Public"},
        {"ProgramFiles", "C:\\Program Files"},
        {"CommonProgramFiles", "C:\\Program Files\\Common Files"},
        {"PATHEXT", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC"},
        {"OS", "Windows_NT"},
        {"SystemRoot", "C:\\WINDOWS"},
    };

    private static final char[] DASHES = {'\u2013', '\u2014', '\u2015', '\u2012'};

    private final Random random;

    public Obfuscator(long seed) {
        this.random = new Random(seed);
    }

    /** One disguise of {@code command} with two to four transformations chosen at random. */
    public Variant disguise(String command) {
        List<Transform> all = new ArrayList<>(List.of(Transform.values()));
        if (!isPowerShell(command)) {
            all.remove(Transform.ENCODE);
        }
        Collections.shuffle(all, random);
        int count = 2 + random.nextInt(3);
        List<Transform> chosen = new ArrayList<>(all.subList(0, Math.min(count, all.size())));
        // A fixed order, as a real obfuscator would apply them (encoding first, cmd.exe tricks last).
        chosen.sort(null);
        List<Transform> order = new ArrayList<>();
        for (Transform t : new Transform[] {Transform.ENCODE, Transform.ABBREVIATE, Transform.DASH, Transform.QUOTE,
            Transform.CASE, Transform.ENVVAR, Transform.CARET, Transform.SPACE}) {
            if (chosen.contains(t)) {
                order.add(t);
            }
        }
        String s = command;
        boolean needsCmd = false;
        for (Transform t : order) {
            switch (t) {
                case ENCODE -> s = encode(s);
                case ABBREVIATE -> s = abbreviate(s);
                case DASH -> s = dashes(s);
                case QUOTE -> s = quotes(s);
                case CASE -> s = randomCase(s);
                case ENVVAR -> {
                    s = variables(s);
                    needsCmd = true;
                }
                case CARET -> {
                    s = carets(s);
                    needsCmd = true;
                }
                case SPACE -> {
                    s = spaces(s, needsCmd);
                }
                default -> throw new IllegalStateException(t.toString());
            }
        }
        if (needsCmd && !firstWord(command).startsWith("cmd")) {
            s = "cmd.exe /c \"" + s + "\"";
        }
        return new Variant(s, order);
    }

    static boolean isPowerShell(String command) {
        String f = firstWord(command);
        return f.startsWith("powershell") || f.startsWith("pwsh");
    }

    static String firstWord(String command) {
        String c = command.strip().toLowerCase(Locale.ROOT);
        int sp = c.indexOf(' ');
        String w = sp < 0 ? c : c.substring(0, sp);
        return w.substring(w.lastIndexOf('\\') + 1);
    }

    /** Marks which characters may be changed: not inside base64 blobs or already-quoted text. */
    private static boolean[] free(String s, boolean quotedToo) {
        boolean[] free = new boolean[s.length()];
        boolean inQuote = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                inQuote = !inQuote;
                continue;
            }
            free[i] = quotedToo || !inQuote;
        }
        // Base64 (an encoded command's value) is case- and character-sensitive: a word of 16 or
        // more base64 characters is left alone.
        int start = 0;
        while (start < s.length()) {
            int end = s.indexOf(' ', start);
            if (end < 0) {
                end = s.length();
            }
            if (end - start >= 16 && base64(s, start, end)) {
                for (int i = start; i < end; i++) {
                    free[i] = false;
                }
            }
            start = end + 1;
        }
        return free;
    }

    private static boolean base64(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=')) {
                return false;
            }
        }
        return true;
    }

    private String encode(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        int c = lower.indexOf(" -c ");
        int len = 4;
        if (c < 0) {
            c = lower.indexOf(" -command ");
            len = 10;
        }
        if (c < 0) {
            return s;
        }
        String script = s.substring(c + len).strip();
        if (script.length() > 1 && script.startsWith("\"") && script.endsWith("\"")) {
            script = script.substring(1, script.length() - 1);
        }
        String b64 = Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
        String[] forms = {"-EncodedCommand", "-enc", "-e", "-ec", "-En", "-encod"};
        return s.substring(0, c) + " " + forms[random.nextInt(forms.length)] + " " + b64;
    }

    private String abbreviate(String s) {
        String[][] pairs = {
            {"-NoProfile", "-nop", "-NoP", "-noprof"},
            {"-WindowStyle Hidden", "-w hidden", "-w h", "-win hid", "-W 1"},
            {"-ExecutionPolicy Bypass", "-ep bypass", "-exec bypass", "-ex b", "-EP Bypass"},
            {"-EncodedCommand", "-enc", "-e", "-ec", "-encodedc"},
            {"-NonInteractive", "-noni", "-nonint"},
            {"-c ", "-Command ", "-com ", "-co "},
            {"/domain", "/dom", "/do", "/doma"},
            {"/dom", "/domain", "/do"},
            {"\"ac i ntds\"", "\"activate instance ntds\"", "\"ac in ntds\"", "\"act inst ntds\""},
            {"\"create full ", "\"cr fu ", "\"crea full ", "\"create fu "},
            {"ifm ", "i ", "ifm "},
        };
        String out = s;
        for (String[] p : pairs) {
            int k = indexOfIgnoreCase(out, p[0]);
            if (k >= 0 && random.nextBoolean()) {
                String r = p[1 + random.nextInt(p.length - 1)];
                out = out.substring(0, k) + r + out.substring(k + p[0].length());
            }
        }
        return out;
    }

    private static int indexOfIgnoreCase(String s, String t) {
        return s.toLowerCase(Locale.ROOT).indexOf(t.toLowerCase(Locale.ROOT));
    }

    private String dashes(String s) {
        boolean[] free = free(s, false);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean switchStart = free[i] && (i == 0 || s.charAt(i - 1) == ' ') && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1));
            if (switchStart && c == '-') {
                int r = random.nextInt(3);
                b.append(r == 0 ? '/' : r == 1 ? DASHES[random.nextInt(DASHES.length)] : '-');
            } else if (switchStart && c == '/') {
                int r = random.nextInt(3);
                b.append(r == 0 ? '-' : r == 1 ? DASHES[random.nextInt(DASHES.length)] : '/');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String quotes(String s) {
        boolean[] free = free(s, false);
        StringBuilder b = new StringBuilder(s.length() + 8);
        int inserted = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if (free[i] && Character.isLetter(c) && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1)) && random.nextInt(5) == 0
                    && inserted < 8) {
                b.append(random.nextBoolean() ? "\"\"" : "\"");
                inserted++;
                // An opened quote is closed after the next letter.
                if (b.charAt(b.length() - 2) != '"') {
                    b.append(s.charAt(++i)).append('"');
                }
            }
        }
        return b.toString();
    }

    private String randomCase(String s) {
        boolean[] free = free(s, true);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (free[i] && Character.isLetter(c)) {
                b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String variables(String s) {
        boolean[] free = free(s, false);
        StringBuilder b = new StringBuilder(s.length() * 2);
        int done = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (free[i] && Character.isLetter(c) && done < 6 && random.nextInt(4) == 0) {
                String ref = reference(c);
                if (ref != null) {
                    b.append(ref);
                    done++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code %NAME:~i,1%} (or the negative-index form) for a letter of a well-known variable, or null. */
    private String reference(char c) {
        char lc = Character.toLowerCase(c);
        int start = random.nextInt(VARIABLES.length);
        for (int k = 0; k < VARIABLES.length; k++) {
            String[] v = VARIABLES[(start + k) % VARIABLES.length];
            String value = v[1].toLowerCase(Locale.ROOT);
            int at = value.indexOf(lc);
            if (at >= 0) {
                String name = random.nextBoolean() ? v[0] : v[0].toUpperCase(Locale.ROOT);
                return random.nextBoolean() ? "%" + name + ":~" + at + ",1%" : "%" + name + ":~" + (at - value.length()) + ",1%";
            }
        }
        return null;
    }

    private String carets(String s) {
        boolean[] free = free(s, false);
        StringBuilder b = new StringBuilder(s.length() * 2);
        boolean inVariable = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                // cmd.exe expands %...% before it reads carets: none inside a reference.
                inVariable = !inVariable;
            }
            if (free[i] && !inVariable && Character.isLetterOrDigit(c) && random.nextInt(3) == 0) {
                b.append('^');
            }
            b.append(c);
        }
        return b.toString();
    }

    private String spaces(String s, boolean underCmd) {
        boolean[] free = free(s, false);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' && free[i] && random.nextInt(2) == 0) {
                int r = random.nextInt(4);
                b.append(r == 0 ? "   " : r == 1 ? " \t " : r == 2 && underCmd ? " ,; " : "  ");
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
