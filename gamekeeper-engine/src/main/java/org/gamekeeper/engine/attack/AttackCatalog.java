package org.gamekeeper.engine.attack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Enterprise ATT&CK as shipped in the jar ({@code enterprise-attack.tsv}, built from MITRE's data
 * by {@code AttackResourceGenerator}; terms of use in {@code LICENSE-ATTACK.txt}) plus our own
 * alias table ({@code aliases.tsv}, each alias with its public source). Immutable, loaded once.
 */
public final class AttackCatalog {
    private static final String TSV = "enterprise-attack.tsv";
    private static final String ALIASES = "aliases.tsv";
    /** Revocation chains are short; a longer one is a broken resource, not a loop to follow. */
    private static final int MAX_REVOCATION_HOPS = 8;

    /**
     * ATT&CK v19 split Defense Evasion into Stealth and Defense Impairment, and SigmaHQ's rules
     * already use the new tactic tags; in the shipped v18.1 matrix both are Defense Evasion
     * (https://threatcluster.io/cluster/attck-v19-release-introduces-major-changes-in-defense-evasio-004157e2,
     * summarising MITRE's v19 release notes). Techniques new in v19 (T1685.*) stay unknown.
     */
    private static final List<String> SPLIT_FROM_DEFENSE_EVASION = List.of("stealth", "defense-impairment");

    private static volatile AttackCatalog enterprise;

    private final String version;
    private final List<Tactic> tactics;
    private final Map<String, Tactic> tacticByKey;
    private final Map<String, Technique> techniques;
    private final Map<String, String> revokedBy;
    private final List<Group> groups;
    private final Map<String, Group> groupByName;

    private AttackCatalog(String version, List<Tactic> tactics, Map<String, Technique> techniques, Map<String, String> revokedBy,
                          List<Group> groups) {
        this.version = version;
        this.tactics = List.copyOf(tactics);
        this.techniques = Map.copyOf(techniques);
        this.revokedBy = Map.copyOf(revokedBy);
        this.groups = List.copyOf(groups);
        Map<String, Tactic> tk = new HashMap<>();
        for (Tactic t : tactics) {
            tk.put(t.id().toLowerCase(Locale.ROOT), t);
            tk.put(t.shortName(), t);
            tk.put(t.name().toLowerCase(Locale.ROOT), t);
        }
        Tactic evasion = tk.get("defense-evasion");
        if (evasion != null) {
            for (String later : SPLIT_FROM_DEFENSE_EVASION) {
                tk.putIfAbsent(later, evasion);
            }
        }
        this.tacticByKey = Map.copyOf(tk);
        Map<String, Group> gk = new HashMap<>();
        for (Group g : groups) {
            gk.put(key(g.id()), g);
            gk.put(key(g.name()), g);
            for (String a : g.aliases()) {
                gk.putIfAbsent(key(a), g);
            }
        }
        this.groupByName = Map.copyOf(gk);
    }

    /** The Enterprise matrix shipped in the jar. */
    public static AttackCatalog enterprise() {
        AttackCatalog c = enterprise;
        if (c == null) {
            synchronized (AttackCatalog.class) {
                c = enterprise;
                if (c == null) {
                    c = load();
                    enterprise = c;
                }
            }
        }
        return c;
    }

    /** {@code v18.1 (Enterprise)}, as the resource's first line states it. */
    public String version() {
        return version;
    }

    /** Tactics in matrix order. */
    public List<Tactic> tactics() {
        return tactics;
    }

    /** A tactic by id ({@code TA0006}), short name ({@code credential-access}) or name, any case. */
    public Optional<Tactic> tactic(String key) {
        return Optional.ofNullable(key == null ? null : tacticByKey.get(key.trim().toLowerCase(Locale.ROOT).replace('_', '-')));
    }

    /**
     * A technique by id, any case ({@code t1003.003}); a revoked id answers its replacement
     * ({@code T1574.002} is now {@code T1574.001}), a deprecated one itself.
     */
    public Optional<Technique> technique(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String k = id.trim().toUpperCase(Locale.ROOT);
        for (int hop = 0; hop < MAX_REVOCATION_HOPS; hop++) {
            Technique t = techniques.get(k);
            if (t != null) {
                return Optional.of(t);
            }
            String next = revokedBy.get(k);
            if (next == null) {
                return Optional.empty();
            }
            k = next;
        }
        return Optional.empty();
    }

    /** What a Sigma tag means in ATT&CK: a technique, a tactic, or nothing. */
    public record TagMeaning(Technique technique, Tactic tactic) {
        public static final TagMeaning NONE = new TagMeaning(null, null);

