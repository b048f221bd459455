/**
 * Sources: turn files (EVTX, JSON exports, compressed members) into {@link org.gamekeeper.engine.Event}s
 * and report damage as {@link org.gamekeeper.engine.source.Problem}s. Sources know nothing of rules.
 */
package org.gamekeeper.engine.source;
