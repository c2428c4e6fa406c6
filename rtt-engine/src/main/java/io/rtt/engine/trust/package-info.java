/**
 * Trust: Ed25519 keys (Bouncy Castle), the threshold trust set and its rotation, and signature envelopes of plans.
 */
package io.rtt.engine.trust;
