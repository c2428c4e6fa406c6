package io.rtt.engine.scan.internal;

import java.util.List;

import io.rtt.engine.model.Evidence;

/**
 * A gRPC service declared in a {@code .proto} file, with its methods.
 *
 * @param name     the service name, e.g. {@code CartService}.
 * @param methods  its rpc methods.
 * @param evidence where it is declared.
 */
public record ProtoService(String name, List<String> methods, Evidence evidence)
{
}
