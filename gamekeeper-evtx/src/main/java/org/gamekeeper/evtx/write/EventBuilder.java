package org.gamekeeper.evtx.write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gamekeeper.evtx.binxml.Value;
import org.gamekeeper.evtx.binxml.ValueType;
import org.gamekeeper.evtx.binxml.XmlNode;

/**
 * Builds a typical event tree (System with the value types Windows uses for each field, then
 * EventData or UserData) so that demos and tests do not spell out the XML by hand. Fields left
 * unset are left out of the event.
 *
 * <pre>{@code
 * XmlNode.Element e = new EventBuilder("Microsoft-Windows-Sysmon", 1)
 *         .providerGuid(UUID.fromString("5770385f-c22a-43e0-bf4c-06f5698ffbd9"))
 *         .channel("Microsoft-Windows-Sysmon/Operational").computer("WS01")
 *         .timeCreated(Instant.parse("2024-05-01T10:00:00Z"))
 *         .data("Image", "C:\\Windows\\System32\\cmd.exe")
 *         .build();
 * }</pre>
 */
public final class EventBuilder {

    static final String EVENT_NAMESPACE = "http://schemas.microsoft.com/win/2004/08/events/event";

    private final String provider;
    private final int eventId;
    private UUID providerGuid;
    private String eventSourceName;
    private Integer qualifiers;
    private int version;
    private int level = 4;
    private int task;
    private int opcode;
    private long keywords = 0x8000000000000000L;
    private Instant timeCreated;
    private Long eventRecordId;
    private UUID activityId;
    private UUID relatedActivityId;
    private Long processId;
    private Long threadId;
    private String channel;
    private String computer;
    private String userId;
    private final List<XmlNode> eventData = new ArrayList<>();
    private XmlNode.Element userData;

    public EventBuilder(String provider, int eventId) {
        this.provider = provider;
        this.eventId = eventId;
    }

    public EventBuilder providerGuid(UUID guid) {
        this.providerGuid = guid;
        return this;
    }

    public EventBuilder eventSourceName(String name) {
        this.eventSourceName = name;
        return this;
    }

    public EventBuilder qualifiers(int q) {
        this.qualifiers = q;
        return this;
    }

    public EventBuilder version(int v) {
        this.version = v;
        return this;
    }

    public EventBuilder level(int l) {
        this.level = l;
        return this;
    }

    public EventBuilder task(int t) {
        this.task = t;
        return this;
    }

    public EventBuilder opcode(int o) {
        this.opcode = o;
        return this;
    }

    public EventBuilder keywords(long k) {
        this.keywords = k;
        return this;
    }

    public EventBuilder timeCreated(Instant t) {
        this.timeCreated = t;
        return this;
    }

    public EventBuilder eventRecordId(long id) {
        this.eventRecordId = id;
        return this;
    }

    public EventBuilder correlation(UUID activity, UUID related) {
        this.activityId = activity;
        this.relatedActivityId = related;
        return this;
    }

    public EventBuilder execution(long pid, long tid) {
        this.processId = pid;
        this.threadId = tid;
        return this;
    }

    public EventBuilder channel(String c) {
        this.channel = c;
        return this;
    }

    public EventBuilder computer(String c) {
        this.computer = c;
        return this;
    }

    public EventBuilder userId(String sid) {
        this.userId = sid;
        return this;
    }

    /** A named EventData item holding a string. */
    public EventBuilder data(String name, String value) {
        return data(name, Value.string(value));
    }

    /** A named EventData item holding any typed value. */
    public EventBuilder data(String name, Value value) {
        eventData.add(element("Data", List.of(attribute("Name", value(name))), List.of(value)));
        return this;
    }

    /** An unnamed EventData item, as classic (non-manifest) providers write them. */
    public EventBuilder data(Value value) {
        eventData.add(element("Data", List.of(), List.of(value)));
        return this;
    }

    /** UserData instead of EventData: one provider-defined element. */
    public EventBuilder userData(XmlNode.Element content) {
        this.userData = content;
        return this;
    }

    public XmlNode.Element build() {
        List<XmlNode> system = new ArrayList<>();
        List<XmlNode.Attribute> providerAttributes = new ArrayList<>();
        providerAttributes.add(attribute("Name", value(provider)));
        if (providerGuid != null) {
            providerAttributes.add(attribute("Guid", Value.of(ValueType.GUID, providerGuid)));
        }
        if (eventSourceName != null) {
            providerAttributes.add(attribute("EventSourceName", value(eventSourceName)));
        }
        system.add(element("Provider", providerAttributes, List.of()));
        system.add(element("EventID",
                qualifiers == null ? List.of() : List.of(attribute("Qualifiers", Value.of(ValueType.UINT16, (long) qualifiers))),
                List.of(Value.of(ValueType.UINT16, (long) eventId))));
        system.add(element("Version", List.of(), List.of(Value.of(ValueType.UINT8, (long) version))));
        system.add(element("Level", List.of(), List.of(Value.of(ValueType.UINT8, (long) level))));
        system.add(element("Task", List.of(), List.of(Value.of(ValueType.UINT16, (long) task))));
        system.add(element("Opcode", List.of(), List.of(Value.of(ValueType.UINT8, (long) opcode))));
        system.add(element("Keywords", List.of(), List.of(Value.of(ValueType.HEX_INT64, keywords))));
        if (timeCreated != null) {
            system.add(element("TimeCreated", List.of(attribute("SystemTime", Value.of(ValueType.FILETIME, timeCreated))), List.of()));
        }
        if (eventRecordId != null) {
            system.add(element("EventRecordID", List.of(), List.of(Value.of(ValueType.UINT64, eventRecordId))));
        }
        List<XmlNode.Attribute> correlation = new ArrayList<>();
        if (activityId != null) {
            correlation.add(attribute("ActivityID", Value.of(ValueType.GUID, activityId)));
        }
        if (relatedActivityId != null) {
            correlation.add(attribute("RelatedActivityID", Value.of(ValueType.GUID, relatedActivityId)));
        }
        system.add(element("Correlation", correlation, List.of()));
        if (processId != null) {
            system.add(element("Execution", List.of(
                    attribute("ProcessID", Value.of(ValueType.UINT32, processId)),
                    attribute("ThreadID", Value.of(ValueType.UINT32, threadId))), List.of()));
        }
        if (channel != null) {
            system.add(element("Channel", List.of(), List.of(value(channel))));
        }
        if (computer != null) {
            system.add(element("Computer", List.of(), List.of(value(computer))));
        }
        system.add(element("Security",
                userId == null ? List.of() : List.of(attribute("UserID", Value.of(ValueType.SID, userId))), List.of()));

        List<XmlNode> event = new ArrayList<>();
        event.add(element("System", List.of(), system));
        if (userData != null) {
            event.add(element("UserData", List.of(), List.of(userData)));
        } else {
            event.add(element("EventData", List.of(), eventData));
        }
        return element("Event", List.of(attribute("xmlns", value(EVENT_NAMESPACE))), event);
    }

    private static Value value(String s) {
        return Value.string(s);
    }

    private static XmlNode.Attribute attribute(String name, XmlNode value) {
        return new XmlNode.Attribute(name, List.of(value));
    }

    private static XmlNode.Element element(String name, List<XmlNode.Attribute> attributes, List<XmlNode> children) {
        return new XmlNode.Element(name, attributes, children);
    }
}
