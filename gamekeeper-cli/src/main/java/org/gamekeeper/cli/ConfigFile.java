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
import org.gamekeeper.sigma.NearMiss;
import org.gamekeeper.sigma.yaml.YamlDocument;
import org.gamekeeper.sigma.yaml.YamlNode;
import org.gamekeeper.sigma.yaml.YamlReader;

/**
 * The configuration file of INTERFACES.md, as far as the rules commands need it: the
 * {@code placeholders} and {@code mappings} sections (mapping files, relative to the
 * configuration file). Every section name is checked, so a typo is an error naming
 * the key; the other sections are read by the commands that use them.
 */
record ConfigFile(Map<String, List<String>> placeholders, List<Path> mappings, ZoneId timeZone) {

    static final Set<String> SECTIONS = Set.of("placeholders", "mappings", "identities", "mail", "tuning", "time_zone");

    static ConfigFile empty() {
        return new ConfigFile(Map.of(), List.of(), null);
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
        return new ConfigFile(Map.copyOf(placeholders), List.copyOf(mappings), zone);
    }
}
