package io.rtt.engine.fabric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAdmitTheBurstThenTheRate()
    {
        final TokenBucket bucket = new TokenBucket(100, 5, 0);
        int admitted = 0;
        while (bucket.tryAcquire(0))
        {
            admitted++;
        }
        assertEquals(5, admitted, "the burst, back to back");
        assertEquals(SECOND / 100, bucket.nanosUntilToken(0));
        assertFalse(bucket.tryAcquire(SECOND / 100 - 1));
        assertTrue(bucket.tryAcquire(SECOND / 100));
    }

    @Test
    void shouldHoldTheRateOverTime()
    {
        final TokenBucket bucket = new TokenBucket(1000, 1, 0);
        int admitted = 0;
        for (long now = 0; now < 10 * SECOND; now += 100_000)
        {
            if (bucket.tryAcquire(now))
            {
                admitted++;
            }
        }
        assertEquals(10_000, admitted);
    }

    @Test
    void shouldRefuseANonsenseRate()
    {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, 0));
    }
}
