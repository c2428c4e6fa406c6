/**
 * The CLI verbs: one class per verb, each a thin shell over the engine facade.
 */
package io.rtt.server.cli;
