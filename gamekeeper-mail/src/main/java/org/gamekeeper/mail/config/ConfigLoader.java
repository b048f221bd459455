package org.gamekeeper.mail.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Loads the {@code identities} and {@code mail} sections. The shipped default is read first;
 * a user file adds identities and list entries to it and overrides weights and thresholds.
 */
public final class ConfigLoader {

    /** Top-level sections of the shared file (INTERFACES.md); other modules read the rest. */
    private static final List<String> SECTIONS = List.of("placeholders", "mappings", "identities", "mail", "tuning");
    private static final List<String> IDENTITY_KEYS = List.of("people", "organisations");
    private static final List<String> PERSON_KEYS = List.of("name", "aliases", "role", "organisation", "addresses",
            "accounts", "domains");
    private static final List<String> PERSON_ROLES = List.of("member", "staff", "journalist", "partner");
    private static final List<String> ORG_KEYS = List.of("name", "aliases", "kind", "domains", "sending_domains");
    private static final List<String> ORG_KINDS = List.of("institution", "partner", "news", "brand");
    private static final List<String> MAIL_KEYS = List.of("trusted_senders", "trusted_domains", "tracking_services",
            "redirectors", "url_shorteners", "free_mail", "free_hosting", "abused_tlds", "weights", "thresholds");
    private static final List<String> THRESHOLD_KEYS = List.of("suspicious", "malicious");

    private ConfigLoader() {
    }

    /** The shipped default alone. */
    public static MailConfig defaults() {
        return load(null);
    }

    /** The default with {@code file} merged over it; {@code file} null means the default alone. */
    public static MailConfig load(Path file) {
        Builder b = new Builder();
        try (InputStream in = ConfigLoader.class.getResourceAsStream("default-config.yml")) {
            if (in == null) {
                throw new IllegalStateException("default-config.yml missing from the jar");
            }
            b.apply(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-config.yml"), "default-config.yml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the shipped default-config.yml", e);
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
            b.apply(parse(text, file.toString()), file.toString());
        }
        return b.build();
    }

    /** Loads YAML text (for tests and tools); merged over the default like a file. */
    public static MailConfig loadText(String yaml, String label) {
        Builder b = new Builder();
        MailConfig d = defaults();
        b.base(d);
        b.apply(parse(yaml, label), label);
        return b.build();
    }

    private static Map<?, ?> parse(String text, String label) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(label).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new ConfigException(label + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new ConfigException(label + ": the top level must be a mapping of sections");
        }
        return m;
    }

    private static final class Builder {
        final List<Identity> identities = new ArrayList<>();
        final Set<String> trustedSenders = new LinkedHashSet<>();
        final Set<String> trustedDomains = new LinkedHashSet<>();
        final Set<String> tracking = new LinkedHashSet<>();
        final Set<String> redirectors = new LinkedHashSet<>();
        final Set<String> shorteners = new LinkedHashSet<>();
        final Set<String> freeMail = new LinkedHashSet<>();
        final Set<String> freeHosting = new LinkedHashSet<>();
        final Set<String> tlds = new LinkedHashSet<>();
        final Map<String, Double> weights = new HashMap<>();
        double suspicious = 3.0;
        double malicious = 7.0;

        void base(MailConfig c) {
            identities.addAll(c.identities());
            trustedSenders.addAll(c.trustedSenders());
            trustedDomains.addAll(c.trustedDomains());
            tracking.addAll(c.trackingServices());
            redirectors.addAll(c.redirectors());
            shorteners.addAll(c.shorteners());
            freeMail.addAll(c.freeMail());
            freeHosting.addAll(c.freeHosting());
            tlds.addAll(c.abusedTlds());
            weights.putAll(c.weights());
            suspicious = c.suspicious();
            malicious = c.malicious();
        }

        void apply(Map<?, ?> root, String label) {
            checkKeys(root, SECTIONS, label, "");
            Object ids = root.get("identities");
            if (ids != null) {
                Map<?, ?> m = map(ids, label, "identities");
                checkKeys(m, IDENTITY_KEYS, label, "identities.");
                int i = 0;
                for (Object p : list(m.get("people"), label, "identities.people")) {
                    identities.add(person(map(p, label, "identities.people[" + i + "]"), label, "identities.people[" + i + "]"));
                    i++;
                }
                i = 0;
                for (Object o : list(m.get("organisations"), label, "identities.organisations")) {
                    String at = "identities.organisations[" + i + "]";
                    identities.add(organisation(map(o, label, at), label, at));
                    i++;
                }
            }
            Object mail = root.get("mail");
            if (mail != null) {
                Map<?, ?> m = map(mail, label, "mail");
                checkKeys(m, MAIL_KEYS, label, "mail.");
                trustedSenders.addAll(lower(strings(m.get("trusted_senders"), label, "mail.trusted_senders")));
                trustedDomains.addAll(lower(strings(m.get("trusted_domains"), label, "mail.trusted_domains")));
                tracking.addAll(lower(strings(m.get("tracking_services"), label, "mail.tracking_services")));
                redirectors.addAll(lower(strings(m.get("redirectors"), label, "mail.redirectors")));
                shorteners.addAll(lower(strings(m.get("url_shorteners"), label, "mail.url_shorteners")));
                freeMail.addAll(lower(strings(m.get("free_mail"), label, "mail.free_mail")));
                freeHosting.addAll(lower(strings(m.get("free_hosting"), label, "mail.free_hosting")));
                for (String t : lower(strings(m.get("abused_tlds"), label, "mail.abused_tlds"))) {
                    tlds.add(t.startsWith(".") ? t.substring(1) : t);
                }
                Object w = m.get("weights");
                if (w != null) {
                    Map<?, ?> wm = map(w, label, "mail.weights");
                    checkKeys(wm, FindingCatalogue.ids(), label, "mail.weights.");
                    for (Map.Entry<?, ?> e : wm.entrySet()) {
                        weights.put(String.valueOf(e.getKey()), number(e.getValue(), label, "mail.weights." + e.getKey()));
                    }
                }
                Object t = m.get("thresholds");
                if (t != null) {
                    Map<?, ?> tm = map(t, label, "mail.thresholds");
                    checkKeys(tm, THRESHOLD_KEYS, label, "mail.thresholds.");
                    if (tm.containsKey("suspicious")) {
                        suspicious = number(tm.get("suspicious"), label, "mail.thresholds.suspicious");
                    }
                    if (tm.containsKey("malicious")) {
                        malicious = number(tm.get("malicious"), label, "mail.thresholds.malicious");
                    }
                    if (malicious < suspicious) {
                        throw new ConfigException(label + ": mail.thresholds.malicious (" + malicious
                                + ") is below mail.thresholds.suspicious (" + suspicious + ")");
                    }
                }
            }
        }

