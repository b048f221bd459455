package org.gamekeeper.engine.source;

import org.gamekeeper.engine.Problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.source.InputFile.Packing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @TempDir
    Path dir;

    final List<Problem> problems = new ArrayList<>();
    final List<Event> events = new ArrayList<>();

    static final String EVENTS = JsonSourceTest.ONE + "\n" + JsonSourceTest.TWO + "\n" + JsonSourceTest.THREE + "\n";

    Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static byte[] tar(String name, byte[] content) {
        byte[] header = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, header, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
        int padded = (content.length + 511) / 512 * 512;
        byte[] all = new byte[512 + padded + 1024];
        System.arraycopy(header, 0, all, 0, 512);
        System.arraycopy(content, 0, all, 512, content.length);
        return all;
    }

    List<InputFile> expand(String... args) {
        return Inputs.expand(List.of(args), problems::add);
    }

    void readAll(List<InputFile> inputs) {
        JsonSource json = new JsonSource();
        for (InputFile in : inputs) {
            json.read(in, events::add, problems::add);
        }
    }

    @Test
    void recognisesKindByContentNotByName() throws IOException {
        byte[] evtx = Arrays.copyOf("ElfFile\0".getBytes(StandardCharsets.US_ASCII), 4096);
        write("a-evtx.json", evtx);
        write("b-json.log", "  \n" + EVENTS);
        write("c-iis.txt", "#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
            + "#Fields: date time s-ip cs-method cs-uri-stem\n");
        write("d-apache", "203.0.113.7 - - [02/Mar/2024:10:15:30 +0000] \"GET /owa/ HTTP/1.1\" 200 512 \"-\" \"curl\"\n");
        write("e-mbox", "From alice@example.org Sat Mar  2 10:15:30 2024\nFrom: alice@example.org\n\nhi\n");
        write("f-message", "Received: from mx.example.org\nFrom: \"Alice\" <alice@example.org>\nSubject: invoice\n\nhi\n");
        write("g-exchange.log", "DateTime,RequestId,MajorVersion,MinorVersion\n");
        List<InputFile> found = expand(dir.toString());
        assertEquals(List.of(InputKind.EVTX, InputKind.JSON, InputKind.WEB_LOG, InputKind.WEB_LOG, InputKind.MAIL,
            InputKind.MAIL, InputKind.WEB_LOG), found.stream().map(InputFile::kind).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void unknownEmptyAndMissingFilesAreProblemsNotFailures() throws IOException {
        write("a.bin", new byte[] {0x7f, 'E', 'L', 'F', 2, 1});
        write("b.json", "");
        write("c.json", EVENTS);
        List<InputFile> found = expand(dir.toString(), dir.resolve("nope.json").toString());
        assertEquals(1, found.size());
        assertEquals(3, problems.size());
        assertTrue(problems.get(0).what().contains("7f454c46"), problems.get(0).what());
        assertEquals("empty file", problems.get(1).what());
        assertEquals("no such file or folder", problems.get(2).what());
    }

    @Test
    void foldersRecurseInSortedOrder() throws IOException {
        write("b/2.json", EVENTS);
        write("b/10.json", EVENTS);
        write("a/z/1.json", EVENTS);
        write("c.json", EVENTS);
        List<String> names = expand(dir.toString()).stream()
            .map(f -> dir.relativize(f.path()).toString().replace('\\', '/')).toList();
        assertEquals(List.of("a/z/1.json", "b/10.json", "b/2.json", "c.json"), names);
    }

    @Test
    void dashReadsAPathListFromStdin() throws IOException {
        Path a = write("a.json", EVENTS);
        Path b = write("b.json", EVENTS);
        List<InputFile> found = new ArrayList<>();
        String list = b + "\n\n" + a + "\n";
        Inputs.expand(List.of("-"), new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
            found::add, problems::add);
        assertEquals(List.of(b, a), found.stream().map(InputFile::path).toList());
        assertEquals(b.toString(), found.get(0).name());
    }

    @Test
    void gzipIsReadAsWhatItHolds() throws IOException {
        write("events.log.gz", gzip(EVENTS.getBytes(StandardCharsets.UTF_8)));
        List<InputFile> found = expand(dir.toString());
        assertEquals(InputKind.JSON, found.get(0).kind());
        assertEquals(Packing.GZIP, found.get(0).packing());
        readAll(found);
        assertEquals(3, events.size());
        assertEquals(List.of(), problems);
    }

    @Test
    void eachZipMemberIsAnInputOfItsOwnKind() throws IOException {
        write("x.zip", zip("one.json", EVENTS, "notes.txt", "nothing here\n", "__MACOSX/._one.json", "\0\5\u0016\7",
            "sub/two.json", "[" + JsonSourceTest.ONE + "]"));
        List<InputFile> found = expand(dir.toString());
        assertEquals(List.of("one.json", "sub/two.json"), found.stream().map(InputFile::member).toList());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).file().endsWith("x.zip!/notes.txt"), problems.get(0).file());
        readAll(found);
        assertEquals(4, events.size());
        assertTrue(events.get(3).file().endsWith("x.zip!/sub/two.json"));
    }

    @Test
    void archiveInsideAnArchiveIsReportedNotGuessed() throws IOException {
        byte[] inner = gzip(EVENTS.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("inner.json.gz"));
            zip.write(inner);
            zip.closeEntry();
        }
        write("outer.zip", out.toByteArray());
        assertEquals(List.of(), expand(dir.toString()));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).what().contains("archive inside an archive"), problems.get(0).what());
    }

    @Test
    void jsonSourceRefusesOtherKinds() throws IOException {
        write("a.evtx", Arrays.copyOf("ElfFile\0".getBytes(StandardCharsets.US_ASCII), 4096));
        InputFile evtx = expand(dir.toString()).get(0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new JsonSource().read(evtx, events::add, problems::add));
    }

    @Test
    void tarInsideGzipIsReadMemberByMember() throws IOException {
        write("d.tar.gz", gzip(tar("dataset.json", EVENTS.getBytes(StandardCharsets.UTF_8))));
        List<InputFile> found = expand(dir.toString());
        assertEquals(1, found.size());
        assertEquals(Packing.GZIP_TAR, found.get(0).packing());
        readAll(found);
        assertEquals(List.of("alice", "bob", "eve"), events.stream().map(e -> e.field("TargetUserName")).toList());
        assertEquals(List.of(), problems);
    }

    @Test
    void truncatedGzipKeepsTheEventsBeforeTheCutAndReportsIt() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("{\"EventID\":").append(i).append(",\"Pad\":\"").append(Integer.toHexString(i * 7919))
                .append("\"}\n");
        }
        byte[] gz = gzip(many.toString().getBytes(StandardCharsets.UTF_8));
        write("cut.json.gz", Arrays.copyOf(gz, gz.length / 2));
        readAll(expand(dir.toString()));
        assertTrue(events.size() > 100 && events.size() < 2000, "events: " + events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i, events.get(i).eventId());
        }
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).what().contains("truncated"), problems.get(0).what());
    }

    @Test
    void truncatedZipStillYieldsTheMembersBeforeTheCut() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            many.append("{\"EventID\":").append(i).append(",\"Pad\":\"").append(Integer.toHexString(i * 7919))
                .append("\"}\n");
        }
        byte[] z = zip("a.json", EVENTS, "b.json", many.toString());
        write("cut.zip", Arrays.copyOf(z, z.length - 2000));
        List<InputFile> found = expand(dir.toString());
        assertEquals(List.of("a.json", "b.json"), found.stream().map(InputFile::member).toList());
        assertTrue(problems.get(0).what().startsWith("damaged zip"), problems.get(0).what());
        readAll(found);
        assertTrue(events.size() > 3 && events.size() < 3003, "events: " + events.size());
        assertTrue(problems.get(problems.size() - 1).file().endsWith("cut.zip!/b.json"));
    }
}
