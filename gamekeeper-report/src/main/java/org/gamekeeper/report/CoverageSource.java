package org.gamekeeper.report;

import java.util.List;

/**
 * Where the report's coverage section comes from: what each host's logs lack (the
 * {@code coverage} command fills it; without it the section says coverage was not measured).
 */
public interface CoverageSource {
    /** Nothing measured. */
    CoverageSource NONE = List::of;

    /**
     * One missing kind of event on one host.
     *
     * @param why              what the gap costs ("Sysmon not installed: no process creation")
     * @param blindTechniques  ATT&CK techniques the missing events would show
     */
    record Gap(String host, String channel, Integer eventId, String why, List<String> blindTechniques) {
        public Gap {
            blindTechniques = List.copyOf(blindTechniques);
        }
    }

    List<Gap> gaps();
}
