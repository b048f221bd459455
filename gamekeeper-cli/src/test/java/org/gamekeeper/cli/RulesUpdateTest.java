package org.gamekeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rules update and rules list against a local HTTP server and a store in a temporary folder. */
class RulesUpdateTest {

    @TempDir
    Path dir;

    @BeforeEach
    void store() {
        System.setProperty("gamekeeper.data", dir.resolve("data").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("gamekeeper.data");
    }

    private Path archive() throws IOException {
        Path zip = dir.resolve("sigma_all_rules.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("rules/windows/builtin/security/log_cleared.yml"));
            out.write(("title: Security log cleared\nid: 8f2d1c3e-0b5a-4e2b-9a51-1d1f0f6b7a10\nstatus: test\nlogsource: {product: windows, service: security}\n"
                    + "detection:\n  sel: {EventID: 1102}\n  condition: sel\nlevel: high\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return zip;
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void downloadsVerifiesInstallsAndListsTheSet() throws Exception {
        Path zip = archive();
        byte[] body = Files.readAllBytes(zip);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sigma_all_rules.zip", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/sigma_all_rules.zip";
            CliRun wrong = CliRun.run("rules", "update", "--url", url, "--release", "r2030-01-01", "--sha256", "ab".repeat(32));
            assertEquals(3, wrong.exit(), wrong.err());
            assertTrue(wrong.err().contains("is not the expected"), wrong.err());
            CliRun ok = CliRun.run("rules", "update", "--url", url, "--release", "r2030-01-01", "--sha256", sha256(zip));
            assertEquals(0, ok.exit(), ok.err());
            assertTrue(ok.err().contains("installed sigmahq@r2030-01-01 (1 rule files, SHA-256 " + sha256(zip) + ", verified)"), ok.err());
        } finally {
            server.stop(0);
        }
        CliRun list = CliRun.run("rules", "list", "--format", "json");
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().startsWith("{\"set\":\"sigmahq@r2030-01-01\",\"version\":\"r2030-01-01\",\"sha256\":\"" + sha256(zip) + "\",\"files\":1,"), list.out());
        Path installed = dir.resolve("data/gamekeeper/rules/sigmahq-r2030-01-01/rules/windows/builtin/security/log_cleared.yml");
        assertTrue(Files.isRegularFile(installed));
        CliRun check = CliRun.run("rules", "check", dir.resolve("data/gamekeeper/rules").toString());
        assertTrue(check.err().contains("rules: 1 loaded, 0 failed"), check.err());
    }

    @Test
    void fromAFileWithoutInternetAndAMirrorNeedsAHash() throws Exception {
        Path zip = archive();
        CliRun r = CliRun.run("rules", "update", "--from", zip.toString(), "--release", "local-1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("not checked against a pinned hash"), r.err());
        assertTrue(CliRun.run("rules", "list").out().startsWith("sigmahq@local-1\t" + sha256(zip) + "\t1\t"));
        // the installed set joins the default rules, and its alerts name it (INTERFACES.md rule_source)
        Path events = dir.resolve("events.json");
        Files.writeString(events, "{\"EventID\":1102,\"Channel\":\"Security\",\"Computer\":\"DC1\",\"@timestamp\":\"2024-03-01T10:00:00Z\"}\n");
        CliRun hunt = CliRun.run("hunt", "--no-progress", "--no-rarity", events.toString());
        assertEquals(0, hunt.exit(), hunt.err());
        assertTrue(hunt.out().contains("\"rule_title\":\"Security log cleared\"") && hunt.out().contains("\"rule_source\":\"sigmahq@local-1\""),
                hunt.out());
        assertEquals(2, CliRun.run("rules", "update", "--url", "http://127.0.0.1:1/x.zip").exit());
        assertEquals(2, CliRun.run("rules", "update", "--from", zip.toString(), "--sha256", "xyz").exit());
    }
}
