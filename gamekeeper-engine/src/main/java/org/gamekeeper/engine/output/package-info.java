/**
 * Outputs: alerts written as INTERFACES.md defines them (JSON lines and CSV timelines), one
 * writer for every command. Takes finished alerts; evaluates nothing and reads no evidence.
 */
package org.gamekeeper.engine.output;
