/** The HTTP endpoint: {@code /metrics}, {@code /health}, {@code /ready} and the status page. */
package dev.pqp.http;
