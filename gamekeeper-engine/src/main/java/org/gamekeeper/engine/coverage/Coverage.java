package org.gamekeeper.engine.coverage;

import java.time.Instant;
import java.util.List;

/**
 * What the evidence lets an institution see, per host (INTERFACES.md "Coverage").
 *
 * @param hosts      one entry per host, by name
 * @param rulesBlind rules of the loaded sets that no host's evidence can feed
 * @param rules      rules of the loaded sets that run on Windows evidence
 */
public record Coverage(List<Host> hosts, int rulesBlind, int rules) {
    public Coverage {
        hosts = List.copyOf(hosts);
    }

    /**
     * One host.
     *
     * @param first            its first event, null when no event had a time
     * @param rulesBlind       rules of the loaded sets this host's evidence cannot feed
     * @param commandLines4688 how many of its Security 4688 events carry a command line
     */
    public record Host(String host, Instant first, Instant last, List<Present> present, List<Missing> missing,
                       List<String> blindTechniques, int rulesBlind, long commandLines4688) {
        public Host {
            present = List.copyOf(present);
            missing = List.copyOf(missing);
            blindTechniques = List.copyOf(blindTechniques);
        }
    }

    /** A source present on a host, with the span it covers. */
    public record Present(String channel, int eventId, long count, Instant first, Instant last) { }

    /** A source the guidance asks for that a host's evidence lacks, and why it matters. */
    public record Missing(String channel, int eventId, String why) { }
}
