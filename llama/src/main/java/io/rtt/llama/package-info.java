/**
 * llama.cpp as a subprocess, for semantic symbol matching behind the engine's matcher interface. The module is in
 * the reactor so the dependency arrow {@code llama -> rtt-engine} holds from the start; its matcher arrives with the
 * issue that adds semantic matching.
 */
package io.rtt.llama;
