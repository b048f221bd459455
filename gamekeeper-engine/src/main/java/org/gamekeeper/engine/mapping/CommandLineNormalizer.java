package org.gamekeeper.engine.mapping;

import java.util.Locale;
import java.util.Map;

/**
 * De-obfuscates a Windows command line into one canonical text that detections can match
 * without knowing the tricks (the field {@code CommandLineNormalized}, INTERFACES.md):
 * <ul>
 * <li>Unicode dashes, slashes, quotes and spaces read as their ASCII forms; invisible characters dropped;</li>
 * <li>what a program itself tolerates in its arguments ({@link ArgumentForms}): best-fit letters
 *     ({@code ᵉxpᵒʳt}, {@code ｎode}, {@code ᴄall}) as ASCII, characters its option parser ignores
 *     ({@code -url\u0378cache}) dropped, paths with {@code /}, repeated separators, {@code .} and
 *     {@code ..} written one way, URLs with either slash and numeric hosts written one way;</li>
 * <li>cmd.exe carets ({@code c^e^r^t^u^t^i^l}) and PowerShell backticks ({@code I`E`X}) dropped;</li>
 * <li>substrings and substitutions of well-known environment variables ({@code %COMSPEC:~0,1%},
 *     {@code %PUBLIC:~-6,1%}, {@code %OS:_NT=%}) replaced by the text they give on a default
 *     Windows installation;</li>
 * <li>every quote dropped (inserted quotes, {@code 'Down'+'load'} concatenation);</li>
 * <li>lower case; white space runs (and cmd's {@code ,}/{@code ;} separators) as one space;</li>
 * <li>{@code /switch} written {@code -switch};</li>
 * <li>short and long forms of common tools' options written one way: PowerShell's parameters
 *     by any prefix it accepts ({@code -e}, {@code -en}, {@code -enc}, {@code -ec} are
 *     {@code -encodedcommand}; {@code -w h} is {@code -windowstyle hidden}; {@code -ep b} is
 *     {@code -executionpolicy bypass}), {@code net ... /do} as {@code -domain} and {@code /ad} as {@code -add},
 *     {@code cmd /r} as {@code -c}, ntdsutil's abbreviated menu words ({@code ac i ntds},
 *     {@code cr fu}), registry roots ({@code HKEY_LOCAL_MACHINE} as {@code hklm});</li>
 * <li>PowerShell's encoded command (base64 of UTF-16LE) decoded and normalised as script text
 *     ({@link ScriptBlockNormalizer}) in place of the base64.</li>
 * </ul>
 * The result is for matching only, never for display. Linear in the input: hand-written scans,
 * no regular expressions; input longer than {@link #MAX_INPUT} characters (Windows' own limit)
 * is normalised up to that length; encoded commands nest at most {@link #MAX_DEPTH} deep.
 */
public final class CommandLineNormalizer {

    /** PowerShell's ProcessWindowStyle values by number, as -WindowStyle also takes them. */
    private static final String[] WINDOW_STYLES = {"normal", "hidden", "minimized", "maximized"};

    /** Windows limits a command line to 32,767 characters; anything longer is cut there. */
    public static final int MAX_INPUT = 32_768;

    /** An encoded command inside an encoded command is decoded this many levels deep at most. */
    static final int MAX_DEPTH = 3;

    private CommandLineNormalizer() {
    }

    /** The normalised form of a command line; null for null. */
    public static String normalize(String commandLine) {
        return normalize(commandLine, 0);
    }