        public boolean isNone() {
            return technique == null && tactic == null;
        }
    }

    /**
     * {@code attack.t1003.003} → the technique; {@code attack.credential-access} (or
     * {@code attack.credential_access}, {@code attack.ta0006}) → the tactic; anything else
     * (group tags {@code attack.g0128}, software {@code attack.s0002}, other namespaces) → NONE.
     */
    public TagMeaning resolveTag(String tag) {
        if (tag == null || !tag.regionMatches(true, 0, "attack.", 0, 7)) {
            return TagMeaning.NONE;
        }
        String rest = tag.substring(7).trim();
        if (rest.length() > 1 && (rest.charAt(0) == 't' || rest.charAt(0) == 'T') && Character.isDigit(rest.charAt(1))) {
            return technique(rest).map(t -> new TagMeaning(t, null)).orElse(TagMeaning.NONE);
        }
        return tactic(rest).map(t -> new TagMeaning(null, t)).orElse(TagMeaning.NONE);
    }

    /** Known groups, by id. */
    public List<Group> groups() {
        return groups;
    }

    /** A group by id, MITRE name or any alias (ours included), ignoring case, spaces and dashes. */
    public Optional<Group> group(String nameOrAlias) {
        return Optional.ofNullable(nameOrAlias == null ? null : groupByName.get(key(nameOrAlias)));
    }

    private static String key(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    private static AttackCatalog load() {
        try {
            String version = "";
            List<Tactic> tactics = new ArrayList<>();
            Map<String, Tactic> tacticByShort = new HashMap<>();
            Map<String, String[]> rawTechniques = new LinkedHashMap<>();
            Map<String, String> revokedBy = new HashMap<>();
            List<String[]> rawGroups = new ArrayList<>();
            for (String line : lines(TSV)) {
                if (line.startsWith("#")) {
                    if (version.isEmpty() && line.startsWith("# MITRE ATT&CK Enterprise ")) {
                        String v = line.substring("# MITRE ATT&CK Enterprise ".length());
                        version = v.substring(0, v.indexOf(','));
                    }
                    continue;
                }
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "tactic" -> {
                        Tactic t = new Tactic(f[1], f[2], f[3], tactics.size());
                        tactics.add(t);
                        tacticByShort.put(t.shortName(), t);
                    }
                    case "technique" -> rawTechniques.put(f[1], f);
                    case "revoked" -> revokedBy.put(f[1], f[2]);
                    case "group" -> rawGroups.add(f);
                    default -> throw new IllegalStateException(TSV + ": unknown line kind " + f[0]);
                }
            }
            Map<String, Technique> techniques = new HashMap<>();
            for (String[] f : rawTechniques.values()) {
                String id = f[1];
                String name = f[2];
                int dot = id.indexOf('.');
                if (dot > 0 && rawTechniques.containsKey(id.substring(0, dot))) {
                    name = rawTechniques.get(id.substring(0, dot))[2] + ": " + name;
                }
                List<Tactic> ts = new ArrayList<>();
                for (String s : f[3].split(",")) {
                    Tactic t = tacticByShort.get(s);
                    if (t != null) {
                        ts.add(t);
                    }
                }
                ts.sort((a, b) -> Integer.compare(a.order(), b.order()));
                techniques.put(id, new Technique(id, name, ts, f.length > 4 && f[4].equals("deprecated")));
            }
            Map<String, List<String>> extraAliases = new HashMap<>();
            for (String line : lines(ALIASES)) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] f = line.split("\t", -1);
                    extraAliases.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
                }
            }
            List<Group> groups = new ArrayList<>();
            for (String[] f : rawGroups) {
                List<String> aliases = new ArrayList<>();
                if (!f[3].isEmpty()) {
                    Collections.addAll(aliases, f[3].split("\\|"));
                }
                aliases.addAll(extraAliases.getOrDefault(f[1], List.of()));
                TreeSet<String> used = new TreeSet<>();
                if (!f[4].isEmpty()) {
                    Collections.addAll(used, f[4].split(","));
                }
                groups.add(new Group(f[1], f[2], aliases, used));
            }
            return new AttackCatalog(version, tactics, techniques, revokedBy, groups);
        } catch (IOException e) {
            throw new UncheckedIOException("the ATT&CK resource in the jar cannot be read", e);
        }
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = AttackCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing resource " + resource);
            }
            List<String> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                out.add(line);
            }
            return out;
        }
    }
}
