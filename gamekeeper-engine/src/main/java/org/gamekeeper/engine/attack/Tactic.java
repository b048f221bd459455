package org.gamekeeper.engine.attack;

/**
 * An ATT&CK tactic.
 *
 * @param id        {@code TA0006}
 * @param shortName {@code credential-access}, as Sigma tags and kill-chain phases write it
 * @param name      {@code Credential Access}
 * @param order     position in the Enterprise matrix, from 0 (Reconnaissance)
 */
public record Tactic(String id, String shortName, String name, int order) {
}
