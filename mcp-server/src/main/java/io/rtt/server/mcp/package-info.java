/**
 * MCP transports: stdio, and Streamable HTTP plus legacy SSE on embedded Jetty, all serving the same toolpack.
 */
package io.rtt.server.mcp;
