package io.rtt.engine.gen;

import java.util.List;

import io.rtt.engine.model.Graph;
import io.rtt.engine.plan.ObjectStore;
import io.rtt.engine.wal.LogView;
import io.rtt.engine.wal.WalRecord;

/**
 * What connectors are generated from: the graph at the WAL head and the plan that committed it.
 *
 * @param seq   the head frame; 0 for an empty log.
 * @param plan  the id of the plan whose apply committed the graph (through any rollback to it), or empty.
 * @param graph the graph's digest.
 * @param head  the graph.
 */
record CommittedSource(long seq, String plan, String graph, Graph head)
{
    /**
     * Reads the head of a verified log.
     *
     * @param log     the log, verified by its reader.
     * @param objects where its graphs are stored.
     * @return the source.
     */
    static CommittedSource of(final LogView log, final ObjectStore objects)
    {
        final List<WalRecord> records = log.records();
        if (records.isEmpty())
        {
            return new CommittedSource(0, "", Graph.EMPTY.digest(), Graph.EMPTY);
        }
        final WalRecord last = records.get(records.size() - 1);
        return new CommittedSource(last.seq(), plan(records), last.graph(), objects.get(last.graph()));
    }

    /**
     * The plan behind the head's graph: the last apply, where a rollback to frame N stands for what frame N held
     * (trust and verdict frames carry the graph before them on).
     */
    private static String plan(final List<WalRecord> records)
    {
        int i = records.size() - 1;
        while (i >= 0)
        {
            final WalRecord record = records.get(i);
            if (WalRecord.APPLY.equals(record.kind()))
            {
                return record.plan();
            }
            if (WalRecord.ROLLBACK.equals(record.kind()) && record.plan().startsWith("seq:"))
            {
                // frames only roll back to earlier frames, so the walk ends
                i = Math.min(i, Integer.parseInt(record.plan().substring("seq:".length()))) - 1;
            }
            else
            {
                i--;
            }
        }
        return "";
    }
}
