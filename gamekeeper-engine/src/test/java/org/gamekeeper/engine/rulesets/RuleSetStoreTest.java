package org.gamekeeper.engine.rulesets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetStoreTest {

    @TempDir
    Path dir;

    static final String RULE = "title: t\nid: 11111111-2222-3333-4444-555555555555\nlogsource: {product: windows}\n"
            + "detection:\n  sel: {EventID: 1102}\n  condition: sel\nlevel: high\n";

    /** A release-shaped archive: rules in folders, a licence, and files that are not rules. */
    static Path archive(Path dir, String name, Map<String, byte[]> entries) throws IOException {
        Path zip = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }

    private Path release() throws IOException {
        return archive(dir, "release.zip", Map.of("rules/windows/a.yml", RULE.getBytes(StandardCharsets.UTF_8),
                "rules/windows/b.yaml", RULE.replace("1111", "9999").getBytes(StandardCharsets.UTF_8),
                "LICENSE", "Detection Rule License".getBytes(StandardCharsets.UTF_8), "README.md", "x".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void installsRuleFilesWithVersionAndHashAndListsThem() throws Exception {
        Path zip = release();
        RuleSetStore store = new RuleSetStore(dir.resolve("data/gamekeeper/rules"));
        InstalledSet set = store.install(zip, "sigmahq", "r2030-01-01", RuleSetStore.sha256(zip), zip.toString());
        assertEquals(2, set.files());
        assertEquals("sigmahq@r2030-01-01", set.id());
        assertTrue(Files.isRegularFile(set.folder().resolve("rules/windows/a.yml")));
        assertTrue(Files.isRegularFile(set.folder().resolve("LICENSE")));
        assertFalse(Files.exists(set.folder().resolve("README.md")));
        List<InstalledSet> listed = store.installed();
        assertEquals(1, listed.size());
        assertEquals(RuleSetStore.sha256(zip), listed.get(0).sha256());
        // installing the same version again replaces it
        store.install(zip, "sigmahq", "r2030-01-01", null, zip.toString());
        assertEquals(1, store.installed().size());
        try (var left = Files.list(store.root())) {
            assertEquals(1, left.count(), "no staging folders left behind");
        }
    }

    @Test
    void aWrongHashInstallsNothing() throws Exception {
        Path zip = release();
        RuleSetStore store = new RuleSetStore(dir.resolve("rules"));
        IOException e = assertThrows(IOException.class, () -> store.install(zip, "sigmahq", "v1", "0".repeat(64), "x"));
        assertTrue(e.getMessage().contains("is not the expected " + "0".repeat(64)), e.getMessage());
        assertEquals(List.of(), store.installed());
    }

    @Test
    void entriesLeadingOutsideTheSetAreRefused() throws Exception {
        RuleSetStore store = new RuleSetStore(dir.resolve("store"));
        Path up = archive(dir, "up.zip", Map.of("rules/../../../../evil.yml", RULE.getBytes(StandardCharsets.UTF_8)));
        IOException e = assertThrows(IOException.class, () -> store.install(up, "sigmahq", "v1", null, "x"));
        assertTrue(e.getMessage().contains("leads outside"), e.getMessage());
        Path abs = archive(dir, "abs.zip", Map.of("/tmp/evil.yml", RULE.getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> store.install(abs, "sigmahq", "v1", null, "x"));
        assertFalse(Files.exists(dir.resolve("evil.yml")));
        assertEquals(List.of(), store.installed());
        try (var left = Files.list(store.root())) {
            assertEquals(0, left.count(), "the staging folder is removed");
        }
    }

    @Test
    void anEntryUnpackingBeyondItsBoundIsRefused() throws Exception {
        // 9 MiB of zeros compress to a few kilobytes: the bound is on what comes out, not what the header says
        Path bomb = archive(dir, "bomb.zip", Map.of("rules/big.yml", new byte[(int) RuleSetStore.MAX_ENTRY_BYTES + (1 << 20)]));
        assertTrue(Files.size(bomb) < 100_000);
        RuleSetStore store = new RuleSetStore(dir.resolve("store"));
        IOException e = assertThrows(IOException.class, () -> store.install(bomb, "sigmahq", "v1", null, "x"));
        assertTrue(e.getMessage().contains("unpacks to more than 8 MiB"), e.getMessage());
    }

    @Test
    void downloadsFromAnHttpServerThenVerifiesTheHash() throws Exception {
        Path zip = release();
        byte[] body = Files.readAllBytes(zip);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/release.zip", ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders().add("Location", "/release.zip");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/moved");
            Path got = RuleSetStore.download(url, Duration.ofSeconds(10));
            try {
                assertEquals(RuleSetStore.sha256(zip), RuleSetStore.sha256(got));
            } finally {
                Files.deleteIfExists(got);
            }
            URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing.zip");
            IOException e = assertThrows(IOException.class, () -> RuleSetStore.download(missing, Duration.ofSeconds(10)));
            assertTrue(e.getMessage().endsWith("HTTP 404"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theStoreFollowsXdgDataHomeAndThePinNamesAVersion() {
        assertEquals(Path.of("/data/x/gamekeeper/rules"), RuleSetStore.forUser(Map.of("XDG_DATA_HOME", "/data/x"), "/home/u").root());
        assertEquals(Path.of("/home/u/.local/share/gamekeeper/rules"), RuleSetStore.forUser(Map.of(), "/home/u").root());
        assertEquals(Path.of("/home/u/.local/share/gamekeeper/rules"), RuleSetStore.forUser(Map.of("XDG_DATA_HOME", "relative"), "/home/u").root());
        RuleSetStore.Pin pin = RuleSetStore.pinned();
        assertTrue(pin.url().toString().contains(pin.version()), pin.toString());
        assertTrue(pin.sha256().isEmpty() || pin.sha256().matches("[0-9a-f]{64}"), pin.sha256());
    }
}
