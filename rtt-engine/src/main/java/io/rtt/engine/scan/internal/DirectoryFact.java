package io.rtt.engine.scan.internal;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * A fact about whatever component owns a directory: a port a Dockerfile exposes, a variable a {@code .env} sets, a
 * base image, a workspace declaration.
 *
 * @param directory  workspace-relative directory.
 * @param endpoint   the endpoint it adds, or {@code null} for evidence only.
 * @param evidence   where it was seen.
 * @param runs       whether it shows the directory holds something that runs (a Dockerfile with an entry point).
 */
public record DirectoryFact(String directory, Endpoint endpoint, Evidence evidence, boolean runs)
{
}
