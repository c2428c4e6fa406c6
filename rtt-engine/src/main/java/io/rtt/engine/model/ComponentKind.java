package io.rtt.engine.model;

/**
 * What a component is, as far as wiring is concerned.
 */
public enum ComponentKind
{
    /** A package with an entry point: something that runs and serves or calls. */
    SERVICE,
    /** A package without an entry point of its own. */
    LIBRARY,
    /** A database, cache or store: postgres, redis, sqlite, neo4j, qdrant and the like. */
    DATASTORE,
    /** A message broker such as kafka. */
    BROKER,
    /** An API gateway such as kong. */
    GATEWAY,
    /** A metrics system such as prometheus. */
    METRICS,
    /** A runtime: a wasm module, a llama.cpp or ONNX model. */
    RUNTIME,
    /** A component RTT recognises as present but not by kind, e.g. a compose service from an unknown image. */
    EXTERNAL
}
