package org.gamekeeper.engine.rulesets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The rule sets under {@code <data>/gamekeeper/rules} ({@code $XDG_DATA_HOME}, else
 * {@code ~/.local/share}): one folder per set and version, holding the rule files and
 * {@code set.properties} (version, SHA-256, source). An install unpacks into a temporary folder
 * beside the final one and moves it into place, so a failed install leaves the old set whole.
 */
public final class RuleSetStore {

    /** Largest archive downloaded or read. */
    public static final long MAX_ARCHIVE_BYTES = 256L << 20;
    /** Most bytes unpacked in all (zip bombs). */
    public static final long MAX_UNPACKED_BYTES = 1L << 30;
    /** Largest single rule file unpacked. */
    public static final long MAX_ENTRY_BYTES = 8L << 20;
    /** Most archive entries looked at. */
    public static final int MAX_ENTRIES = 200_000;

    private final Path root;

    public RuleSetStore(Path root) {
        this.root = root;
    }

    /** The store of this user: {@code $XDG_DATA_HOME/gamekeeper/rules}, else {@code ~/.local/share/gamekeeper/rules}. */
    public static RuleSetStore forUser(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return new RuleSetStore(data.resolve("gamekeeper").resolve("rules"));
    }

    public Path root() {
        return root;
    }

    /** The release pinned in this build. */
    public record Pin(String version, URI url, String sha256) { }

