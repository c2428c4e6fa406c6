package io.rtt.bench;

import java.util.Locale;

/**
 * One measured comparison: a lane's figure beside its baseline's, from the same run.
 *
 * @param metric        what was measured, with its unit and message size.
 * @param lane          the lane measured.
 * @param value         the lane's median.
 * @param baseline      what it is compared with.
 * @param baselineValue the baseline's median.
 * @param goal          the goal on the ratio, such as {@code <= 1.1}, or null for a figure shown for context.
 */
public record Comparison(String metric, String lane, double value, String baseline, double baselineValue, String goal)
{
    /** The lane's value over the baseline's. */
    public double ratio()
    {
        return value / baselineValue;
    }

    /** Whether the goal is met; null when there is no goal or no baseline figure. */
    public Boolean met()
    {
        if (goal == null || Double.isNaN(baselineValue))
        {
            return null;
        }
        final double bound = Double.parseDouble(goal.substring(3));
        return goal.startsWith("<=") ? ratio() <= bound : ratio() >= bound;
    }

    /** The comparison as one JSON object. */
    public String toJson()
    {
        return String.format(Locale.ROOT, "{\"metric\":\"%s\",\"lane\":\"%s\",\"value\":%.0f,\"baseline\":\"%s\"," +
            "\"baseline_value\":%s,\"ratio\":%s,\"goal\":%s,\"met\":%s}", metric, lane, value, baseline,
            Double.isNaN(baselineValue) ? "null" : String.format(Locale.ROOT, "%.0f", baselineValue),
            Double.isNaN(baselineValue) ? "null" : String.format(Locale.ROOT, "%.3f", ratio()),
            goal == null ? "null" : "\"" + goal + "x\"", met());
    }
}
