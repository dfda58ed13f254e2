/** Test fixtures shared by pqp's integration tests: real servers on loopback, started and stopped per test class. */
package dev.pqp.testing;
