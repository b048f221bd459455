package org.gamekeeper.engine.attack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Rebuilds the compact ATT&CK resource ({@code enterprise-attack.tsv}) from MITRE's STIX bundle:
 * tactics in matrix order, techniques with names and tactics, revoked techniques with their
 * replacement, deprecated ones flagged, and groups with aliases and technique sets (their own
 * {@code uses} and those of campaigns attributed to them). Run from the repository root:
 * <pre>
 * ./mvnw -q -pl gamekeeper-engine -am test-compile
 * J=~/.m2/repository/com/fasterxml/jackson/core
 * java -cp gamekeeper-engine/target/test-classes:$J/jackson-databind/2.20.1/jackson-databind-2.20.1.jar:$J/jackson-core/2.20.1/jackson-core-2.20.1.jar:$J/jackson-annotations/2.20/jackson-annotations-2.20.jar \
 *     org.gamekeeper.engine.attack.AttackResourceGenerator ../shared/corpus/attack \
 *     gamekeeper-engine/src/main/resources/org/gamekeeper/engine/attack/enterprise-attack.tsv
 * </pre>
 * {@code AttackResourceTest} regenerates it in memory and fails when the committed file differs.
 */
public final class AttackResourceGenerator {
    private AttackResourceGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AttackResourceGenerator <corpus/attack folder> <out.tsv>");
        }
        Files.writeString(Path.of(args[1]), generate(Path.of(args[0])), StandardCharsets.UTF_8);
    }

    static String generate(Path attackDir) throws IOException {
        Path bundle = attackDir.resolve("enterprise-attack.min.json");
        byte[] bytes = Files.readAllBytes(bundle);
        JsonNode objects = new ObjectMapper().readTree(bytes).get("objects");
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode o : objects) {
            byId.put(o.get("id").asText(), o);
        }
        String version = Files.readAllLines(attackDir.resolve("ATTACK-VERSION.txt")).stream()
                .filter(l -> l.startsWith("ATT&CK version")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElseThrow(() -> new IOException("no ATT&CK version line in ATTACK-VERSION.txt"));

        StringBuilder out = new StringBuilder();
        out.append("# MITRE ATT&CK Enterprise ").append(version)
                .append(", compacted for Gamekeeper by AttackResourceGenerator (src/test/java) from enterprise-attack.min.json sha256 ")
                .append(sha256(bytes)).append('\n');
        out.append("# \u00a9 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.\n");
        out.append("# Terms of use: LICENSE-ATTACK.txt beside this file. MITRE ATT&CK and ATT&CK are registered trademarks of The MITRE Corporation.\n");
        out.append("# tactic <id> <shortname> <name> (matrix order) | technique <id> <name> <tactics,> [deprecated]"
                + " | revoked <id> <replacement> | group <id> <name> <aliases|> <techniques,>\n");

        JsonNode matrix = null;
        for (JsonNode o : objects) {
            if (o.get("type").asText().equals("x-mitre-matrix")) {
                matrix = o;
            }
        }
        if (matrix == null) {
            throw new IOException("no x-mitre-matrix in " + bundle);
        }
        for (JsonNode ref : matrix.get("tactic_refs")) {
            JsonNode t = byId.get(ref.asText());
            out.append("tactic\t").append(externalId(t)).append('\t').append(t.get("x_mitre_shortname").asText()).append('\t')
                    .append(t.get("name").asText()).append('\n');
        }

        Map<String, String> revokedBy = new HashMap<>();
        Map<String, List<String>> uses = new HashMap<>();
        Map<String, List<String>> attributed = new HashMap<>();
        for (JsonNode o : objects) {
            if (!o.get("type").asText().equals("relationship")) {
                continue;
            }
            String type = o.get("relationship_type").asText();
            String src = o.get("source_ref").asText();
            String dst = o.get("target_ref").asText();
            if (type.equals("revoked-by") && src.startsWith("attack-pattern--")) {
                revokedBy.put(src, dst);
            } else if (type.equals("uses") && dst.startsWith("attack-pattern--")) {
                uses.computeIfAbsent(src, k -> new ArrayList<>()).add(dst);
            } else if (type.equals("attributed-to")) {
                attributed.computeIfAbsent(dst, k -> new ArrayList<>()).add(src);
            }
        }

        TreeMap<String, String> techniques = new TreeMap<>();
        TreeMap<String, String> revoked = new TreeMap<>();
        for (JsonNode o : objects) {
            if (!o.get("type").asText().equals("attack-pattern")) {
                continue;
            }
            String id = externalId(o);
            if (o.path("revoked").asBoolean(false)) {
                String to = revokedBy.get(o.get("id").asText());
                if (to != null) {
                    revoked.put(id, externalId(byId.get(to)));
                }
                continue;
            }
            List<String> tactics = new ArrayList<>();
            for (JsonNode k : o.path("kill_chain_phases")) {
                if (k.get("kill_chain_name").asText().equals("mitre-attack")) {
                    tactics.add(k.get("phase_name").asText());
                }
            }
            techniques.put(id, id + '\t' + clean(o.get("name").asText()) + '\t' + String.join(",", tactics)
                    + (o.path("x_mitre_deprecated").asBoolean(false) ? "\tdeprecated" : ""));
        }
        for (String line : techniques.values()) {
            out.append("technique\t").append(line).append('\n');
        }
        revoked.forEach((from, to) -> out.append("revoked\t").append(from).append('\t').append(to).append('\n'));

        TreeMap<String, String> groups = new TreeMap<>();
        for (JsonNode o : objects) {
            if (!o.get("type").asText().equals("intrusion-set") || o.path("revoked").asBoolean(false)
                    || o.path("x_mitre_deprecated").asBoolean(false)) {
                continue;
            }
            String stixId = o.get("id").asText();
            TreeSet<String> used = new TreeSet<>();
            List<String> sources = new ArrayList<>();
            sources.add(stixId);
            sources.addAll(attributed.getOrDefault(stixId, List.of()));
            for (String s : sources) {
                for (String p : uses.getOrDefault(s, List.of())) {
                    JsonNode pattern = byId.get(p);
                    if (pattern != null && !pattern.path("revoked").asBoolean(false)) {
                        used.add(externalId(pattern));
                    }
                }
            }
            String name = clean(o.get("name").asText());
            List<String> aliases = new ArrayList<>();
            for (JsonNode a : o.path("aliases")) {
                if (!a.asText().equals(name)) {
                    aliases.add(clean(a.asText()));
                }
            }
            groups.put(externalId(o), externalId(o) + '\t' + name + '\t' + String.join("|", aliases) + '\t' + String.join(",", used));
        }
        for (String line : groups.values()) {
            out.append("group\t").append(line).append('\n');
        }
        return out.toString();
    }

    private static String externalId(JsonNode o) {
        for (JsonNode r : o.path("external_references")) {
            if (r.path("source_name").asText().equals("mitre-attack")) {
                return r.get("external_id").asText();
            }
        }
        throw new IllegalStateException("no mitre-attack external id on " + o.get("id"));
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('|', '/').trim();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
