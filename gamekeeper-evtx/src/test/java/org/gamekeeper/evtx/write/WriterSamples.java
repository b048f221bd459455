package org.gamekeeper.evtx.write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;

/** Realistic and varied events for the writer's tests, the same for a given seed. */
public final class WriterSamples {

    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00.1234567Z");
    public static final UUID SYSMON = UUID.fromString("5770385f-c22a-43e0-bf4c-06f5698ffbd9");
    public static final UUID SECURITY = UUID.fromString("54849625-5478-4994-a5ba-3e3b0328c30d");
    public static final UUID EVENTLOG = UUID.fromString("fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148");

    private WriterSamples() {
    }

    /** A Sysmon process creation (event 1) as Sysmon 13 writes it. */
    public static XmlNode.Element sysmonProcessCreate(long recordId, Instant t) {
        return new EventBuilder("Microsoft-Windows-Sysmon", 1).providerGuid(SYSMON).version(5).task(1)
                .keywords(0x8000000000000000L).timeCreated(t).eventRecordId(recordId).execution(3016, 3900)
                .channel("Microsoft-Windows-Sysmon/Operational").computer("WS01.corp.example").userId("S-1-5-18")
                .data("RuleName", "-")
                .data("UtcTime", "2024-05-01 10:00:00.123")
                .data("ProcessGuid", Value.of(ValueType.GUID, UUID.fromString("6b5d3a2c-1f00-6632-1a00-000000000f00")))
                .data("ProcessId", Value.of(ValueType.UINT32, 4242L))
                .data("Image", "C:\\Windows\\System32\\cmd.exe")
                .data("CommandLine", "cmd.exe /c \"whoami /all & net group \"Domain Admins\" /domain\"")
                .data("CurrentDirectory", "C:\\Users\\alice\\")
                .data("User", "CORP\\alice")
                .data("LogonGuid", Value.of(ValueType.GUID, UUID.fromString("6b5d3a2c-0e00-6632-4f2b-0a0000000000")))
                .data("LogonId", Value.of(ValueType.HEX_INT64, 0xa2b4fL))
                .data("TerminalSessionId", Value.of(ValueType.UINT32, 1L))
                .data("IntegrityLevel", "High")
                .data("Hashes", "SHA256=9A7C58BD98D70631AA1473F7B57B426A7A1F3C8A8F5B3D1E0F5A8C7D6E5F4A3B")
                .data("ParentProcessGuid", Value.of(ValueType.GUID, UUID.fromString("6b5d3a2c-1e00-6632-1900-000000000f00")))
                .data("ParentProcessId", Value.of(ValueType.UINT32, 3016L))
                .data("ParentImage", "C:\\Windows\\explorer.exe")
                .data("ParentCommandLine", "C:\\Windows\\Explorer.EXE")
                .build();
    }

    /** A Security 4624 network logon. */
    public static XmlNode.Element securityLogon(long recordId, Instant t) {
        return new EventBuilder("Microsoft-Windows-Security-Auditing", 4624).providerGuid(SECURITY).version(2)
                .level(0).task(12544).keywords(0x8020000000000000L).timeCreated(t).eventRecordId(recordId)
                .correlation(UUID.fromString("0f9c5e2a-1b3d-4e5f-8a7b-6c5d4e3f2a1b"), null).execution(636, 712)
                .channel("Security").computer("DC01.corp.example")
                .data("SubjectUserSid", Value.of(ValueType.SID, "S-1-0-0"))
                .data("SubjectUserName", "-")
                .data("SubjectDomainName", "-")
                .data("SubjectLogonId", Value.of(ValueType.HEX_INT64, 0L))
                .data("TargetUserSid", Value.of(ValueType.SID, "S-1-5-21-3623811015-3361044348-30300820-1013"))
                .data("TargetUserName", "alice")
                .data("TargetDomainName", "CORP")
                .data("TargetLogonId", Value.of(ValueType.HEX_INT64, 0x1d3f2aL))
                .data("LogonType", Value.of(ValueType.UINT32, 3L))
                .data("LogonProcessName", "NtLmSsp ")
                .data("AuthenticationPackageName", "NTLM")
                .data("WorkstationName", "WS07")
                .data("LogonGuid", Value.of(ValueType.GUID, new UUID(0, 0)))
                .data("TransmittedServices", "-")
                .data("LmPackageName", "NTLM V2")
                .data("KeyLength", Value.of(ValueType.UINT32, 128L))
                .data("ProcessId", Value.of(ValueType.HEX_INT64, 0L))
                .data("ProcessName", "-")
                .data("IpAddress", "10.0.4.17")
                .data("IpPort", "49812")
                .data("ImpersonationLevel", "%%1833")
                .data("RestrictedAdminMode", "-")
                .data("TargetOutboundUserName", "-")
                .data("TargetOutboundDomainName", "-")
                .data("VirtualAccount", "%%1843")
                .data("TargetLinkedLogonId", Value.of(ValueType.HEX_INT64, 0L))
                .data("ElevatedToken", "%%1842")
                .build();
    }

