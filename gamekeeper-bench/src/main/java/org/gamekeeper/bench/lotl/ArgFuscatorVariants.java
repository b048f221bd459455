package org.gamekeeper.bench.lotl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Disguised command lines in the manner of Wietze Beukema's ArgFuscator (argfuscator.net): each
 * model names one Windows program, an example command as typed tokens ({@code command},
 * {@code argument}, {@code value}, {@code path}, {@code url}, {@code disabled}) and the
 * modifiers that program was found to tolerate, each with its probability and settings (which
 * Unicode characters it ignores inside an option, which option characters it accepts, which
 * abbreviations, whether paths may wander through {@code ..}). This class reads such models from
 * a folder and applies the modifiers as ArgFuscator's documentation and source describe them
 * (our own implementation, written from that description; seeded, so a set is reproducible).
 *
 * <p>The models are third-party data and are not in this repository: the folder is given on the
 * command line of {@link ArgFuscatorScore}, as {@code models/NAME.json} (the profile's tokens and
 * modifiers, with each CharacterInsertion list named) and {@code charsets/LIST.json} (that list
 * in full) or {@code charsets/LIST.txt} (hexadecimal code point ranges).
 */
final class ArgFuscatorVariants {

    /** One typed token of a model's command. */
    record Token(String type, String text) { }

    /** One modifier of a profile: its name and settings as the model gives them. */
    record Modifier(String name, Map<String, Object> settings) {
        double probability() {
            Object p = settings.get("Probability");
            return p == null ? 0.5 : Double.parseDouble(p.toString());
        }

        boolean appliesTo(String type) {
            Object a = settings.get("AppliesTo");
            return a instanceof List<?> l && l.contains(type);
        }

        boolean flag(String key) {
            Object v = settings.get(key);
            return v instanceof Boolean b ? b : v != null && Boolean.parseBoolean(v.toString());
        }
    }

    /** One known argument of a program (its spellings) and how many values follow it. */
    record Argument(List<String> spellings, int valueCount) { }

    /** One Windows profile of a model. */
    record Profile(String model, int index, List<Token> command, List<Modifier> modifiers, List<Argument> arguments,
            Map<String, List<String>> charsets) {
        String key() {
            return model + "[" + index + "]";
        }

        String plain() {
            return join(command, command);
        }
    }

    private ArgFuscatorVariants() {
    }

