/**
 * Injectable time: {@link dev.tugboat.client.clock.Clock} and the real
 * {@link dev.tugboat.client.clock.SystemClock}; tests use {@code FakeClock} from the test jar.
 */
package dev.tugboat.client.clock;
