package io.rtt.engine.telemetry;

import java.util.Arrays;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The non-empty buckets of an HdrHistogram as sorted (value, count) pairs. A one-second slice of a route's latencies
 * fills a few dozen buckets, so it takes a few hundred bytes where a full histogram of the same range and precision
 * takes about 30 KB; a window of 60 slices per route stays small. Each value is its bucket's highest equivalent
 * value, so adding the pairs back into a histogram of the same range and precision restores the same buckets.
 * <p>
 * The arrays grow, and are kept when the slice is cleared: a slice the window recycles allocates nothing once warm.
 * <p>
 * Not thread-safe: the route's metrics monitor guards it.
 */
final class SparseHistogram
{
    private long[] values = new long[16];
    private long[] counts = new long[16];
    private int size;

    /** Empties it, keeping its arrays. */
    void clear()
    {
        size = 0;
    }

    /** Buckets held. */
    int size()
    {
        return size;
    }

    /**
     * Adds every recorded value of a histogram.
     *
     * @param histogram of the same range and precision as the histograms this is added to later.
     */
    void add(final Histogram histogram)
    {
        if (histogram.getTotalCount() == 0)
        {
            return;
        }
        for (final HistogramIterationValue bucket : histogram.recordedValues())
        {
            add(bucket.getValueIteratedTo(), bucket.getCountAddedInThisIterationStep());
        }
    }

    /**
     * Records every held value, with its count, into a histogram.
     *
     * @param into a histogram of the range and precision of those this was built from.
     */
    void addTo(final Histogram into)
    {
        for (int i = 0; i < size; i++)
        {
            into.recordValueWithCount(values[i], counts[i]);
        }
    }

    private void add(final long value, final long count)
    {
        // appending is the common case: a slice is usually filled from one interval, in value order
        if (size == 0 || values[size - 1] < value)
        {
            insert(size, value, count);
            return;
        }
        final int at = Arrays.binarySearch(values, 0, size, value);
        if (at >= 0)
        {
            counts[at] += count;
        }
        else
        {
            insert(-at - 1, value, count);
        }
    }

    private void insert(final int at, final long value, final long count)
    {
        if (size == values.length)
        {
            values = Arrays.copyOf(values, size * 2);
            counts = Arrays.copyOf(counts, size * 2);
        }
        System.arraycopy(values, at, values, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        values[at] = value;
        counts[at] = count;
        size++;
    }
}