    /** Every Windows profile of every model under {@code dir/models}, sorted by model name. */
    static List<Profile> read(Path dir) throws IOException {
        Path models = dir.resolve("models");
        if (!Files.isDirectory(models)) {
            throw new IllegalStateException("no ArgFuscator models at " + models);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(models)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        Load load = new Load(LoadSettings.builder().setCodePointLimit(64 << 20).build());
        List<Profile> out = new ArrayList<>();
        Map<String, List<String>> charsets = new HashMap<>();
        for (Path f : files) {
            Map<?, ?> m = (Map<?, ?>) load.loadFromString(Files.readString(f, StandardCharsets.UTF_8));
            String name = f.getFileName().toString().replaceFirst("\\.json$", "");
            List<?> profiles = (List<?>) m.get("profiles");
            for (int i = 0; i < profiles.size(); i++) {
                Map<?, ?> p = (Map<?, ?>) profiles.get(i);
                Object platform = p.get("platform");
                if (platform != null && !platform.toString().equalsIgnoreCase("windows")) {
                    continue;
                }
                List<Token> tokens = new ArrayList<>();
                for (Object t : (List<?>) p.get("command")) {
                    Map.Entry<?, ?> e = ((Map<?, ?>) t).entrySet().iterator().next();
                    tokens.add(new Token(e.getKey().toString(), e.getValue().toString()));
                }
                List<Modifier> modifiers = new ArrayList<>();
                Map<String, List<String>> used = new HashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) p.get("modifiers")).entrySet()) {
                    Map<String, Object> settings = new LinkedHashMap<>();
                    ((Map<?, ?>) e.getValue()).forEach((k, v) -> settings.put(k.toString(), v));
                    Object chars = settings.get("Characters");
                    if (chars instanceof String list) {
                        used.put(list, charsets.computeIfAbsent(list, l -> charset(dir.resolve("charsets"), l)));
                    }
                    modifiers.add(new Modifier(e.getKey().toString(), settings));
                }
                List<Argument> arguments = new ArrayList<>();
                Object args = p.get("arguments");
                if (args instanceof List<?> l) {
                    for (Object a : l) {
                        Map<?, ?> am = (Map<?, ?>) a;
                        List<String> sp = new ArrayList<>();
                        for (Object s : (List<?>) am.get("Arguments")) {
                            sp.add(s.toString());
                        }
                        Object vc = am.get("ValueCount");
                        arguments.add(new Argument(sp, vc == null ? 0 : Integer.parseInt(vc.toString())));
                    }
                }
                out.add(new Profile(name, i, List.copyOf(tokens), List.copyOf(modifiers), List.copyOf(arguments), used));
            }
        }
        return out;
    }

    /** A CharacterInsertion list: {@code LIST.json} (the list itself) or {@code LIST.txt} (hex ranges). */
    private static List<String> charset(Path dir, String name) {
        try {
            Path json = dir.resolve(name + ".json");
            List<String> out = new ArrayList<>();
            if (Files.exists(json)) {
                Load load = new Load(LoadSettings.builder().setCodePointLimit(64 << 20).build());
                for (Object o : (List<?>) load.loadFromString(Files.readString(json, StandardCharsets.UTF_8))) {
                    out.add(o.toString());
                }
                return out;
            }
            for (String line : Files.readAllLines(dir.resolve(name + ".txt"), StandardCharsets.UTF_8)) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] r = line.split("-");
                int from = Integer.parseInt(r[0].strip(), 16);
                int to = r.length > 1 ? Integer.parseInt(r[1].strip(), 16) : from;
                for (int c = from; c <= to; c++) {
                    out.add(new String(Character.toChars(c)));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read character list " + name + " under " + dir, e);
        }
    }

    /** {@code n} disguised command lines of {@code p}, seeded by the profile and {@code seed}. */
    static List<String> variants(Profile p, int n, long seed) {
        List<String> out = new ArrayList<>();
        Random r = new Random(seed * 31 + p.key().hashCode());
        for (int i = 0; i < n; i++) {
            out.add(variant(p, r));
        }
        return out;
    }

    static String variant(Profile p, Random r) {
        List<Token> tokens = new ArrayList<>(p.command());
        for (Modifier m : p.modifiers()) {
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (!m.appliesTo(t.type())) {
                    continue;
                }
                String original = p.command().get(i).text();
                tokens.set(i, new Token(t.type(), apply(m, t.text(), original, p, r)));
            }
        }
        return join(tokens, p.command());
    }

    /** Tokens joined by single spaces, none after an argument or value that ended in {@code =} or {@code :} as written. */
    static String join(List<Token> tokens, List<Token> original) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                Token prev = original.get(i - 1);
                boolean glued = (prev.type().equals("argument") || prev.type().equals("value"))
                        && (prev.text().endsWith("=") || prev.text().endsWith(":"));
                if (!glued) {
                    b.append(' ');
                }
            }
            b.append(tokens.get(i).text());
        }
        return b.toString();
    }

    private static boolean coin(Random r, double p) {
        return r.nextDouble() < p;
    }

    private static String apply(Modifier m, String text, String original, Profile p, Random r) {
        double prob = m.probability();
        return switch (m.name()) {
            case "RandomCase" -> randomCase(text, prob, r);
            case "Sed" -> sed(text, original, String.valueOf(m.settings().get("SedStatements")), prob, r);
            case "OptionCharSubstitution" -> optionChar(text, strings(m.settings().get("OutputOptionChars")), prob, r);
            case "CharacterInsertion" -> insertCharacters(text, p.charsets().get(String.valueOf(m.settings().get("Characters"))),
                    intSetting(m.settings().get("Offset")), prob, r);
            case "QuoteInsertion" -> insertQuotes(text, prob, r);
            case "Regex" -> regex(text, m, prob, r);
            case "FilePathTransformer" -> filePath(text, m, prob, r);
            case "UrlTransformer" -> url(text, m, prob, r);
            case "Shorthands" -> shorthand(text, p.arguments(), m.flag("CaseSensitive"), prob, r);
            case "ReorderArgs" -> m.flag("SwapLongShortForm") ? swapForm(text, p.arguments(), prob, r) : text;
            default -> throw new IllegalStateException("unknown ArgFuscator modifier " + m.name() + " in " + p.key());
        };
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            for (Object x : l) {
                out.add(x.toString());
            }
        }
        return out;
    }

    private static int intSetting(Object o) {
        return o == null || o.toString().isBlank() ? 0 : Integer.parseInt(o.toString().strip());
    }

    static String randomCase(String s, double p, Random r) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (coin(r, p)) {
                c = Character.toLowerCase(c) == c ? Character.toUpperCase(c) : Character.toLowerCase(c);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** One {@code s/find/replace|alternative/i} statement. */
    private record Statement(String find, List<String> replacements, boolean ignoreCase) { }

    private static List<Statement> statements(String text) {
        List<Statement> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || !line.startsWith("s/")) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (int i = 2; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '/' || line.charAt(i + 1) == '\\')) {
                    cur.append(line.charAt(++i));
                } else if (c == '/') {
                    parts.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            parts.add(cur.toString());
            if (parts.size() < 2 || parts.get(0).isEmpty()) {
                continue;
            }
            boolean ignoreCase = parts.size() > 2 && parts.get(2).contains("i");
            out.add(new Statement(parts.get(0), List.of(parts.get(1).split("\\|", -1)), ignoreCase));
        }
        return out;
    }

    static String sed(String s, String original, String statements, double p, Random r) {
        for (Statement st : statements(statements)) {
            String hay = st.ignoreCase() ? original.toLowerCase(Locale.ROOT) : original;
            String find = st.ignoreCase() ? st.find().toLowerCase(Locale.ROOT) : st.find();
            if (!hay.contains(find)) {
                continue;
            }
            StringBuilder b = new StringBuilder(s);
            int at = st.ignoreCase() ? b.toString().toLowerCase(Locale.ROOT).indexOf(find) : b.indexOf(find);
            while (at >= 0) {
                String alt = st.replacements().get(r.nextInt(st.replacements().size()));
                int next = at + 1;
                if (coin(r, p)) {
                    b.replace(at, at + find.length(), alt);
                    next = at + alt.length();
                }
                at = st.ignoreCase() ? b.toString().toLowerCase(Locale.ROOT).indexOf(find, next) : b.indexOf(find, next);
            }
            s = b.toString();
        }
        return s;
    }

    static String optionChar(String s, List<String> chars, double p, Random r) {
        if (s.isEmpty() || chars.size() < 2) {
            return s;
        }
        String first = s.substring(0, 1);
        if (!chars.contains(first) || (s.length() > 1 && chars.contains(s.substring(1, 2))) || !coin(r, p)) {
            return s;
        }
        String other;
        do {
            other = chars.get(r.nextInt(chars.size()));
        } while (other.equals(first));
        return other + s.substring(1);
    }

    static String insertCharacters(String s, List<String> chars, int offset, double p, Random r) {
        if (chars == null || chars.isEmpty()) {
            return s;
        }
        String end = "";
        if (s.length() > 1 && (s.charAt(0) == '/' || s.charAt(0) == '-') && (s.endsWith("=") || s.endsWith(":"))) {
            end = s.substring(s.length() - 1);
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            b.append(s.charAt(i));
            if (i < offset) {
                continue;
            }
            if (coin(r, p)) {
                double q = p;
                do {
                    b.append(chars.get(r.nextInt(chars.size())));
                    q *= 0.9;
                } while (coin(r, q));
            }
        }
        return b.append(end).toString();
    }

    private static boolean quotable(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/';
    }

    static String insertQuotes(String s, double p, Random r) {
        String[] parts = s.split(" ", -1);
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k];
            StringBuilder b = new StringBuilder();
            int lastInserted = -1;
            int inserted = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                b.append(c);
                boolean nextOk = i + 1 == part.length() || quotable(part.charAt(i + 1));
                if (quotable(c) && nextOk && coin(r, p)) {
                    lastInserted = b.length();
                    b.append('"');
                    inserted++;
                }
            }
            if (inserted % 2 == 1) {
                b.deleteCharAt(lastInserted);
            }
            parts[k] = b.toString();
        }
        return String.join(" ", parts);
    }

    private static final Pattern GROUP_SLICE = Pattern.compile("\\$(\\d)\\[(\\d+):(\\d*)(?:-(\\d*))?\\]");

    static String regex(String s, Modifier m, double p, Random r) {
        Object match = m.settings().get("RegexMatch");
        Object replace = m.settings().get("RegexReplace");
        if (match == null || replace == null || !coin(r, p)) {
            return s;
        }
        int flags = m.flag("CaseSensitive") ? 0 : Pattern.CASE_INSENSITIVE;
        Matcher mt = Pattern.compile(match.toString(), flags).matcher(s);
        if (!mt.find()) {
            return s;
        }
        String repl = replace.toString();
        Matcher slice = GROUP_SLICE.matcher(repl);
        if (slice.find()) {
            String group = mt.group(Integer.parseInt(slice.group(1)));
            group = group == null ? "" : group;
            int from = Math.min(Integer.parseInt(slice.group(2)), group.length());
            int to = group.length();
            if (!slice.group(3).isEmpty()) {
                int lo = Integer.parseInt(slice.group(3));
                int hi = slice.group(4) == null ? lo : slice.group(4).isEmpty() ? group.length() : Integer.parseInt(slice.group(4));
                to = lo + (hi > lo ? r.nextInt(hi - lo + 1) : 0);
            }
            to = Math.max(from, Math.min(to, group.length()));
            repl = repl.substring(0, slice.start()) + Matcher.quoteReplacement(group.substring(from, to)) + repl.substring(slice.end());
        }
        while (repl.contains("$RANDOM")) {
            int len = 1 + r.nextInt(20);
            StringBuilder b = new StringBuilder();
            String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            for (int i = 0; i < len; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            repl = repl.replaceFirst("\\$RANDOM", b.toString());
        }
        // JavaScript's replacement syntax ($1, $&) is Java's for what the models use.
        mt.reset();
        return mt.replaceFirst(repl);
    }

    private static final String[] KEYWORDS = {"debug", "system32", "compile", "winsxs", "temp", "update"};
    private static final Pattern INNER_SEPARATOR = Pattern.compile("([^\\\\/])([\\\\/])(?=[^\\\\/])");

    static String filePath(String s, Modifier m, double p, Random r) {
        if (m.flag("PathTraversal") && !m.flag("ValidFilePaths")) {
            s = aroundSeparators(s, r, p, sep -> {
                StringBuilder b = new StringBuilder(sep);
                double q = p;
                do {
                    int pick = r.nextInt(KEYWORDS.length + 1);
                    b.append(pick == KEYWORDS.length ? "." + sep : KEYWORDS[pick] + sep + ".." + sep);
                    q *= 0.9;
                } while (coin(r, q));
                return b.toString();
            });
        }
        if (m.flag("SubstituteSlashes")) {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != '/' && c != '\\') {
                    b.append(c);
                    i++;
                    continue;
                }
                int j = i;
                while (j < s.length() && s.charAt(j) == c) {
                    j++;
                }
                boolean afterColon = i > 0 && s.charAt(i - 1) == ':';
                char out = (i > 0 && !afterColon && coin(r, p)) ? (c == '/' ? '\\' : '/') : c;
                for (int k = i; k < j; k++) {
                    b.append(out);
                }
                i = j;
            }
            s = b.toString();
        }
        if (m.flag("ExtraSlashes") && coin(r, p)) {
            String extra = aroundSeparators(s, r, 1.0, sep -> {
                StringBuilder b = new StringBuilder(sep);
                double q = p;
                do {
                    b.append(sep);
                    q *= 0.9;
                } while (coin(r, q));
                return b.toString();
            });
            if (coin(r, p)) {
                s = extra;
            }
        }
        return s;
    }

    /** Each separator between two non-separators replaced, with {@code keep}'s probability, by what {@code with} gives for it. */
    private static String aroundSeparators(String s, Random r, double keep, java.util.function.Function<String, String> with) {
        Matcher mt = INNER_SEPARATOR.matcher(s);
        StringBuilder b = new StringBuilder();
        int last = 0;
        while (mt.find()) {
            b.append(s, last, mt.start(2));
            String sep = mt.group(2);
            String repl = with.apply(sep);
            b.append(coin(r, keep) ? repl : sep);
            last = mt.end(2);
        }
        return b.append(s.substring(last)).toString();
    }

    private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![0-9.])");

    static String url(String s, Modifier m, double p, Random r) {
        if (m.flag("LeaveOutProtocol") && coin(r, p)) {
            s = s.replaceFirst("\\w+://", "://");
        }
        if (m.flag("PathTraversal")) {
            Matcher mt = Pattern.compile("([^/])(/)(?=[^/])").matcher(s);
            StringBuilder b = new StringBuilder();
            int last = 0;
            while (mt.find()) {
                b.append(s, last, mt.start(2)).append('/');
                if (coin(r, p)) {
                    double q = p;
                    do {
                        b.append(KEYWORDS[r.nextInt(KEYWORDS.length)]).append("/../");
                        q *= 0.9;
                    } while (coin(r, q));
                    b.setLength(b.length() - 1);
                    b.append('/');
                }
                last = mt.end(2);
            }
            s = b.append(s.substring(last)).toString();
        }
        if (m.flag("LeaveOutDoubleSlashes") && coin(r, p)) {
            s = s.replaceFirst("://", ":/");
        }
        if (m.flag("SubstituteSlashes")) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.length(); ) {
                if (s.charAt(i) != '/') {
                    b.append(s.charAt(i++));
                    continue;
                }
                int j = i;
                while (j < s.length() && s.charAt(j) == '/') {
                    j++;
                }
                char out = coin(r, p) ? '\\' : '/';
                for (int k = i; k < j; k++) {
                    b.append(out);
                }
                i = j;
            }
            s = b.toString();
        }
        if (m.flag("IpToHex") && coin(r, p)) {
            Matcher ip = IPV4.matcher(s);
            if (ip.find()) {
                long v = 0;
                boolean ok = true;
                for (int g = 1; g <= 4; g++) {
                    int octet = Integer.parseInt(ip.group(g));
                    ok &= octet < 256;
                    v = v * 256 + octet;
                }
                if (ok) {
                    String repl = r.nextBoolean() ? Long.toString(v) : "0x" + Long.toHexString(v);
                    s = s.substring(0, ip.start()) + repl + s.substring(ip.end());
                }
            }
        }
        return s;
    }

    static String shorthand(String s, List<Argument> arguments, boolean caseSensitive, double p, Random r) {
        if (arguments.isEmpty() || !coin(r, p)) {
            return s;
        }
        String prefix = !s.isEmpty() && (s.charAt(0) == '/' || s.charAt(0) == '-') ? s.substring(0, 1) : "";
        String key = s.substring(prefix.length());
        if (!caseSensitive) {
            key = key.toLowerCase(Locale.ROOT);
        }
        List<String> known = new ArrayList<>();
        for (Argument a : arguments) {
            for (String sp : a.spellings()) {
                String k = sp.startsWith("/") || sp.startsWith("-") ? sp.substring(1) : sp;
                known.add(caseSensitive ? k : k.toLowerCase(Locale.ROOT));
            }
        }
        for (String arg : known) {
            String suffix = arg.endsWith("=") || arg.endsWith(":") ? arg.substring(arg.length() - 1) : "";
            String body = arg.substring(0, arg.length() - suffix.length());
            if (body.length() <= 1) {
                continue;
            }
            int unique = 1;
            for (; unique < body.length(); unique++) {
                String head = body.substring(0, unique);
                boolean clash = false;
                for (String other : known) {
                    if (!other.equals(arg) && other.startsWith(head)) {
                        clash = true;
                        break;
                    }
                }
                if (!clash) {
                    break;
                }
            }
            List<String> options = new ArrayList<>();
            for (int k = unique; k < body.length(); k++) {
                options.add(body.substring(0, k) + suffix);
            }
            if (!suffix.isEmpty()) {
                options.add(body + suffix);
            }
            if (options.isEmpty()) {
                continue;
            }
            if (key.equals(arg) || options.contains(key)) {
                return prefix + options.get(r.nextInt(options.size()));
            }
        }
        return s;
    }

    static String swapForm(String s, List<Argument> arguments, double p, Random r) {
        for (Argument a : arguments) {
            if (a.spellings().size() > 1 && a.spellings().stream().anyMatch(sp -> sp.equalsIgnoreCase(s)) && coin(r, p)) {
                List<String> others = a.spellings().stream().filter(sp -> !sp.equalsIgnoreCase(s)).toList();
                return others.get(r.nextInt(others.size()));
            }
        }
        return s;
    }
}
