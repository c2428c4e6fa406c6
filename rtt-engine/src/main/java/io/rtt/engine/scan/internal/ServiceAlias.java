package io.rtt.engine.scan.internal;

import java.util.Map;

import io.rtt.engine.model.Evidence;

/**
 * A Kubernetes Service: a host name that routes to the workloads whose labels match its selector.
 *
 * @param name     the Service's name, the host others address.
 * @param selector the labels it selects.
 * @param evidence where it is declared.
 */
public record ServiceAlias(String name, Map<String, String> selector, Evidence evidence)
{
}
