package org.gamekeeper.engine.incident;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gamekeeper.engine.Alert;

/**
 * An alert with the identity fields of its event (Computer, Subject/Target user and logon ids,
 * User, ProcessGuid, ProcessId and their parents, IpAddress, WorkstationName, Source/Destination
 * host and address): what incidents are grouped by.
 */
public record AlertEvidence(Alert alert, Map<String, String> entities) {
    /**
     * The one adapter from {@link Alert}: its identity fields ({@link Alert#entities()}) and, for
     * a mail finding, the accounts the {@code identities} configuration maps its recipients to
     * ({@code details.recipient_accounts}).
     */
    public static AlertEvidence of(Alert alert) {
        String recipients = alert.details().get("recipient_accounts");
        if (recipients == null || recipients.isEmpty()) {
            return new AlertEvidence(alert, alert.entities());
        }
        Map<String, String> e = new LinkedHashMap<>(alert.entities());
        e.put("recipient_accounts", recipients);
        return new AlertEvidence(alert, e);
    }
}