    static String normalize(String commandLine, int depth) {
        if (commandLine == null) {
            return null;
        }
        int n = Math.min(commandLine.length(), MAX_INPUT);
        char[] b = new char[n];
        commandLine.getChars(0, n, b, 0);
        n = ObfuscationText.foldLookAlikes(b, n);
        for (int i = 0; i < n; i++) {
            if (b[i] >= 0x80) {
                // best-fit letters and ignored characters (the one other step that may lengthen the text: NFKD)
                String folded = ArgumentForms.foldBestFit(new String(b, 0, n));
                b = folded.toCharArray();
                n = b.length;
                break;
            }
        }
        n = ObfuscationText.dropCarets(b, n);
        int percent = ObfuscationText.indexOf(b, n, '%', 0);
        if (percent >= 0 && ObfuscationText.indexOf(b, n, ':', percent) >= 0) {
            // the one step that may lengthen the text (%PATHEXT:~0% is fifty characters)
            String expanded = expandVariables(new String(b, 0, n));
            b = expanded.toCharArray();
            n = b.length;
        }
        if (ObfuscationText.mayHaveStringExpressions(b, n)) {
            // PowerShell's string expressions on literals, in a -Command (each pass at most doubles the text, three passes at most)
            b = ObfuscationText.expandStringExpressions(new String(b, 0, n)).toCharArray();
            n = b.length;
        }
        n = ObfuscationText.dropQuotes(b, n);
        if (mayHaveSetVariables(b, n)) {
            String expanded = expandSetVariables(new String(b, 0, n));
            b = expanded.toCharArray();
            n = b.length;
        }
        n = ObfuscationText.dropBackticks(b, n);
        n = ObfuscationText.foldSpace(b, n, false, true);
        return canonicalTokens(new String(b, 0, n), depth);
    }

    // ---- environment variables ----

    /** Default values on a 64-bit Windows 10/11 installation, keyed by lower-case name. */
    private static final Map<String, String> WELL_KNOWN = Map.ofEntries(
            Map.entry("comspec", "C:\\WINDOWS\\system32\\cmd.exe"),
            Map.entry("systemroot", "C:\\WINDOWS"),
            Map.entry("windir", "C:\\WINDOWS"),
            Map.entry("systemdrive", "C:"),
            Map.entry("programfiles", "C:\\Program Files"),
            Map.entry("programfiles(x86)", "C:\\Program Files (x86)"),
            Map.entry("programw6432", "C:\\Program Files"),
            Map.entry("commonprogramfiles", "C:\\Program Files\\Common Files"),
            Map.entry("commonprogramfiles(x86)", "C:\\Program Files (x86)\\Common Files"),
            Map.entry("programdata", "C:\\ProgramData"),
            Map.entry("allusersprofile", "C:\\ProgramData"),
            Map.entry("public", "C:\\Users\\Public"),
            Map.entry("os", "Windows_NT"),
            Map.entry("pathext", ".COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC"),
            Map.entry("processor_architecture", "AMD64"),
            Map.entry("driverdata", "C:\\Windows\\System32\\Drivers\\DriverData"));

