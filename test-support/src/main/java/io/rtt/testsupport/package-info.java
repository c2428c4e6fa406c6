/**
 * Test helpers shared across modules.
 */
package io.rtt.testsupport;
