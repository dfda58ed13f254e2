/**
 * Actions, not only alerts: conditions on a version's finalized windows that, once they have held for a number of
 * consecutive windows, open an episode (one record), and once they have not held for as many, close it (one
 * record). Pure: the stream slice keeps each version's {@link dev.pqp.action.Episode} in a store.
 */
package dev.pqp.action;
