package org.gamekeeper.bench;

import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.gamekeeper.engine.incident.AlertEvidence;
import org.gamekeeper.engine.incident.IncidentGrouping;
import org.gamekeeper.report.Case;
import org.gamekeeper.report.HtmlReport;
import org.gamekeeper.sigma.rule.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast the HTML report of a large case opens: seeded alerts (300 hosts, 2,000 accounts, six
 * rules, 90 days; as the report's browser test makes them) are grouped and written as one report,
 * which headless Chromium (Debian's {@code chromium} through {@code chromium-driver}, nothing
 * downloaded) opens several times, each from a blank page. Times are read from the page's own
 * Performance API, from navigation start: the first page of the alert table in the document (the
 * report's {@code gk-table} mark), and drawn after the next frame with the charts above it
 * ({@code gk-drawn}); besides them the first contentful paint and the load event. Prints the
 * medians of the loads after the first (the first, with a cold cache, is printed apart) and the
 * report's size. Asserts nothing.
 *
 * <pre>
 * gamekeeper-bench/scripts/report-open-bench.sh [ALERTS] [LOADS]
 * java -cp gamekeeper-bench/target/gamekeeper-bench.jar org.gamekeeper.bench.ReportOpenFigure 100000 9
 * </pre>
 */
public final class ReportOpenFigure {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    /** What is read: the report's marks (its script starts, its data parsed, the table's first page, drawn), paint and load. */
    private static final String[] MEASURES = {"gk-script", "gk-data", "gk-table", "gk-drawn", "first-contentful-paint", "load"};
    /** Main-thread work by kind (Chrome's accounting), from before the navigation to the report drawn. */
    private static final String[] BUSY = {"TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"};
    private static final String TIMES = "var p = performance, m = function (n) { var e = p.getEntriesByName(n); return e.length ? e[0].startTime : -1; };"
            + " var nav = p.getEntriesByType('navigation')[0];"
            + " return [m('gk-script'), m('gk-data'), m('gk-table'), m('gk-drawn'), m('first-contentful-paint'), nav ? nav.loadEventEnd : -1];";

    private ReportOpenFigure() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed at " + CHROMIUM + " and " + DRIVER);
        }
        Path dir = Files.createTempDirectory("gamekeeper-report-open");
        Path page = dir.resolve("report-" + n + ".html");
        long t0 = System.nanoTime();
        List<AlertEvidence> alerts = synthesise(n, 5);
        IncidentGrouping.Result grouped = new IncidentGrouping(AttackCatalog.enterprise(), IncidentGrouping.Settings.defaults()).group(alerts);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("gamekeeper", "ReportOpenFigure");
        try (Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
            new HtmlReport(AttackCatalog.enterprise()).write(new Case(alerts, grouped, List.of(), List::of, provenance), w);
        }
        double written = (System.nanoTime() - t0) / 1e9;
        System.out.printf("report of %d alerts (%d incidents, %d intrusions): %.1f MB, grouped and written in %.1f s%n", n,
                grouped.incidents().size(), grouped.intrusions().size(), Files.size(page) / 1e6, written);

        Path profile = dir.resolve("profile");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,2400");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        ChromeDriver browser = new ChromeDriver(service, o);
        double[][] ms = new double[MEASURES.length][loads];
        double[][] busy = new double[BUSY.length][loads];
        try {
            browser.executeCdpCommand("Performance.enable", Map.of("timeDomain", "threadTicks"));
            for (int r = 0; r < loads; r++) {
                browser.get("about:blank");
                Map<String, Double> before = metrics(browser);
                browser.get(page.toUri().toString());
                new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> ((Number) ((JavascriptExecutor) d)
                        .executeScript("var e = performance.getEntriesByName('gk-drawn'); return e.length;")).intValue() > 0);
                List<?> times = (List<?>) browser.executeScript(TIMES);
                for (int k = 0; k < MEASURES.length; k++) {
                    ms[k][r] = ((Number) times.get(k)).doubleValue();
                }
                Map<String, Double> after = metrics(browser);
                for (int k = 0; k < BUSY.length; k++) {
                    busy[k][r] = 1000 * (after.getOrDefault(BUSY[k], 0.0) - before.getOrDefault(BUSY[k], 0.0));
                }
            }
        } finally {
            browser.quit();
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("first load (cold):");
        for (int k = 0; k < MEASURES.length; k++) {
            System.out.printf(" %s %.0f ms", MEASURES[k], ms[k][0]);
        }
        System.out.println();
        System.out.printf("median of %d loads after it (min-max), from navigation start:%n", loads - 1);
        for (int k = 0; k < MEASURES.length; k++) {
            double[] v = Arrays.copyOfRange(ms[k], 1, loads);
            Arrays.sort(v);
            System.out.printf("  %-24s %6.0f ms (%.0f-%.0f)%n", MEASURES[k], v[v.length / 2], v[0], v[v.length - 1]);
        }
        System.out.printf("the page's main thread busy until drawn (Chrome's own accounting, CPU time; median, min-max):%n");
        for (int k = 0; k < BUSY.length; k++) {
            double[] v = Arrays.copyOfRange(busy[k], 1, loads);
            Arrays.sort(v);
            System.out.printf("  %-24s %6.0f ms (%.0f-%.0f)%n", BUSY[k], v[v.length / 2], v[0], v[v.length - 1]);
        }
    }

    /** Chrome's page metrics (DevTools Performance domain), by name; durations in seconds. */
    private static Map<String, Double> metrics(ChromeDriver browser) {
        Map<String, Double> out = new LinkedHashMap<>();
        Object list = browser.executeCdpCommand("Performance.getMetrics", Map.of()).get("metrics");
        for (Object o : (List<?>) list) {
            Map<?, ?> m = (Map<?, ?>) o;
            out.put(String.valueOf(m.get("name")), ((Number) m.get("value")).doubleValue());
        }
        return out;
    }

    /** The report test's large case: seeded alerts over 90 days on 300 hosts, six rules, 2,000 accounts. */
    static List<AlertEvidence> synthesise(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[][] rules = {{"attack.execution attack.t1059.001", "medium"}, {"attack.discovery attack.t1087.002", "low"},
            {"attack.credential-access attack.t1003.001", "high"}, {"attack.persistence attack.t1053.005", "medium"},
            {"attack.defense-evasion attack.t1070.001", "critical"}, {"attack.lateral-movement attack.t1021.002", "informational"}};
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        List<AlertEvidence> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String[] r = rules[rnd.nextInt(rules.length)];
            String host = "ws" + rnd.nextInt(300);
            Instant t = t0.plusSeconds(rnd.nextLong(90L * 86400));
            List<String> tags = List.of(r[0].split(" "));
            String file = host + "/Security.evtx";
            out.add(AlertEvidence.of(new Alert(t, "rule-" + r[0].hashCode(), "Rule " + r[0], "Gamekeeper bench", "builtin",
                    Level.of(r[1]), tags, Alert.techniques(tags), host, "Security", 4688, (long) i, null, file, Map.of(),
                    List.of(file + "#" + i), Alert.Kind.RULE, 1, t, t, Map.of("SubjectUserName", "u" + rnd.nextInt(2000),
                            "SubjectDomainName", "CORP"))));
        }
        return out;
    }
}
