package org.gamekeeper.engine.incident;

/**
 * Why an alert is in its incident: the link that joined it to an earlier alert of the incident,
 * or that it is the first. Kept as parts so a million members share their keys; {@link #text()}
 * writes it for people.
 *
 * @param kind    the link
 * @param key     what was shared (account, session id, process guid, host), as normalised
 * @param minutes minutes since the alert it joined (0 for the first)
 */
public record Reason(Kind kind, String key, long minutes) {

    /** The links, strongest first: when several hold, the strongest is the reason stored. */
    public enum Kind { FIRST, PROCESS, SESSION, ACCOUNT, HOST_TIME, RECIPIENT }

    public String text() {
        return switch (kind) {
            case FIRST -> "first alert of the incident, on " + key;
            case PROCESS -> "joined by process lineage " + key + " and " + minutes(minutes);
            case SESSION -> "joined by logon session " + key + " and " + minutes(minutes);
            case ACCOUNT -> "joined by account " + key + " and " + minutes(minutes);
            case HOST_TIME -> "joined by host " + key + " and " + minutes(minutes);
            case RECIPIENT -> "phishing message to " + key + ", whose account acts in this intrusion";
        };
    }

    private static String minutes(long m) {
        return m == 1 ? "1 minute" : m + " minutes";
    }
}
