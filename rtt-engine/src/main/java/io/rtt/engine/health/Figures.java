package io.rtt.engine.health;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How the judges write numbers in their sentences: the same whatever the machine's locale, as few digits as say
 * the number, thousands grouped by spaces ("12 000").
 */
final class Figures
{
    private Figures()
    {
    }

    /**
     * A count, grouped by thousands.
     *
     * @param count the count.
     * @return e.g. {@code 12 000}.
     */
    static String count(final long count)
    {
        return String.format(Locale.ROOT, "%,d", count).replace(',', ' ');
    }

    /**
     * A measured value to three significant digits, without trailing zeros.
     *
     * @param value the value.
     * @return e.g. {@code 7.2}, {@code 0.351}, {@code 1230}.
     */
    static String value(final double value)
    {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value))
        {
            return value == 0 ? "0" : String.valueOf(value);
        }
        final BigDecimal rounded = new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_EVEN));
        return rounded.stripTrailingZeros().toPlainString();
    }

    /**
     * A value to at most some decimals, without trailing zeros: the window's own resolution, so a value just over
     * its bound never prints as equal to it.
     *
     * @param value    the value.
     * @param decimals most decimals kept.
     * @return e.g. {@code 7.2} or {@code 5.004} for three decimals.
     */
    static String decimals(final double value, final int decimals)
    {
        final String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).stripTrailingZeros()
            .toPlainString();
        return "-0".equals(text) ? "0" : text;
    }

    /**
     * Nanoseconds as milliseconds.
     *
     * @param nanos the duration.
     * @return e.g. {@code 1.05 ms}.
     */
    static String millis(final double nanos)
    {
        return value(nanos / 1e6) + " ms";
    }

    /**
     * A window's length.
     *
     * @param seconds the length.
     * @return e.g. {@code 30.0 s}.
     */
    static String seconds(final double seconds)
    {
        return String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /**
     * A proportion as a percentage.
     *
     * @param proportion from 0 to 1 (or a difference of two).
     * @return e.g. {@code 20.0%}.
     */
    static String percent(final double proportion)
    {
        return String.format(Locale.ROOT, "%.1f%%", proportion * 100);
    }

    /**
     * A p-value: fixed point down to 0.001, then scientific.
     *
     * @param p the p-value.
     * @return e.g. {@code 0.412} or {@code 1.6e-20}.
     */
    static String probability(final double p)
    {
        return p >= 0.001 || p == 0 ? value(p) : String.format(Locale.ROOT, "%.1e", p);
    }
}
