/**
 * The {@code pqp} command line (picocli): {@code run}, {@code demo}, {@code broker}, {@code produce-sample},
 * {@code tail}, {@code baseline}, {@code compare}, {@code profile}, {@code calibrate} and {@code bench}. Commands parse flags
 * into settings and call into the other packages; {@link dev.pqp.cli.Main} is the only place that exits the JVM.
 */
package dev.pqp.cli;
