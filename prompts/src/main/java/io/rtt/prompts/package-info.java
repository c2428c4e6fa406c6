/**
 * Prompt templates bundled as resources, and the tiny loader that reads and renders them.
 */
package io.rtt.prompts;
