package org.gamekeeper.engine.ioc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gamekeeper.engine.Event;
import org.gamekeeper.sigma.value.SigmaCidr;

/**
 * Indicators from CSV and STIX 2.1 files, indexed for matching: addresses by value (networks
 * scanned), domains by name and every parent name (a subdomain matches its domain), URLs by value
 * without and with their query, hashes, file names and mail addresses by value, case ignored.
 * Immutable once loaded; safe to share between threads.
 */
public final class IocLibrary {

    /** Largest indicator file read. */
    public static final long MAX_FILE_BYTES = 256L << 20;
    /** Most indicators kept over all files. */
    public static final int MAX_INDICATORS = 2_000_000;

    /** One indicator met in an event (or a mail observable): the field and the value that held it. */
    public record Hit(Indicator indicator, String field, String observed) { }

    /** Fields holding IP addresses (Sysmon, Security, RDP, flat exports). */
    static final List<String> ADDRESS_FIELDS = List.of("SourceIp", "DestinationIp", "IpAddress", "ClientAddress", "SourceAddress",
            "DestAddress", "Address", "ClientIP", "src_ip", "dst_ip", "c-ip", "IPAddress");
    /** Fields holding host or domain names. */
    static final List<String> DOMAIN_FIELDS = List.of("QueryName", "DestinationHostname", "SourceHostname", "Hostname", "cs-host", "query");
    /** Fields holding URLs or text that may quote them. */
    static final List<String> URL_FIELDS = List.of("Url", "URL", "TargetUrl", "CommandLine", "ParentCommandLine", "ScriptBlockText",
            "Payload", "cs-uri", "Details", "Contents");
    /** Fields holding hashes, either alone or as Sysmon's {@code SHA256=…,MD5=…} list. */
    static final List<String> HASH_FIELDS = List.of("Hashes", "Hash", "SHA256", "SHA1", "MD5", "sha256", "sha1", "md5", "FileHash");
    /** Fields holding file paths or names. */
    static final List<String> FILE_FIELDS = List.of("Image", "ParentImage", "TargetFilename", "ImageLoaded", "OriginalFileName",
            "NewProcessName", "ParentProcessName", "ServiceFileName", "ImagePath", "TargetImage", "SourceImage", "FileName", "Application");

    private final List<Indicator> all;
    private final Map<String, List<Indicator>> exact = new HashMap<>();
    private final List<Indicator> networks = new ArrayList<>();
    private final List<SigmaCidr> networkValues = new ArrayList<>();
    private final Map<String, Integer> skipped;

    private IocLibrary(List<Indicator> indicators, Map<String, Integer> skipped) {
        this.all = List.copyOf(indicators);
        this.skipped = Map.copyOf(skipped);
        for (Indicator i : all) {
            if (i.type() == IndicatorType.CIDR || i.type() == IndicatorType.IP && i.value().contains("/")) {
                networks.add(i);
                networkValues.add(SigmaCidr.parse(i.value()));
            } else {
                exact.computeIfAbsent(key(i.type(), i.value()), k -> new ArrayList<>(1)).add(i);
            }
        }
    }

    public static IocLibrary of(List<Indicator> indicators) {
        return new IocLibrary(indicators, Map.of());
    }