        MailConfig build() {
            return new MailConfig(identities, trustedSenders, trustedDomains, tracking, redirectors, shorteners,
                    freeMail, freeHosting, tlds, weights, suspicious, malicious);
        }
    }

    private static Identity person(Map<?, ?> m, String label, String at) {
        checkKeys(m, PERSON_KEYS, label, at + ".");
        String name = required(m, "name", label, at);
        String role = m.containsKey("role") ? scalar(m.get("role"), label, at + ".role").toLowerCase(Locale.ROOT) : "member";
        if (!PERSON_ROLES.contains(role)) {
            throw new ConfigException(label + ": " + at + ".role: '" + role + "' is not one of " + PERSON_ROLES);
        }
        List<String> addresses = lower(strings(m.get("addresses"), label, at + ".addresses"));
        List<String> domains = lower(strings(m.get("domains"), label, at + ".domains"));
        String org = m.containsKey("organisation") ? scalar(m.get("organisation"), label, at + ".organisation") : "";
        return new Identity(name, strings(m.get("aliases"), label, at + ".aliases"), role, true, org, addresses,
                strings(m.get("accounts"), label, at + ".accounts"), domains, List.of());
    }

    private static Identity organisation(Map<?, ?> m, String label, String at) {
        checkKeys(m, ORG_KEYS, label, at + ".");
        String name = required(m, "name", label, at);
        String kind = m.containsKey("kind") ? scalar(m.get("kind"), label, at + ".kind").toLowerCase(Locale.ROOT) : "partner";
        if (!ORG_KINDS.contains(kind)) {
            throw new ConfigException(label + ": " + at + ".kind: '" + kind + "' is not one of " + ORG_KINDS);
        }
        return new Identity(name, strings(m.get("aliases"), label, at + ".aliases"), kind, false, "", List.of(),
                List.of(), lower(strings(m.get("domains"), label, at + ".domains")),
                lower(strings(m.get("sending_domains"), label, at + ".sending_domains")));
    }

    private static void checkKeys(Map<?, ?> m, List<String> known, String label, String prefix) {
        for (Object k : m.keySet()) {
            String key = String.valueOf(k);
            if (!known.contains(key)) {
                String near = nearest(key, known);
                throw new ConfigException(label + ": unknown key '" + prefix + key + "'"
                        + (near == null ? " (known: " + String.join(", ", known) + ")" : " (did you mean '" + prefix + near + "'?)"));
            }
        }
    }

    /** The known key within edit distance 2, for "did you mean". */
    static String nearest(String key, List<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = editDistance(key.toLowerCase(Locale.ROOT), k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Map<?, ?> map(Object o, String label, String at) {
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new ConfigException(label + ": " + at + " must be a mapping");
    }

    private static List<?> list(Object o, String label, String at) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l;
        }
        throw new ConfigException(label + ": " + at + " must be a list");
    }

    private static List<String> strings(Object o, String label, String at) {
        List<String> out = new ArrayList<>();
        for (Object e : list(o, label, at)) {
            out.add(scalar(e, label, at));
        }
        return out;
    }

    private static String scalar(Object o, String label, String at) {
        if (o instanceof String || o instanceof Number || o instanceof Boolean) {
            return String.valueOf(o).strip();
        }
        throw new ConfigException(label + ": " + at + " must be a plain value");
    }

    private static String required(Map<?, ?> m, String key, String label, String at) {
        Object v = m.get(key);
        if (v == null || scalar(v, label, at + "." + key).isEmpty()) {
            throw new ConfigException(label + ": " + at + "." + key + " is required");
        }
        return scalar(v, label, at + "." + key);
    }

    private static double number(Object o, String label, String at) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new ConfigException(label + ": " + at + " must be a number");
    }

    private static List<String> lower(List<String> l) {
        Set<String> out = new HashSet<>();
        List<String> r = new ArrayList<>();
        for (String s : l) {
            String v = s.toLowerCase(Locale.ROOT);
            while (v.endsWith(".")) {
                v = v.substring(0, v.length() - 1);
            }
            if (out.add(v)) {
                r.add(v);
            }
        }
        return r;
    }
}
