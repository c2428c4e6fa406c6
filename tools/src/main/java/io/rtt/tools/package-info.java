/**
 * The MCP toolpack: one class per tool (definition, schemas, annotations, handler) over the engine, registered in
 * {@link io.rtt.tools.Toolpack}, independent of any transport.
 */
package io.rtt.tools;
