package org.gamekeeper.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gamekeeper.engine.noise.Tuning;
import org.gamekeeper.sigma.NearMiss;
import org.gamekeeper.sigma.yaml.YamlDocument;
import org.gamekeeper.sigma.yaml.YamlNode;
import org.gamekeeper.sigma.yaml.YamlReader;

/**
 * The configuration file of INTERFACES.md, as far as the rules commands need it: the
 * {@code placeholders} and {@code mappings} sections (mapping files, relative to the
 * configuration file), and {@code kafka} (client properties for {@code stream}). Every section name is checked, so a typo is an error naming
 * the key; the other sections are read by the commands that use them.
 */
record ConfigFile(Map<String, List<String>> placeholders, List<Path> mappings, ZoneId timeZone, Map<String, String> kafka,
                  List<Tuning.Entry> tuning) {

    static final Set<String> SECTIONS = Set.of("placeholders", "mappings", "identities", "mail", "tuning", "time_zone", "kafka");

    static ConfigFile empty() {
        return new ConfigFile(Map.of(), List.of(), null, Map.of(), List.of());
    }

    static ConfigFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read configuration " + file + ": " + e.getMessage());
        }
        List<YamlDocument> docs = new YamlReader().readAll(text);
        if (docs.isEmpty() || docs.get(0).root() instanceof YamlNode.Scalar s && s.isNull()) {
            return empty();
        }
        YamlDocument doc = docs.get(0);
        if (doc.failed()) {
            throw new InputException(file + ":" + doc.errorLine() + ":" + doc.errorColumn() + ": " + doc.error());
        }
        if (!(doc.root() instanceof YamlNode.Mapping root)) {
            throw new InputException(file + ": the configuration must be a map of sections");
        }
        for (var key : root.keys().values()) {
            if (!SECTIONS.contains(key.text())) {
                throw new InputException(file + ":" + key.line() + ":" + key.column() + ": unknown configuration key '" + key.text() + "'"
                        + NearMiss.hint(key.text(), SECTIONS));
            }
        }
        Map<String, List<String>> placeholders = new LinkedHashMap<>();
        YamlNode p = root.get("placeholders");
        if (p instanceof YamlNode.Mapping pm) {
            for (var e : pm.entries().entrySet()) {
                String name = e.getKey().replaceAll("^%|%$", "");
                List<String> values = new ArrayList<>();
                if (e.getValue() instanceof YamlNode.Scalar s && !s.isNull()) {
                    values.add(s.text());
                } else if (e.getValue() instanceof YamlNode.Sequence seq) {
                    for (YamlNode item : seq.items()) {
                        if (!(item instanceof YamlNode.Scalar s)) {
                            throw new InputException(file + ":" + item.line() + ":" + item.column() + ": placeholder values must be texts");
                        }
                        values.add(s.text());
                    }
                } else {
                    YamlNode v = e.getValue();
                    throw new InputException(file + ":" + v.line() + ":" + v.column() + ": placeholder '" + name + "' needs a value or a list of values");
                }
                placeholders.put(name, List.copyOf(values));
            }
        } else if (p != null && !(p instanceof YamlNode.Scalar s && s.isNull())) {
            throw new InputException(file + ":" + p.line() + ":" + p.column() + ": 'placeholders' must map names to values");
        }
        List<Path> mappings = new ArrayList<>();
        YamlNode m = root.get("mappings");
        if (m instanceof YamlNode.Sequence seq) {
            for (YamlNode item : seq.items()) {
                if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
                    throw new InputException(file + ":" + item.line() + ":" + item.column() + ": 'mappings' lists mapping files");
                }
                Path base = file.toAbsolutePath().getParent();
                mappings.add(base == null ? Path.of(s.text()) : base.resolve(s.text()));
            }
        } else if (m != null && !(m instanceof YamlNode.Scalar s && s.isNull())) {
            throw new InputException(file + ":" + m.line() + ":" + m.column() + ": 'mappings' must be a list of mapping files");
        }
        Map<String, String> kafka = new LinkedHashMap<>();
        YamlNode k = root.get("kafka");
        if (k instanceof YamlNode.Mapping km) {
            for (var e : km.entries().entrySet()) {
                if (!(e.getValue() instanceof YamlNode.Scalar s) || s.isNull()) {
                    YamlNode v = e.getValue();
                    throw new InputException(file + ":" + v.line() + ":" + v.column() + ": Kafka property '" + e.getKey() + "' needs a value");
                }
                kafka.put(e.getKey(), s.text());
            }
        } else if (k != null && !(k instanceof YamlNode.Scalar s && s.isNull())) {
            throw new InputException(file + ":" + k.line() + ":" + k.column() + ": 'kafka' must map Kafka client properties to values");
        }
        ZoneId zone = null;
        YamlNode z = root.get("time_zone");
        if (z instanceof YamlNode.Scalar s && !s.isNull()) {
            try {
                zone = ZoneId.of(s.text());
            } catch (DateTimeException e) {
                throw new InputException(file + ":" + z.line() + ":" + z.column() + ": 'time_zone' must be a zone such as UTC, +01:00 or Europe/London: " + s.text());
            }
        } else if (z != null && !(z instanceof YamlNode.Scalar s && s.isNull())) {
            throw new InputException(file + ":" + z.line() + ":" + z.column() + ": 'time_zone' must be a zone such as UTC, +01:00 or Europe/London");
        }
        return new ConfigFile(Map.copyOf(placeholders), List.copyOf(mappings), zone, Map.copyOf(kafka), tuning(file, root.get("tuning")));
    }

    private static final Set<String> TUNING_KEYS = Set.of("rule", "where", "reason", "expires");

    /**
     * The {@code tuning} section: a list of entries, each {@code rule} (id, name or title) and/or
     * {@code where} (field: value or list of values, Sigma wildcards), a {@code reason} and an
     * optional {@code expires} date (YYYY-MM-DD, the last day it applies).
     */
    static List<Tuning.Entry> tuning(Path file, YamlNode t) {
        if (t == null || t instanceof YamlNode.Scalar s && s.isNull()) {
            return List.of();
        }
        if (!(t instanceof YamlNode.Sequence seq)) {
            throw new InputException(file + ":" + t.line() + ":" + t.column() + ": 'tuning' must be a list of entries (rule/where, reason, expires)");
        }
        List<Tuning.Entry> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            String place = file + ":" + item.line();
            if (!(item instanceof YamlNode.Mapping m)) {
                throw new InputException(place + ":" + item.column() + ": a tuning entry is a map (rule/where, reason, expires)");
            }
            for (var key : m.keys().values()) {
                if (!TUNING_KEYS.contains(key.text())) {
                    throw new InputException(file + ":" + key.line() + ":" + key.column() + ": unknown tuning key '" + key.text() + "'"
                            + NearMiss.hint(key.text(), TUNING_KEYS));
                }
            }
            Map<String, List<String>> where = new LinkedHashMap<>();
            YamlNode w = m.get("where");
            if (w instanceof YamlNode.Mapping wm) {
                for (var e : wm.entries().entrySet()) {
                    List<String> values = new ArrayList<>();
                    if (e.getValue() instanceof YamlNode.Sequence vs) {
                        for (YamlNode v : vs.items()) {
                            values.add(text(file, v, "a 'where' value"));
                        }
                    } else {
                        values.add(text(file, e.getValue(), "a 'where' value"));
                    }
                    where.put(e.getKey(), values);
                }
            } else if (w != null) {
                throw new InputException(file + ":" + w.line() + ":" + w.column() + ": 'where' maps field names to values");
            }
            java.time.LocalDate expires = null;
            if (m.get("expires") != null) {
                String d = text(file, m.get("expires"), "'expires'");
                try {
                    expires = java.time.LocalDate.parse(d);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new InputException(file + ":" + m.get("expires").line() + ": 'expires' is a date (2027-01-31): " + d);
                }
            }
            out.add(new Tuning.Entry(m.get("rule") == null ? null : text(file, m.get("rule"), "'rule'"), where,
                    m.get("reason") == null ? null : text(file, m.get("reason"), "'reason'"), expires, place));
        }
        try {
            new Tuning(out, java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
        return List.copyOf(out);
    }

    private static String text(Path file, YamlNode n, String what) {
        if (n instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        throw new InputException(file + ":" + n.line() + ":" + n.column() + ": " + what + " must be a text");
    }
}
