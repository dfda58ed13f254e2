/** Micrometer/Prometheus binding of pqp's self-metrics and results, and the records of the derived topics. */
package dev.pqp.export;
