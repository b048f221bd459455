package org.gamekeeper.engine.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gamekeeper.engine.Alert;

/**
 * An alert with the identity fields of its event (Computer, Subject/Target user and logon ids,
 * User, ProcessGuid, ProcessId and their parents, IpAddress, WorkstationName, Source/Destination
 * host and address): what incidents are grouped by.
 */
public record AlertEvidence(Alert alert, Map<String, String> entities) {
    /** Identity fields read from an alert's details until the alert carries them itself. */
    static final List<String> FIELDS = List.of("Computer", "SubjectUserSid", "SubjectUserName", "SubjectDomainName",
            "SubjectLogonId", "TargetUserSid", "TargetUserName", "TargetDomainName", "TargetLogonId", "User", "UserID",
            "LogonId", "ProcessGuid", "ParentProcessGuid", "ProcessId", "ParentProcessId", "IpAddress", "WorkstationName",
            "SourceIp", "SourceHostname", "DestinationIp", "DestinationHostname", "recipient_accounts");

    public AlertEvidence {
        entities = Map.copyOf(entities);
    }

    /** The one adapter from {@link Alert}: its identity fields, wherever the alert carries them. */
    public static AlertEvidence of(Alert alert) {
        Map<String, String> e = new LinkedHashMap<>();
        for (String f : FIELDS) {
            String v = alert.details().get(f);
            if (v != null && !v.isEmpty()) {
                e.put(f, v);
            }
        }
        return new AlertEvidence(alert, e);
    }
}
