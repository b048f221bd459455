package org.gamekeeper.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.gamekeeper.engine.attack.AttackCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report in a real browser: Debian's chromium through chromium-driver (installed by ./test;
 * nothing is downloaded), headless, with a fresh profile. Checks that the incidents, charts and
 * heat map render, that no script failed and that the page asked the network for nothing.
 */
class BrowserReportTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(DRIVER))) {
            fail("Debian's chromium and chromium-driver are needed at " + CHROMIUM + " and " + DRIVER + " (./test installs them)");
        }
        profile = Files.createTempDirectory("gamekeeper-chromium");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,2400");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL", LogType.PERFORMANCE, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
        browser = new ChromeDriver(service, o);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path write(Case c, String name) throws Exception {
        Path out = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(out.getParent());
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new HtmlReport(AttackCatalog.enterprise()).write(c, w);
        }
        return out;
    }

    /** Requests the page made other than for itself, from the performance log. */
    private static List<String> requests(String self) {
        List<String> out = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            String m = e.getMessage();
            if (m.contains("\"Network.requestWillBeSent\"")) {
                int i = m.indexOf("\"url\":\"");
                String url = i < 0 ? m : m.substring(i + 7, m.indexOf('"', i + 7));
                // the browser's own pages (its new-tab page loads its resources as chrome://…) are not the report's
                boolean browserInternal = url.startsWith("chrome://") || url.startsWith("chrome-untrusted://")
                        || url.startsWith("devtools://");
                if (!url.equals(self) && !url.startsWith("data:") && !browserInternal) {
                    out.add(url);
                }
            }
        }
        return out;
    }

    private static List<String> errors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    @Test
    void theStoryReportRendersIncidentsChartsAndHeatMapWithoutErrorsOrNetwork() throws Exception {
        Path page = write(ReportFixture.caseOf(ReportFixture.story()), "report-story.html");
        String url = page.toUri().toString();
        browser.manage().logs().get(LogType.PERFORMANCE); // start with empty logs
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(url);
        List<WebElement> intrusions = browser.findElements(By.cssSelector("article.intrusion"));
        assertEquals(1, intrusions.size());
        assertEquals(4, browser.findElements(By.cssSelector("tr.incident")).size(), "mail, exch01, dc01, fs01");
        assertTrue(browser.findElements(By.cssSelector("svg.timeline rect")).size() >= 4, "timeline bars");
        assertTrue(browser.findElements(By.cssSelector("svg.bars rect")).size() >= 3, "alerts-over-time bars");
        List<WebElement> cells = browser.findElements(By.cssSelector("td.hm-cell"));
        assertTrue(cells.size() >= 8, "heat map cells: " + cells.size());
        assertTrue(cells.get(0).getSize().getHeight() > 10, "heat map cells are laid out");
        assertEquals(9, browser.findElements(By.cssSelector("#alert-table tbody tr")).size(), "the paged table is filled by the script");
        List<WebElement> first = browser.findElements(By.cssSelector("#alert-table tbody tr:first-child td"));
        assertEquals(List.of("2021-07-25 09:12:00", "high", "Phishing e-mail (suspicious): tracking beacon", "(mail)", "mail/message.eml#1"),
                first.stream().map(WebElement::getText).toList(), "the first row, decoded from the embedded columns");
        assertTrue(browser.findElement(By.id("summary")).getText().contains("first evidence: 2021-07-25T09:12:00Z"),
                browser.findElement(By.id("summary")).getText());
        assertEquals(List.of(), errors(), "JavaScript errors or CSP violations");
        assertEquals(List.of(), requests(url), "network requests");
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target", "report-screenshot.png"), png);
        assertTrue(png.length > 10_000);
    }

    @Test
    void aHundredThousandAlertsOpenPagedAndBounded() throws Exception {
        Path page = write(ReportFixture.caseOf(ReportFixture.large(100_000)), "report-100k.html");
        assertTrue(Files.size(page) < 16_000_000, "bytes: " + Files.size(page));
        browser.manage().logs().get(LogType.BROWSER);
        browser.get(page.toUri().toString());
        // The table is filled by the page's script over 100,000 rows of data: on a loaded machine
        // that may finish after the load event; wait for it (a bound, not a speed assertion).
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.cssSelector("#alert-table tbody tr")).size() == 100);
        } catch (TimeoutException e) {
            fail("the alert table never showed its first page of 100 rows; browser console: " + errors());
        }
        assertEquals(100, browser.findElements(By.cssSelector("#alert-table tbody tr")).size(), "one page of 100 rows");
        assertTrue(browser.findElement(By.id("alert-page")).getText().contains("of 1000"), browser.findElement(By.id("alert-page")).getText());
        browser.findElement(By.id("alert-next")).click();
        assertTrue(browser.findElement(By.id("alert-page")).getText().startsWith("page 2 "));
        assertEquals(List.of(), errors());
    }
}
