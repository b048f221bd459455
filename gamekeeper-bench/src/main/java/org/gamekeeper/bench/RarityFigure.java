package org.gamekeeper.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.baseline.BaselineFile;
import org.gamekeeper.engine.baseline.LotlTools;
import org.gamekeeper.engine.baseline.RarityStage;
import org.gamekeeper.engine.baseline.Tallies;
import org.gamekeeper.engine.source.Sources;
import org.gamekeeper.engine.source.Inputs;

/**
 * What rarity alone flags on some evidence: every event through the rarity stage (no rules),
 * against a baseline file or stacked within the data. Prints events read, findings per facet
 * and per host, and the explanations.
 *
 * <pre>java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.RarityFigure [--baseline FILE] PATH...</pre>
 */
public final class RarityFigure {
    private RarityFigure() {
    }

    public static void main(String[] args) throws Exception {
        Path baseline = null;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--baseline")) {
                baseline = Path.of(args[++i]);
            } else {
                paths.add(args[i]);
            }
        }
        RarityStage stage;
        if (baseline != null) {
            Tallies t;
            try (BaselineFile f = BaselineFile.open(baseline)) {
                t = f.read();
            }
            stage = RarityStage.againstBaseline(t, LotlTools.builtin());
        } else {
            stage = RarityStage.withinData(LotlTools.builtin(), RarityStage.DEFAULT_MAX_HELD);
        }
        List<Alert> alerts = new ArrayList<>();
        long[] events = {0};
        Sources.plain().readAll(Inputs.expand(paths, p -> { }), e -> {
            events[0]++;
            stage.accept(e, List.of()).stream().filter(stage::admit).forEach(alerts::add);
        }, p -> { });
        alerts.addAll(stage.finish());
        Map<String, Integer> byFacet = new TreeMap<>();
        Map<String, Integer> byHost = new TreeMap<>();
        for (Alert a : alerts) {
            byFacet.merge(a.ruleId().replace("gamekeeper-rarity-", ""), 1, Integer::sum);
            byHost.merge(String.valueOf(a.computer()), 1, Integer::sum);
        }
        System.out.println("events " + events[0] + ", rarity alerts " + alerts.size() + " (" + byFacet + ") on " + byHost.size()
            + " host(s); unjudged " + stage.unjudged());
        for (Alert a : alerts) {
            System.out.println(a.file().substring(a.file().lastIndexOf('/') + 1) + "\t" + a.details().get("rarity"));
        }
    }
}
