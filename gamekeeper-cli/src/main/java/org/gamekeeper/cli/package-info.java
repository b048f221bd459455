/**
 * The command line: picocli commands, terminal output and progress. It wires the libraries
 * together and owns the process (exit codes, stdout, stderr); it holds no detection logic.
 */
package org.gamekeeper.cli;
