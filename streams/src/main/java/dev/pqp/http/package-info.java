/**
 * The HTTP endpoint: {@code /metrics}, {@code /health}, {@code /ready}, the JSON under {@code /api/} and the
 * status page ({@code /status/index.html} in the jar: plain HTML, JavaScript and inline SVG).
 */
package dev.pqp.http;
