package dev.pqp.stream.action;

import dev.pqp.action.WindowEvidence;

/** One finalized window of a model version, as the action rules read it. */
public record VersionWindow(String model, String version, WindowEvidence evidence) {}