    public static Pin pinned() {
        Properties p = new Properties();
        try (InputStream in = RuleSetStore.class.getResourceAsStream("sigmahq.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("sigmahq.properties is missing from the build", e);
        }
        return new Pin(p.getProperty("version"), URI.create(p.getProperty("url")), p.getProperty("sha256", "").trim().toLowerCase(Locale.ROOT));
    }

    /** Folders looked at by {@link #setOf}: whether each is an installed set's, and which. */
    private static final ConcurrentHashMap<Path, String> SET_OF_FOLDER = new ConcurrentHashMap<>();
    private static final String NO_SET = "";
    /** How far above a rule file {@link #setOf} looks for the set's folder (SigmaHQ nests rules 5 deep). */
    private static final int MAX_SET_DEPTH = 12;

    /**
     * The installed set a rule file belongs to, as alerts name it ({@code sigmahq@r2024-12-19}),
     * or null for a rule file of no installed set: the nearest folder above it holding a
     * {@code set.properties} that names the set. Each folder is read once.
     */
    public static String setOf(Path ruleFile) {
        Path d = ruleFile.toAbsolutePath().normalize().getParent();
        for (int depth = 0; d != null && depth < MAX_SET_DEPTH; depth++, d = d.getParent()) {
            String id = SET_OF_FOLDER.computeIfAbsent(d, RuleSetStore::readSetId);
            if (!id.isEmpty()) {
                return id;
            }
        }
        return null;
    }

    private static String readSetId(Path folder) {
        Path meta = folder.resolve("set.properties");
        if (!Files.isRegularFile(meta)) {
            return NO_SET;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(meta)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return NO_SET;
        }
        String version = p.getProperty("version");
        return version == null ? NO_SET : p.getProperty("name", "sigmahq") + "@" + version;
    }

    /** The sets installed, newest install first within a name; none when the folder does not exist. */
    public List<InstalledSet> installed() throws IOException {
        List<InstalledSet> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (var dirs = Files.list(root)) {
            for (Path d : dirs.sorted().toList()) {
                Path meta = d.resolve("set.properties");
                if (!Files.isRegularFile(meta) || d.getFileName().toString().startsWith(".")) {
                    continue;
                }
                Properties p = new Properties();
                try (InputStream in = Files.newInputStream(meta)) {
                    p.load(in);
                }
                out.add(new InstalledSet(p.getProperty("name", "sigmahq"), p.getProperty("version", "?"), p.getProperty("sha256", ""),
                        p.getProperty("source", ""), Integer.parseInt(p.getProperty("files", "0")), d));
            }
        }
        return out;
    }

    /**
     * Downloads {@code url} into a temporary file (at most {@link #MAX_ARCHIVE_BYTES}), returning
     * it; the caller deletes it. HTTP redirects are followed; anything but 200 is an error.
     */
    public static Path download(URI url, Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(timeout).build();
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "gamekeeper").GET().build();
        HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException(url + ": HTTP " + resp.statusCode());
            }
            Path tmp = Files.createTempFile("gamekeeper-rules-", ".zip");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                copyBounded(body, out, MAX_ARCHIVE_BYTES, url + ": larger than " + (MAX_ARCHIVE_BYTES >> 20) + " MiB");
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
            return tmp;
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Installs the rule files ({@code .yml}, {@code .yaml}) and licence files of a zip archive
     * as set {@code name@version}, replacing an install of the same version.
     *
     * @param expectedSha256 the archive's pinned hash, or null to record the hash found
     * @throws IOException naming the archive and entry when the hash differs, an entry would land
     *                     outside the set's folder, or a bound is passed; nothing is installed then
     */
    public InstalledSet install(Path archive, String name, String version, String expectedSha256, String source) throws IOException {
        if (!version.matches("[A-Za-z0-9._-]{1,64}") || !name.matches("[a-z0-9-]{1,32}")) {
            throw new IOException("a rule set name and version are letters, digits, '.', '_' and '-': " + name + "@" + version);
        }
        if (Files.size(archive) > MAX_ARCHIVE_BYTES) {
            throw new IOException(archive + ": larger than " + (MAX_ARCHIVE_BYTES >> 20) + " MiB");
        }
        String sha = sha256(archive);
        if (expectedSha256 != null && !expectedSha256.isBlank() && !sha.equalsIgnoreCase(expectedSha256.strip())) {
            throw new IOException(archive.getFileName() + ": SHA-256 " + sha + " is not the expected " + expectedSha256.strip().toLowerCase(Locale.ROOT)
                    + "; not installed");
        }
        Files.createDirectories(root);
        Path target = root.resolve(name + "-" + version);
        Path staging = Files.createTempDirectory(root, ".install-");
        int files;
        try {
            files = unpack(archive, staging);
            if (files == 0) {
                throw new IOException(archive.getFileName() + ": no rule files (.yml, .yaml) inside; not installed");
            }
            Properties p = new Properties();
            p.setProperty("name", name);
            p.setProperty("version", version);
            p.setProperty("sha256", sha);
            p.setProperty("source", source);
            p.setProperty("files", Integer.toString(files));
            p.setProperty("installed", Instant.now().toString());
            try (OutputStream out = Files.newOutputStream(staging.resolve("set.properties"))) {
                p.store(out, "installed by gamekeeper rules update");
            }
            if (Files.exists(target)) {
                Path old = Files.createTempDirectory(root, ".old-");
                Files.delete(old);
                move(target, old);
                move(staging, target);
                deleteTree(old);
            } else {
                move(staging, target);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        return new InstalledSet(name, version, sha, source, files, target);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Unpacks rule and licence files under {@code dir}; returns the rule files written. */
    static int unpack(Path archive, Path dir) throws IOException {
        int rules = 0;
        int entries = 0;
        long total = 0;
        Path base = dir.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive), StandardCharsets.UTF_8)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > MAX_ENTRIES) {
                    throw new IOException(archive.getFileName() + ": more than " + MAX_ENTRIES + " entries; not installed");
                }
                String n = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                String lower = n.toLowerCase(Locale.ROOT);
                boolean rule = lower.endsWith(".yml") || lower.endsWith(".yaml");
                boolean licence = lower.endsWith("license") || lower.endsWith("license.txt") || lower.endsWith("licence") || lower.endsWith("drl.md")
                        || lower.endsWith("license.md");
                if (!rule && !licence) {
                    continue;
                }
                if (n.startsWith("/") || n.startsWith("\\") || n.contains("\\") || n.contains("\u0000") || n.matches("^[A-Za-z]:.*")) {
                    throw new IOException(archive.getFileName() + ": entry " + n + " names an absolute path; not installed");
                }
                Path out = base.resolve(n).normalize();
                if (!out.startsWith(base) || out.equals(base)) {
                    throw new IOException(archive.getFileName() + ": entry " + n + " leads outside the rule set's folder; not installed");
                }
                Files.createDirectories(out.getParent());
                long written;
                try (OutputStream o = Files.newOutputStream(out)) {
                    written = copyBounded(zip, o, MAX_ENTRY_BYTES, archive.getFileName() + ": entry " + n + " unpacks to more than "
                            + (MAX_ENTRY_BYTES >> 20) + " MiB; not installed");
                }
                total += written;
                if (total > MAX_UNPACKED_BYTES) {
                    throw new IOException(archive.getFileName() + ": unpacks to more than " + (MAX_UNPACKED_BYTES >> 20) + " MiB; not installed");
                }
                rules += rule ? 1 : 0;
            }
        } catch (IllegalArgumentException badName) {
            throw new IOException(archive.getFileName() + ": not a readable zip archive: " + badName.getMessage(), badName);
        }
        return rules;
    }

    private static long copyBounded(InputStream in, OutputStream out, long max, String tooLarge) throws IOException {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > max) {
                throw new IOException(tooLarge);
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
