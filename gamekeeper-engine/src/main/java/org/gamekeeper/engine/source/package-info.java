/**
 * Sources: turn files (EVTX, JSON exports, compressed members) into {@link org.gamekeeper.engine.Event}s
 * and report damage as {@link org.gamekeeper.engine.Problem}s. Sources know nothing of rules.
 *
 * <p>{@link org.gamekeeper.engine.source.Inputs} finds the evidence (files, folders, {@code -} for
 * stdin, members of {@code .gz}, {@code .zip} and tar) and names each piece's
 * {@link org.gamekeeper.engine.source.InputKind} from its content; an
 * {@link org.gamekeeper.engine.source.EventSource} per kind reads it ({@link
 * org.gamekeeper.engine.source.JsonSource} for JSON). Every source streams in bounded memory per
 * file, and none throws for bad evidence: the place and what was wrong go out as a problem and
 * reading goes on. Web logs and mail are only recognised here; they are read elsewhere.
 */
package org.gamekeeper.engine.source;