    /** A Security 1102 "audit log cleared", whose payload is UserData. */
    public static XmlNode.Element logCleared(long recordId, Instant t) {
        XmlNode.Element cleared = element("LogFileCleared",
                List.of(attribute("xmlns", Value.string("http://manifests.microsoft.com/win/2004/08/windows/eventlog"))),
                List.of(element("SubjectUserSid", List.of(), List.of(Value.of(ValueType.SID, "S-1-5-21-1587066498-1489273250-1035260531-1106"))),
                        element("SubjectUserName", List.of(), List.of(Value.string("user01"))),
                        element("SubjectDomainName", List.of(), List.of(Value.string("EXAMPLE"))),
                        element("SubjectLogonId", List.of(), List.of(Value.of(ValueType.HEX_INT64, 0x17dadL)))));
        return new EventBuilder("Microsoft-Windows-Eventlog", 1102).providerGuid(EVENTLOG).task(104)
                .keywords(0x4020000000000000L).timeCreated(t).eventRecordId(recordId).execution(812, 3916)
                .channel("Security").computer("PC01.example.corp").userData(cleared).build();
    }

    /**
     * An event holding every value type evtxexport can render, arrays and nested Binary XML.
     * Floating point values have at most seven significant digits: libevtx rounds a tie at the
     * eighth digit either way.
     */
    public static XmlNode.Element everyType(long recordId, Instant t, Random r) {
        EventBuilder b = new EventBuilder("Gamekeeper-Test", 100 + r.nextInt(5)).qualifiers(16384)
                .timeCreated(t).eventRecordId(recordId).channel("Application").computer("HOST-" + r.nextInt(1000))
                .userId("S-1-5-21-1-2-3-" + (1000 + r.nextInt(100)));
        b.data("String", "Grüße, 世界 <&> \"'")
                .data("Empty", "")
                .data("Ansi", Value.of(ValueType.ANSI_STRING, "plain ansi " + r.nextInt(100)))
                .data("Int8", Value.of(ValueType.INT8, (long) (r.nextInt(256) - 128)))
                .data("UInt8", Value.of(ValueType.UINT8, (long) r.nextInt(256)))
                .data("Int16", Value.of(ValueType.INT16, (long) (r.nextInt(65536) - 32768)))
                .data("UInt16", Value.of(ValueType.UINT16, (long) r.nextInt(65536)))
                .data("Int32", Value.of(ValueType.INT32, (long) r.nextInt()))
                .data("UInt32", Value.of(ValueType.UINT32, r.nextInt() & 0xffffffffL))
                .data("Int64", Value.of(ValueType.INT64, r.nextLong()))
                .data("UInt64", Value.of(ValueType.UINT64, r.nextLong()))
                .data("Real32", Value.of(ValueType.REAL32, (r.nextInt(2000) - 1000) / 4f))
                .data("Real64", Value.of(ValueType.REAL64, (r.nextInt(200_000) - 100_000) / 4d))
                .data("Bool", Value.of(ValueType.BOOL, r.nextBoolean()))
                .data("Binary", Value.of(ValueType.BINARY, bytes(r, 1 + r.nextInt(20))))
                .data("Guid", Value.of(ValueType.GUID, new UUID(r.nextLong(), r.nextLong())))
                .data("SizeT", Value.of(ValueType.SIZE_T, r.nextLong() & 0xffffffffffL))
                .data("FileTime", Value.of(ValueType.FILETIME, t.minusSeconds(r.nextInt(100000))))
                .data("SystemTime", Value.of(ValueType.SYSTEMTIME, Instant.ofEpochMilli(1_700_000_000_000L + r.nextInt(1 << 30))))
                .data("Sid", Value.of(ValueType.SID, "S-1-5-21-" + (r.nextInt() & 0x7fffffff) + "-" + r.nextInt(100000) + "-500"))
                .data("HexInt32", Value.of(ValueType.HEX_INT32, r.nextInt() & 0xffffffffL))
                .data("HexInt64", Value.of(ValueType.HEX_INT64, r.nextLong()))
                .data("StringArray", new Value(ValueType.STRING, true, List.of("first", "second " + r.nextInt(9), "third")))
                .data("UInt32Array", new Value(ValueType.UINT32, true, List.of((long) r.nextInt(1000), 7L)))
                .data("Int64Array", new Value(ValueType.INT64, true, List.of(r.nextLong() & Long.MAX_VALUE, 42L)))
                .data("GuidArray", new Value(ValueType.GUID, true, List.of(new UUID(r.nextLong(), r.nextLong()))))
                .data("HexInt64Array", new Value(ValueType.HEX_INT64, true, List.of(1L, r.nextLong())))
                .data("FileTimeArray", new Value(ValueType.FILETIME, true, List.of(t, t.plusSeconds(1))))
                .data("Nested", Value.of(ValueType.BIN_XML, element("Payload",
                        List.of(attribute("Kind", Value.string("k" + r.nextInt(3)))),
                        List.of(element("Item", List.of(), List.of(Value.of(ValueType.UINT32, (long) r.nextInt(99)))),
                                element("Note", List.of(), List.of(Value.string("nested " + r.nextInt(9))))))))
                .data(Value.string("unnamed " + r.nextInt(10)));
        return b.build();
    }

    /** A few hundred varied events: every shape above, repeated so templates are reused and chunks fill. */
    public static List<XmlNode.Element> varied(int count, long seed) {
        Random r = new Random(seed);
        List<XmlNode.Element> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = 1000 + i;
            Instant t = T0.plusMillis(1234L * i);
            switch (i % 4) {
                case 0 -> events.add(sysmonProcessCreate(id, t));
                case 1 -> events.add(securityLogon(id, t));
                case 2 -> events.add(logCleared(id, t));
                default -> events.add(everyType(id, t, r));
            }
        }
        return events;
    }

    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    public static XmlNode.Attribute attribute(String name, XmlNode value) {
        return new XmlNode.Attribute(name, List.of(value));
    }

    public static XmlNode.Element element(String name, List<XmlNode.Attribute> attributes, List<XmlNode> children) {
        return new XmlNode.Element(name, attributes, children);
    }
}