    /**
     * {@code %NAME:~start[,length]%} and {@code %NAME:old=new%} of a well-known variable, as
     * cmd.exe computes them; anything else is left as it is.
     */
    static String expandVariables(String s) {
        int first = s.indexOf('%');
        if (first < 0 || s.indexOf(':', first) < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c != '%') {
                b.append(c);
                i++;
                continue;
            }
            int end = expandReference(s, i, '%', WELL_KNOWN, false, b);
            if (end < 0) {
                b.append(c);
                i++;
            } else {
                i = end;
            }
        }
        return b.toString();
    }

    // ---- variables the command line sets itself ----

    /** Variables one command line may set for itself that are expanded; more are left as written. */
    static final int MAX_SET_VARIABLES = 64;

    /** The longest value of such a variable that is expanded. */
    static final int MAX_SET_VALUE = 4_096;

    /** Whether the text holds {@code set } and a {@code %} or {@code !}: the cheap test before {@link #expandSetVariables}. */
    private static boolean mayHaveSetVariables(char[] b, int n) {
        boolean reference = false;
        boolean set = false;
        for (int i = 0; i < n && !(reference && set); i++) {
            char c = b[i];
            if (c == '%' || c == '!') {
                reference = true;
            } else if ((c == 's' || c == 'S') && ObfuscationText.startsWith(b, n, i, "set ")) {
                set = true;
            }
        }
        return reference && set;
    }

    /**
     * cmd.exe variables the command line sets and then uses, expanded where they are used: the
     * concatenation and substitution disguises of Invoke-DOSfuscation ({@code set a=cert&&set
     * b=util&&call %a%%b%}, {@code set x=c@ert@util&&call %x:@=%}, {@code !x:~3,4!} under
     * {@code /V:ON}). A {@code set NAME=VALUE} (its value up to the next {@code &}, {@code |} or
     * {@code )}, references to earlier ones expanded) counts from where it stands; {@code %NAME%},
     * {@code !NAME!} and their substring and substitution forms after it are replaced by the value.
     * {@code set /a} and {@code set /p} are left alone, as are loops: a {@code for} that builds a
     * value one character at a time is not run (the substring it reads flags it instead). The
     * text grows to twice {@link #MAX_INPUT} at most.
     */
    static String expandSetVariables(String s) {
        Map<String, String> vars = new java.util.HashMap<>();
        int n = s.length();
        StringBuilder b = new StringBuilder(n + 64);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if ((c == '%' || c == '!') && !vars.isEmpty() && b.length() < 2 * MAX_INPUT) {
                int end = expandReference(s, i, c, vars, true, b);
                if (end >= 0) {
                    i = end;
                    continue;
                }
            }
            if ((c == 's' || c == 'S') && s.regionMatches(true, i, "set ", 0, 4)
                    && (i == 0 || " &|(@\t".indexOf(s.charAt(i - 1)) >= 0)) {
                int end = assignment(s, i + 4, vars);
                if (end > 0) {
                    b.append(s, i, end);
                    i = end;
                    continue;
                }
            }
            b.append(c);
            i++;
        }
        return b.length() > 2 * MAX_INPUT ? b.substring(0, 2 * MAX_INPUT) : b.toString();
    }

    /** Reads {@code NAME=VALUE} from {@code at} into {@code vars}; the index after the value, or -1 if it is not one. */
    private static int assignment(String s, int at, Map<String, String> vars) {
        int n = s.length();
        int i = at;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        if (i >= n || s.charAt(i) == '/') {
            return -1;
        }
        int eq = -1;
        for (int j = i; j < n && j <= i + 32; j++) {
            char c = s.charAt(j);
            if (c == '=') {
                eq = j;
                break;
            }
            if (c == ' ' || c == '%' || c == '!' || c == '&' || c == '|' || c == ')') {
                return -1;
            }
        }
        if (eq <= i) {
            return -1;
        }
        int end = eq + 1;
        while (end < n && s.charAt(end) != '&' && s.charAt(end) != '|' && s.charAt(end) != ')') {
            end++;
        }
        // trailing spaces are part of the value, as cmd keeps them (set a=who && ... sets "who ")
        String raw = s.substring(eq + 1, end);
        String name = s.substring(i, eq).toLowerCase(Locale.ROOT);
        if (raw.length() <= MAX_SET_VALUE && (vars.containsKey(name) || vars.size() < MAX_SET_VARIABLES)) {
            StringBuilder v = new StringBuilder();
            for (int k = 0; k < raw.length(); ) {
                char c = raw.charAt(k);
                int next = (c == '%' || c == '!') && !vars.isEmpty() ? expandReference(raw, k, c, vars, true, v) : -1;
                if (next < 0) {
                    v.append(c);
                    k++;
                } else {
                    k = next;
                }
            }
            vars.put(name, v.length() > MAX_SET_VALUE ? v.substring(0, MAX_SET_VALUE) : v.toString());
        }
        return end;
    }

    /**
     * Expands the reference at {@code s[at] == delim} ({@code %} or {@code !}) to a variable of
     * {@code vars} into {@code b}: {@code NAME:~start[,length]} and {@code NAME:old=new}, and
     * plain {@code NAME} when {@code plain}; the index after it, or -1 if it is none.
     */
    private static int expandReference(String s, int at, char delim, Map<String, String> vars, boolean plain, StringBuilder b) {
        int n = s.length();
        int colon = -1;
        int closePlain = -1;
        // Variable names are short; a longer run is not a reference.
        for (int j = at + 1; j < n && j <= at + 33; j++) {
            char c = s.charAt(j);
            if (c == ':') {
                colon = j;
                break;
            }
            if (c == delim) {
                closePlain = j;
                break;
            }
            if (c == '%' || c == '!' || ObfuscationText.isSpace(c)) {
                return -1;
            }
        }
        if (closePlain > at + 1 && plain) {
            String value = vars.get(s.substring(at + 1, closePlain).toLowerCase(Locale.ROOT));
            if (value == null) {
                return -1;
            }
            b.append(value);
            return closePlain + 1;
        }
        if (colon < 0) {
            return -1;
        }
        String value = vars.get(s.substring(at + 1, colon).toLowerCase(Locale.ROOT));
        if (value == null) {
            return -1;
        }
        // the closing delimiter within 256 characters: a bounded look, so that many references are linear
        int close = -1;
        for (int j = colon + 1, limit = Math.min(n, colon + 257); j < limit; j++) {
            if (s.charAt(j) == delim) {
                close = j;
                break;
            }
        }
        if (close < 0) {
            return -1;
        }
        String spec = s.substring(colon + 1, close);
        if (spec.startsWith("~")) {
            String range = spec.substring(1);
            int comma = range.indexOf(',');
            Integer start = smallInt(comma < 0 ? range : range.substring(0, comma));
            Integer length = comma < 0 ? null : smallInt(range.substring(comma + 1));
            if (start == null || (comma >= 0 && length == null)) {
                return -1;
            }
            int len = value.length();
            int from = start < 0 ? Math.max(0, len + start) : Math.min(start, len);
            int to;
            if (length == null) {
                to = len;
            } else if (length < 0) {
                to = Math.max(0, len + length);
            } else {
                to = (int) Math.min((long) from + length, len);
            }
            if (to > from) {
                b.append(value, from, to);
            }
            return close + 1;
        }
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            return -1;
        }
        String old = spec.substring(0, eq);
        String repl = spec.substring(eq + 1);
        if (old.startsWith("*")) {
            int k = indexOfIgnoreCase(value, old.substring(1));
            b.append(k < 0 ? value : repl + value.substring(k + old.length() - 1));
        } else {
            b.append(ObfuscationText.replaceIgnoreCase(value, old, repl));
        }
        return close + 1;
    }

    private static Integer smallInt(String t) {
        t = t.strip();
        int i = 0;
        boolean neg = false;
        if (t.startsWith("-")) {
            neg = true;
            i = 1;
        }
        if (i == t.length() || t.length() - i > 6) {
            return null;
        }
        int v = 0;
        for (; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    private static int indexOfIgnoreCase(String hay, String needle) {
        return hay.toLowerCase(Locale.ROOT).indexOf(needle.toLowerCase(Locale.ROOT));
    }


    // ---- tokens ----

    private enum Tool { NONE, POWERSHELL, CMD, NET, NTDSUTIL }

    /** One PowerShell host parameter: its name, the shortest prefix it answers to, whether it takes a value. */
    private record PsParameter(String name, String shortest, boolean value, String... aliases) { }

    private static final PsParameter[] PS_PARAMETERS = {
        new PsParameter("command", "c", false),
        new PsParameter("configurationname", "config", true),
        new PsParameter("custompipename", "cus", true),
        new PsParameter("encodedcommand", "e", true, "ec"),
        new PsParameter("encodedarguments", "encodeda", true, "ea"),
        new PsParameter("executionpolicy", "ex", true, "ep"),
        new PsParameter("file", "f", true),
        new PsParameter("help", "h", false, "?"),
        new PsParameter("inputformat", "i", true, "if"),
        new PsParameter("mta", "m", false),
        new PsParameter("noexit", "noe", false),
        new PsParameter("nologo", "nol", false),
        new PsParameter("noninteractive", "noni", false),
        new PsParameter("noprofile", "nop", false),
        new PsParameter("outputformat", "o", true, "of"),
        new PsParameter("psconsolefile", "ps", true),
        new PsParameter("settingsfile", "settings", true),
        new PsParameter("sta", "s", false),
        new PsParameter("version", "v", true),
        new PsParameter("windowstyle", "w", true),
        new PsParameter("workingdirectory", "wo", true, "wd"),
    };

    /** The parameter PowerShell would take {@code key} for: among those it is a prefix of, the most specific. */
    private static PsParameter psParameter(String key) {
        PsParameter best = null;
        for (PsParameter p : PS_PARAMETERS) {
            for (String a : p.aliases()) {
                if (a.equals(key)) {
                    return p;
                }
            }
            if (key.length() >= p.shortest().length() && p.name().startsWith(key)
                    && (best == null || p.shortest().length() > best.shortest().length())) {
                best = p;
            }
        }
        return best;
    }

    static String canonicalTokens(String s, int depth) {
        if (s.isEmpty()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        Tool tool = Tool.NONE;
        boolean psSwitches = false;
        PsParameter pendingValue = null;
        String ntdsPrevious = "";
        // the words between single spaces, empty ones too (as split(" ", -1) gives them, without its list)
        for (int from = 0, space; from <= s.length(); from = space + 1) {
            space = s.indexOf(' ', from);
            if (space < 0) {
                space = s.length();
            }
            String raw = s.substring(from, space);
            String t = raw.toLowerCase(Locale.ROOT);
            if (t.length() > 1 && t.charAt(0) == '/' && switchStart(t.charAt(1))) {
                t = "-" + t.substring(1);
            }
            t = ArgumentForms.canonicalWord(t);
            if (t.indexOf("hkey_") >= 0) {
                t = t.replace("hkey_local_machine", "hklm").replace("hkey_current_user", "hkcu")
                        .replace("hkey_classes_root", "hkcr").replace("hkey_users", "hku")
                        .replace("hkey_current_config", "hkcc");
            }
            String emitted = t;
            Tool named = toolOf(t);
            if (pendingValue != null) {
                PsParameter p = pendingValue;
                pendingValue = null;
                if (p.name().equals("encodedcommand")) {
                    String script = depth < MAX_DEPTH ? EncodedCommand.decode(raw) : null;
                    emitted = script == null ? t : ScriptBlockNormalizer.normalize(script, depth + 1);
                } else if (p.name().equals("windowstyle")) {
                    emitted = expandValue(t, "hidden", "minimized", "maximized", "normal");
                    // The enum's numbers, with any leading zeros PowerShell's conversion accepts (-w 01).
                    int z = 0;
                    while (z < t.length() - 1 && t.charAt(z) == '0') {
                        z++;
                    }
                    if (t.length() - z == 1 && t.charAt(z) >= '0' && t.charAt(z) <= '3') {
                        emitted = WINDOW_STYLES[t.charAt(z) - '0'];
                    }
                } else if (p.name().equals("executionpolicy")) {
                    emitted = expandValue(t, "bypass", "unrestricted", "remotesigned", "allsigned", "restricted", "undefined");
                }
            } else if (named != null) {
                tool = named;
                psSwitches = named == Tool.POWERSHELL;
                ntdsPrevious = "";
            } else if (tool == Tool.POWERSHELL && psSwitches) {
                if (t.length() > 1 && t.charAt(0) == '-') {
                    String key = t.substring(1);
                    int colon = key.indexOf(':');
                    String rest = "";
                    if (colon > 0) {
                        rest = key.substring(colon);
                        key = key.substring(0, colon);
                    }
                    PsParameter p = psParameter(key);
                    if (p != null) {
                        emitted = "-" + p.name() + rest;
                        if (p.name().equals("command") || p.name().equals("file")) {
                            psSwitches = false;
                        }
                        if (p.value() && colon < 0) {
                            pendingValue = p;
                        }
                    }
                } else {
                    psSwitches = false;
                }
            } else if (tool == Tool.CMD) {
                if (t.equals("-r")) {
                    emitted = "-c";
                }
                if (emitted.equals("-c") || emitted.equals("-k")) {
                    tool = Tool.NONE;
                }
            } else if (tool == Tool.NET) {
                if (t.length() >= 3 && t.charAt(0) == '-' && "-domain".startsWith(t)) {
                    emitted = "-domain";
                } else if (t.equals("-ad")) {
                    // net takes /ad for /add (net user admin P@ss /ad, as a China Chopper operator typed it)
                    emitted = "-add";
                }
            } else if (tool == Tool.NTDSUTIL) {
                emitted = ntdsutilWord(t, ntdsPrevious);
                ntdsPrevious = emitted;
            }
            if (t.indexOf('&') >= 0 || t.indexOf('|') >= 0) {
                Tool after = toolOf(t);
                tool = after == null ? Tool.NONE : after;
                psSwitches = tool == Tool.POWERSHELL;
                pendingValue = null;
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(emitted);
        }
        return out.toString();
    }

    private static boolean switchStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '?';
    }

    private static String expandValue(String t, String... names) {
        if (t.isEmpty()) {
            return t;
        }
        for (String n : names) {
            if (n.startsWith(t)) {
                return n;
            }
        }
        return t;
    }

    /** The tool a token names (its file name, after any path or command separator), or null. */
    private static Tool toolOf(String t) {
        int cut = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '\\' || c == '/' || c == '&' || c == '|' || c == '(') {
                cut = i + 1;
            }
        }
        int end = t.length();
        if (end - cut >= 4 && t.startsWith(".exe", end - 4)) {
            end -= 4;
        }
        // compared in place: this runs on every word of every command line and script block
        return switch (end - cut) {
            case 3 -> named(t, cut, "cmd") ? Tool.CMD : named(t, cut, "net") ? Tool.NET : null;
            case 4 -> named(t, cut, "pwsh") ? Tool.POWERSHELL : named(t, cut, "net1") ? Tool.NET : null;
            case 8 -> named(t, cut, "ntdsutil") ? Tool.NTDSUTIL : null;
            case 10 -> named(t, cut, "powershell") ? Tool.POWERSHELL : null;
            case 14 -> named(t, cut, "powershell_ise") ? Tool.POWERSHELL : null;
            default -> null;
        };
    }

    private static boolean named(String t, int at, String name) {
        return t.startsWith(name, at);
    }

    /** ntdsutil's menu words by the abbreviations it accepts ("ac i ntds", "cr fu"). */
    private static String ntdsutilWord(String t, String previous) {
        if (t.length() >= 2 && "activate".startsWith(t)) {
            return "activate";
        }
        if (previous.equals("activate") && !t.isEmpty() && "instance".startsWith(t)) {
            return "instance";
        }
        if (t.equals("i")) {
            return "ifm";
        }
        if (t.length() >= 2 && "create".startsWith(t)) {
            return "create";
        }
        if ((previous.equals("create") || previous.equals("sysvol")) && t.length() >= 2 && "full".startsWith(t)) {
            return "full";
        }
        if (previous.equals("create") && t.length() >= 2 && "sysvol".startsWith(t)) {
            return "sysvol";
        }
        if (t.equals("q")) {
            return "quit";
        }
        return t;
    }
}