    /** Reads every file (STIX when its first non-blank byte is '{', CSV otherwise). */
    public static IocLibrary load(List<Path> files) throws IocException {
        List<Indicator> out = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (Path f : files) {
            long size;
            try {
                size = Files.size(f);
            } catch (IOException e) {
                throw new IocException(f + ": cannot read: " + e.getMessage());
            }
            if (size > MAX_FILE_BYTES) {
                throw new IocException(f + ": larger than " + (MAX_FILE_BYTES >> 20) + " MiB; split it");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new IocException(f + ": cannot read: " + e.getMessage());
            }
            int i = 0;
            while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t' || (bytes[i] & 0xff) == 0xef
                    || (bytes[i] & 0xff) == 0xbb || (bytes[i] & 0xff) == 0xbf)) {
                i++;
            }
            if (i < bytes.length && bytes[i] == '{') {
                stix(f.toString(), bytes, out, skipped);
            } else {
                csv(f.toString(), new String(bytes, StandardCharsets.UTF_8), out);
            }
            if (out.size() > MAX_INDICATORS) {
                throw new IocException(f + ": more than " + MAX_INDICATORS + " indicators in all");
            }
        }
        return new IocLibrary(out, skipped);
    }

    public List<Indicator> indicators() {
        return all;
    }

    /** STIX indicators left out, counted by reason ("pattern with AND" → 3). */
    public Map<String, Integer> skipped() {
        return skipped;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    // ---- reading ----------------------------------------------------------------------------

    /** {@code type,value,description}: an optional header row, '#' comments, RFC 4180 quoting. */
    static void csv(String file, String text, List<Indicator> out) throws IocException {
        int lineNo = 0;
        for (String line : text.split("\r?\n", -1)) {
            lineNo++;
            String l = line.strip();
            if (l.startsWith("\uFEFF")) {
                l = l.substring(1);
            }
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            List<String> cells = cells(l, file + ":" + lineNo);
            if (lineNo == 1 || out.isEmpty() && cells.get(0).strip().equalsIgnoreCase("type")) {
                if (cells.get(0).strip().equalsIgnoreCase("type")) {
                    continue;
                }
            }
            if (cells.size() < 2 || cells.get(1).isBlank()) {
                throw new IocException(file + ":" + lineNo + ": expected type,value[,description]");
            }
            IndicatorType type = IndicatorType.of(cells.get(0));
            if (type == null) {
                throw new IocException(file + ":" + lineNo + ": unknown indicator type '" + cells.get(0).strip()
                        + "' (ip, cidr, domain, url, sha256, sha1, md5, filename, email)");
            }
            out.add(indicator(type, cells.get(1), cells.size() > 2 ? String.join(",", cells.subList(2, cells.size())).strip() : "",
                    file + ":" + lineNo));
        }
    }

    private static List<String> cells(String line, String place) throws IocException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IocException(place + ": a quoted cell is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** Normalises a value for its type; throws naming the place when it is not one. */
    static Indicator indicator(IndicatorType type, String written, String description, String place) throws IocException {
        String v = Defang.refang(written);
        switch (type) {
            case IP, CIDR -> {
                SigmaCidr c = SigmaCidr.parse(v);
                if (c == null) {
                    throw new IocException(place + ": not an IP address or network: " + written);
                }
                if (type == IndicatorType.IP && !v.contains("/")) {
                    v = address(c);
                }
            }
            case DOMAIN -> {
                v = v.toLowerCase(Locale.ROOT);
                if (v.startsWith("*.")) {
                    v = v.substring(2);
                }
                while (v.endsWith(".")) {
                    v = v.substring(0, v.length() - 1);
                }
                if (v.isEmpty() || v.contains("/") || v.contains(" ")) {
                    throw new IocException(place + ": not a domain name: " + written);
                }
            }
            case URL -> {
                v = url(v);
                if (v == null) {
                    throw new IocException(place + ": not a URL (scheme://host/…): " + written);
                }
            }
            case SHA256, SHA1, MD5 -> {
                v = v.toLowerCase(Locale.ROOT);
                int len = type == IndicatorType.SHA256 ? 64 : type == IndicatorType.SHA1 ? 40 : 32;
                if (v.length() != len || !v.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                    throw new IocException(place + ": not a " + type.id() + " hash (" + len + " hex digits): " + written);
                }
            }
            case FILENAME -> v = basename(v).toLowerCase(Locale.ROOT);
            case EMAIL -> {
                v = v.toLowerCase(Locale.ROOT);
                if (v.startsWith("mailto:")) {
                    v = v.substring(7);
                }
                if (v.indexOf('@') <= 0) {
                    throw new IocException(place + ": not a mail address: " + written);
                }
            }
            default -> throw new IllegalStateException(type.toString());
        }
        return new Indicator(type, v, written.strip(), description, place);
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 22).build()).build();

    /** STIX 2.1 bundle (or a single indicator object): each {@code indicator} with a simple equality pattern. */
    static void stix(String file, byte[] bytes, List<Indicator> out, Map<String, Integer> skipped) throws IocException {
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IocException(file + ": a STIX file is one JSON object (a bundle)");
            }
            Map<String, String> top = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("objects") && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        stixObject(file, strings(p), out, skipped);
                    }
                } else if (t.isScalarValue()) {
                    top.put(name, p.getValueAsString());
                } else {
                    p.skipChildren();
                }
            }
            if ("indicator".equals(top.get("type"))) {
                stixObject(file, top, out, skipped);
            } else if (!"bundle".equals(top.get("type"))) {
                throw new IocException(file + ": not a STIX 2.1 bundle (\"type\": \"bundle\")");
            }
        } catch (IOException e) {
            throw new IocException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The scalar members of the object the parser is in; nested values skipped. */
    private static Map<String, String> strings(JsonParser p) throws IOException {
        Map<String, String> m = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t.isScalarValue()) {
                m.put(name, p.getValueAsString());
            } else {
                p.skipChildren();
            }
        }
        return m;
    }

    private static final Pattern COMPARISON = Pattern.compile(
            "([a-z0-9-]+):([A-Za-z0-9_.'-]+)\\s*(=|!=|<=|>=|<|>|LIKE|MATCHES|IN|ISSUBSET|ISSUPERSET|NOT\\s+\\S+)\\s*('(?:[^'\\\\]|\\\\.)*')?");

    private static void stixObject(String file, Map<String, String> o, List<Indicator> out, Map<String, Integer> skipped) throws IocException {
        if (!"indicator".equals(o.get("type"))) {
            return;
        }
        String pattern = o.get("pattern");
        String place = o.getOrDefault("id", file);
        if (pattern == null || o.containsKey("pattern_type") && !"stix".equals(o.get("pattern_type"))) {
            skipped.merge("pattern type " + o.getOrDefault("pattern_type", "missing"), 1, Integer::sum);
            return;
        }
        String outside = pattern.replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''");
        for (String word : new String[] {" AND ", "FOLLOWEDBY", " WITHIN ", " REPEATS ", " START ", " STOP "}) {
            if (outside.contains(word)) {
                skipped.merge("pattern with " + word.strip(), 1, Integer::sum);
                return;
            }
        }
        String description = o.containsKey("name") ? o.get("name") : o.getOrDefault("description", "");
        List<Indicator> found = new ArrayList<>();
        Matcher m = COMPARISON.matcher(pattern);
        while (m.find()) {
            if (!m.group(3).equals("=") || m.group(4) == null) {
                skipped.merge("comparison " + m.group(3), 1, Integer::sum);
                return;
            }
            String quoted = m.group(4);
            String value = quoted.substring(1, quoted.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
            IndicatorType type = stixType(m.group(1), m.group(2), value);
            if (type == null) {
                skipped.merge("object path " + m.group(1) + ":" + m.group(2), 1, Integer::sum);
                return;
            }
            found.add(indicator(type, value, description, place));
        }
        if (found.isEmpty()) {
            skipped.merge("pattern without an equality", 1, Integer::sum);
            return;
        }
        out.addAll(found);
    }

    private static IndicatorType stixType(String object, String path, String value) {
        String p = path.replace("'", "").toLowerCase(Locale.ROOT);
        switch (object) {
            case "ipv4-addr", "ipv6-addr":
                return p.equals("value") ? (value.contains("/") ? IndicatorType.CIDR : IndicatorType.IP) : null;
            case "domain-name":
                return p.equals("value") ? IndicatorType.DOMAIN : null;
            case "url":
                return p.equals("value") ? IndicatorType.URL : null;
            case "email-addr":
                return p.equals("value") ? IndicatorType.EMAIL : null;
            case "email-message":
                return p.equals("from_ref.value") || p.equals("sender_ref.value") ? IndicatorType.EMAIL : null;
            case "file":
                return switch (p) {
                    case "hashes.sha-256", "hashes.sha256" -> IndicatorType.SHA256;
                    case "hashes.sha-1", "hashes.sha1" -> IndicatorType.SHA1;
                    case "hashes.md5" -> IndicatorType.MD5;
                    case "name" -> IndicatorType.FILENAME;
                    default -> null;
                };
            default:
                return null;
        }
    }

    // ---- matching ---------------------------------------------------------------------------

    /** Every indicator the event holds, once per indicator and field, in field order. */
    public List<Hit> match(Event e) {
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, Hit> hits = new LinkedHashMap<>();
        for (String f : HASH_FIELDS) {
            for (String v : e.fieldValues(f)) {
                for (String part : v.split("[,;]")) {
                    int eq = part.indexOf('=');
                    String hash = (eq >= 0 ? part.substring(eq + 1) : part).strip().toLowerCase(Locale.ROOT);
                    if (hash.length() == 32 || hash.length() == 40 || hash.length() == 64) {
                        add(hits, f, v, lookup(hash.length() == 64 ? IndicatorType.SHA256 : hash.length() == 40 ? IndicatorType.SHA1 : IndicatorType.MD5, hash));
                    }
                }
            }
        }
        for (String f : ADDRESS_FIELDS) {
            for (String v : e.fieldValues(f)) {
                add(hits, f, v, observe(IndicatorType.IP, v));
            }
        }
        for (String v : e.fieldValues("QueryResults")) {
            for (String part : v.split(";")) {
                add(hits, "QueryResults", v, observe(IndicatorType.IP, part));
            }
        }
        for (String f : DOMAIN_FIELDS) {
            for (String v : e.fieldValues(f)) {
                add(hits, f, v, observe(IndicatorType.DOMAIN, v));
            }
        }
        for (String f : URL_FIELDS) {
            for (String v : e.fieldValues(f)) {
                for (String u : urls(v)) {
                    add(hits, f, v, observe(IndicatorType.URL, u));
                }
            }
        }
        for (String f : FILE_FIELDS) {
            for (String v : e.fieldValues(f)) {
                add(hits, f, v, observe(IndicatorType.FILENAME, v));
            }
        }
        return List.copyOf(hits.values());
    }

    private static void add(Map<String, Hit> hits, String field, String observed, List<Indicator> found) {
        for (Indicator i : found) {
            hits.putIfAbsent(i.source() + '\u0000' + i.value() + '\u0000' + field, new Hit(i, field, observed));
        }
    }

    /**
     * The indicators an observed value matches, for sources that are not events (mail senders
     * and links): an address, a domain (or any of its parent domains), a URL (and its host), a
     * file name (or path), a mail address (and its domain), a hash.
     */
    public List<Indicator> observe(IndicatorType kind, String value) {
        if (value == null || value.isBlank() || all.isEmpty()) {
            return List.of();
        }
        Set<Indicator> out = new LinkedHashSet<>();
        String v = value.strip();
        switch (kind) {
            case IP, CIDR -> ip(v, out);
            case DOMAIN -> domain(v, out);
            case URL -> {
                String u = url(v);
                if (u != null) {
                    out.addAll(lookup(IndicatorType.URL, u));
                    int q = firstOf(u, "?#");
                    if (q > 0) {
                        out.addAll(lookup(IndicatorType.URL, u.substring(0, q)));
                    }
                    if (u.endsWith("/")) {
                        out.addAll(lookup(IndicatorType.URL, u.substring(0, u.length() - 1)));
                    }
                    String host = host(u);
                    domain(host, out);
                    ip(host, out);
                }
            }
            case FILENAME -> out.addAll(lookup(IndicatorType.FILENAME, basename(v).toLowerCase(Locale.ROOT)));
            case EMAIL -> {
                String a = v.toLowerCase(Locale.ROOT);
                int lt = a.lastIndexOf('<');
                if (lt >= 0 && a.endsWith(">")) {
                    a = a.substring(lt + 1, a.length() - 1);
                }
                out.addAll(lookup(IndicatorType.EMAIL, a));
                int at = a.lastIndexOf('@');
                if (at >= 0) {
                    domain(a.substring(at + 1), out);
                }
            }
            default -> out.addAll(lookup(kind, v.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(out);
    }

    private void ip(String v, Set<Indicator> out) {
        String a = v.strip();
        if (a.startsWith("::ffff:")) {
            a = a.substring(7);
        }
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        SigmaCidr c = a.isEmpty() || a.indexOf('/') >= 0 ? null : SigmaCidr.parse(a);
        if (c == null) {
            return;
        }
        out.addAll(lookup(IndicatorType.IP, address(c)));
        for (int i = 0; i < networks.size(); i++) {
            if (networkValues.get(i).contains(c.high(), c.low(), c.v6())) {
                out.add(networks.get(i));
            }
        }
    }

    private void domain(String v, Set<Indicator> out) {
        String d = v.strip().toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        while (!d.isEmpty()) {
            out.addAll(lookup(IndicatorType.DOMAIN, d));
            int dot = d.indexOf('.');
            if (dot < 0) {
                break;
            }
            d = d.substring(dot + 1);
        }
    }

    private List<Indicator> lookup(IndicatorType type, String value) {
        List<Indicator> l = exact.get(key(type, value));
        return l == null ? List.of() : l;
    }

    private static String key(IndicatorType type, String value) {
        IndicatorType t = type == IndicatorType.CIDR ? IndicatorType.IP : type;
        return t.ordinal() + ":" + value;
    }

    /** The canonical text of an address (IPv4 dotted, IPv6 as eight lower-case groups). */
    private static String address(SigmaCidr c) {
        if (!c.v6()) {
            long a = c.low();
            return (a >> 24 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 8 & 0xff) + "." + (a & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            long half = i < 4 ? c.high() : c.low();
            int group = (int) (half >>> (48 - 16 * (i % 4)) & 0xffff);
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(group));
        }
        return sb.toString();
    }

    /** scheme://host[:port]/path?query with scheme and host in lower case, or null. */
    static String url(String text) {
        String v = Defang.refang(text);
        int scheme = v.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int hostEnd = firstOf(v, "/?#", scheme + 3);
        if (hostEnd < 0) {
            hostEnd = v.length();
        }
        if (hostEnd == scheme + 3) {
            return null;
        }
        return v.substring(0, hostEnd).toLowerCase(Locale.ROOT) + v.substring(hostEnd);
    }

    private static String host(String url) {
        int start = url.indexOf("://") + 3;
        int end = firstOf(url, "/?#", start);
        String h = url.substring(start, end < 0 ? url.length() : end);
        int at = h.lastIndexOf('@');
        if (at >= 0) {
            h = h.substring(at + 1);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(1, close) : h;
        }
        int colon = h.lastIndexOf(':');
        return colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    private static int firstOf(String s, String chars) {
        return firstOf(s, chars, 0);
    }

    private static int firstOf(String s, String chars, int from) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The URLs quoted in a text (http, https, ftp), up to white space, a quote or an angle bracket. */
    static List<String> urls(String text) {
        List<String> out = new ArrayList<>(1);
        String lower = text.toLowerCase(Locale.ROOT);
        int from = 0;
        while (true) {
            int i = lower.indexOf("://", from);
            if (i < 0) {
                return out;
            }
            int start = i;
            while (start > 0 && Character.isLetter(lower.charAt(start - 1))) {
                start--;
            }
            int end = i + 3;
            while (end < text.length() && " \t\r\n\"'<>`|^".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            if (start < i) {
                out.add(text.substring(start, end));
            }
            from = end;
        }
    }

    private static String basename(String path) {
        int slash = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
        return path.substring(slash + 1).strip();
    }

}
