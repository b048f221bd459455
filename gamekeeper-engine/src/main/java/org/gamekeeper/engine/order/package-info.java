/**
 * Output in event-time order with bounded memory: lines kept with their time, sorted runs spilled
 * to temporary files beyond a bound, merged at the end; ties keep their arrival order. Owns no
 * format: the lines come rendered.
 */
package org.gamekeeper.engine.order;
