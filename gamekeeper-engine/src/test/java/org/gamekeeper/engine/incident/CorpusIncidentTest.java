package org.gamekeeper.engine.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.hunt.Hunt;
import org.gamekeeper.engine.detect.RuleIndex;
import org.gamekeeper.engine.mapping.LogSourceMapping;
import org.gamekeeper.engine.source.InputFile;
import org.gamekeeper.engine.source.Inputs;
import org.gamekeeper.engine.Problem;
import org.gamekeeper.sigma.CompiledRuleSet;
import org.gamekeeper.sigma.LoadOptions;
import org.gamekeeper.sigma.RuleSet;
import org.gamekeeper.sigma.compile.FieldResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SigmaHQ's Windows rules over the corpus's attack recordings, grouped into incidents. */
class CorpusIncidentTest {
    private static Path corpus;
    private static List<Alert> alerts;

    @BeforeAll
    static void hunt() throws Exception {
        corpus = Path.of(System.getProperty("gamekeeper.corpus", "../shared/corpus")).toAbsolutePath().normalize();
        if (!Files.isDirectory(corpus.resolve("evtx/evtx-attack-samples"))) {
            fail("the shared corpus is missing at " + corpus + " (set -Dgamekeeper.corpus=...)");
        }
        RuleSet set;
        try {
            set = RuleSet.load(List.of(corpus.resolve("sigma/rules/windows")), LoadOptions.defaults());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompiledRuleSet compiled = set.compile(FieldResolver.IDENTITY);
        RuleIndex index = RuleIndex.build(compiled, compiled.rules(), LogSourceMapping.builtin());
        List<Problem> problems = new ArrayList<>();
        List<InputFile> inputs = Inputs.expand(List.of(corpus.resolve("evtx/evtx-attack-samples").toString()), problems::add);
        alerts = new ArrayList<>();
        new Hunt(index, compiled.correlations(), Hunt.Settings.defaults(2)).run(inputs, new Hunt.Sink() {
            @Override
            public void alert(Alert a) {
                alerts.add(a);
            }

            @Override
            public void problem(Problem p) {
            }
        });
    }

    static IncidentGrouping.Result group(List<Alert> as) {
        return new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults())
                .group(as.stream().map(AlertEvidence::of).toList());
    }

    /**
     * The judgement on the corpus's multi-stage single-host recordings (Atomic Red Team
     * and an EDR testing script run on one host, Sysmon amid ordinary events): each, hunted alone,
     * is one intrusion on its host holding at least 80 % of the medium-or-above alerts, with at
     * least four tactics, in the order first seen.
     */
    @Test
    void multiStageSingleHostRecordingsBecomeOneIntrusionOnTheirHost() {
        for (String name : List.of("PanacheSysmon_vs_AtomicRedTeam01.evtx", "panache_sysmon_vs_EDRTestingScript.evtx")) {
            List<Alert> mine = alerts.stream().filter(a -> a.file().endsWith("/" + name)).toList();
            List<Alert> medium = mine.stream().filter(a -> IncidentGrouping.level(a.level()) >= 2).toList();
            assertTrue(medium.size() >= 40, name + ": medium+ alerts " + medium.size());
            IncidentGrouping.Result r = group(mine);
            Intrusion top = r.intrusions().stream().max(java.util.Comparator.comparingLong(i -> mediumIn(i))).orElseThrow();
            assertTrue(mediumIn(top) >= 0.8 * medium.size(), name + ": " + mediumIn(top) + " of " + medium.size());
            String host = org.gamekeeper.engine.incident.Account.host(medium.get(0).computer());
            assertEquals(List.of(host), top.hosts(), name);
            assertTrue(top.tactics().size() >= 4, name + ": " + top.tactics());
            // in order: each tactic's first alert comes no later than the next tactic's first alert
            java.util.Map<String, java.time.Instant> firstSeen = new java.util.HashMap<>();
            IncidentGrouping g = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults());
            for (Incident inc : top.incidents()) {
                for (Member m : inc.members()) {
                    for (org.gamekeeper.engine.attack.Tactic t : g.tacticsOf(m.alert(), new java.util.TreeMap<>())) {
                        firstSeen.merge(t.shortName(), m.alert().timestamp(), (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
            }
            for (int k = 1; k < top.tactics().size(); k++) {
                assertTrue(!firstSeen.get(top.tactics().get(k - 1).shortName()).isAfter(firstSeen.get(top.tactics().get(k).shortName())),
                        name + ": " + top.tactics());
            }
        }
    }

    private static long mediumIn(Intrusion i) {
        return i.incidents().stream().flatMap(x -> x.members().stream()).filter(m -> IncidentGrouping.level(m.alert().level()) >= 2).count();
    }

    /** Every alert of the 277 recordings is in exactly one incident, and incidents on several hosts say why. */
    @Test
    void everyCorpusAlertIsInExactlyOneIncidentAndEveryLinkIsStated() throws IOException {
        IncidentGrouping.Result r = group(alerts);
        java.util.Set<Alert> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Incident i : r.incidents()) {
            for (Member m : i.members()) {
                assertTrue(seen.add(m.alert()), "alert in two incidents: " + m.ref());
            }
            assertTrue(i.hosts().size() <= 1, "an incident is on one host: " + i.hosts());
        }
        assertEquals(alerts.size(), seen.size());
        for (Intrusion i : r.intrusions()) {
            assertEquals(i.incidents().size() > 1, !i.links().isEmpty(), i.id() + " " + i.links());
        }
        StringBuilder b = new StringBuilder();
        b.append("alerts ").append(alerts.size()).append(" incidents ").append(r.incidents().size()).append(" intrusions ")
                .append(r.intrusions().size()).append('\n');
        for (Intrusion i : r.intrusions()) {
            b.append(i.id()).append(' ').append(i.alertCount()).append(' ').append(i.hosts()).append(' ').append(i.summary()).append('\n');
        }
        java.util.Map<String, java.util.Set<String>> intrusionsOfFile = new java.util.TreeMap<>();
        java.util.Map<String, java.util.Set<String>> filesOfIntrusion = new java.util.TreeMap<>();
        for (Intrusion i : r.intrusions()) {
            for (Incident inc : i.incidents()) {
                for (Member m : inc.members()) {
                    intrusionsOfFile.computeIfAbsent(m.alert().file(), k -> new java.util.TreeSet<>()).add(i.id());
                    filesOfIntrusion.computeIfAbsent(i.id(), k -> new java.util.TreeSet<>()).add(m.alert().file());
                }
            }
        }
        b.append("files with alerts ").append(intrusionsOfFile.size()).append("; split over several intrusions ")
                .append(intrusionsOfFile.values().stream().filter(x -> x.size() > 1).count()).append("; intrusions holding several files ")
                .append(filesOfIntrusion.values().stream().filter(x -> x.size() > 1).count()).append('\n');
        intrusionsOfFile.forEach((f, x) -> {
            if (x.size() > 1) {
                b.append("split ").append(f).append(' ').append(x).append('\n');
            }
        });
        filesOfIntrusion.forEach((i, x) -> b.append("files ").append(i).append(' ').append(x.size()).append('\n'));
        Files.writeString(Path.of("target/corpus-incidents.txt"), b.toString());
    }
}
