------------------------------- MODULE Apply -------------------------------
(* RTT's apply, two-phase commit and rollback, as Applier and Wal implement them:
   a process takes the apply lock (an OS lock: a crash releases it), prepares the lanes and drivers of the
   desired graph, stores the graph object, appends one WAL frame (the commit point), then activates.
   A failure or crash before the commit leaves nothing behind (the reconciler removes stray prepared lanes);
   after the commit, the frame stands and the panel reconciles to it. A rollback appends a frame whose graph is
   that of an earlier frame. A verdict (a canary's, a failed verify's, taken by RTT itself) appends a frame that
   leaves the graph as it was; a rejection's rollback follows it as a rollback. *)
EXTENDS Naturals, Sequences, FiniteSets

CONSTANTS Procs,      \* processes that may apply or roll back
          Graphs,     \* desired graphs plans may carry
          MaxFrames   \* bound on the log, for model checking

Empty == "empty"
None == "none"

VARIABLES wal,       \* the log: a sequence of frames [kind, graph, target, prepared]
          objects,   \* graphs stored under .rtt/objects
          prepared,  \* lanes and drivers prepared for a graph not yet committed (set of graphs)
          active,    \* the graph the fabric runs
          lock,      \* holder of the apply lock, or None
          pc,        \* per process: idle, preparing, prepared, committed
          want,      \* per process: the graph it is applying
          base       \* per process: the log length when it took the lock

vars == <<wal, objects, prepared, active, lock, pc, want, base>>

HeadGraph == IF wal = <<>> THEN Empty ELSE wal[Len(wal)].graph

Init == /\ wal = <<>>
        /\ objects = {Empty}
        /\ prepared = {}
        /\ active = Empty
        /\ lock = None
        /\ pc = [p \in Procs |-> "idle"]
        /\ want = [p \in Procs |-> Empty]
        /\ base = [p \in Procs |-> 0]

Acquire(p, g) == /\ pc[p] = "idle" /\ lock = None /\ Len(wal) < MaxFrames
                 /\ lock' = p /\ pc' = [pc EXCEPT ![p] = "preparing"]
                 /\ want' = [want EXCEPT ![p] = g] /\ base' = [base EXCEPT ![p] = Len(wal)]
                 /\ UNCHANGED <<wal, objects, prepared, active>>

Prepare(p) == /\ pc[p] = "preparing"
              /\ prepared' = prepared \cup {want[p]}
              /\ pc' = [pc EXCEPT ![p] = "prepared"]
              /\ UNCHANGED <<wal, objects, active, lock, want, base>>

\* Refused or failed before the commit: undo the prepares, release the lock, nothing else changes.
Abort(p) == /\ pc[p] \in {"preparing", "prepared"}
            /\ prepared' = prepared \ {want[p]}
            /\ lock' = None /\ pc' = [pc EXCEPT ![p] = "idle"]
            /\ UNCHANGED <<wal, objects, active, want, base>>

\* The commit point: the object is stored, then one frame appended (fsync'd).
Commit(p) == /\ pc[p] = "prepared"
             /\ objects' = objects \cup {want[p]}
             /\ wal' = Append(wal, [kind |-> "apply", graph |-> want[p], target |-> 0, prepared |-> want[p] \in prepared])
             /\ pc' = [pc EXCEPT ![p] = "committed"]
             /\ UNCHANGED <<prepared, active, lock, want, base>>

Activate(p) == /\ pc[p] = "committed"
               /\ active' = want[p] /\ prepared' = prepared \ {want[p]}
               /\ lock' = None /\ pc' = [pc EXCEPT ![p] = "idle"]
               /\ UNCHANGED <<wal, objects, want, base>>

\* kill -9 at any point: the OS releases the lock; what was committed stays committed.
Crash(p) == /\ pc[p] # "idle"
            /\ lock' = None /\ pc' = [pc EXCEPT ![p] = "idle"]
            /\ UNCHANGED <<wal, objects, prepared, active, want, base>>

\* With no apply running, the panel reconciles: stray prepares go, the fabric runs the head.
Reconcile == /\ lock = None
             /\ (prepared # {} \/ active # HeadGraph)
             /\ prepared' = {} /\ active' = HeadGraph
             /\ UNCHANGED <<wal, objects, lock, pc, want, base>>

Rollback(p, t) == /\ pc[p] = "idle" /\ lock = None /\ Len(wal) < MaxFrames /\ t \in 0..Len(wal)
                  /\ LET g == IF t = 0 THEN Empty ELSE wal[t].graph
                     IN /\ wal' = Append(wal, [kind |-> "rollback", graph |-> g, target |-> t, prepared |-> TRUE])
                        /\ active' = g
                  /\ UNCHANGED <<objects, prepared, lock, pc, want, base>>

\* RTT records a decision about the committed graph: the graph stays as it was.
Verdict == /\ lock = None /\ wal # <<>> /\ Len(wal) < MaxFrames
           /\ wal' = Append(wal, [kind |-> "verdict", graph |-> HeadGraph, target |-> 0, prepared |-> TRUE])
           /\ UNCHANGED <<objects, prepared, active, lock, pc, want, base>>

Next == \/ \E p \in Procs, g \in Graphs : Acquire(p, g)
        \/ \E p \in Procs : Prepare(p) \/ Abort(p) \/ Commit(p) \/ Activate(p) \/ Crash(p)
        \/ \E p \in Procs, t \in 0..MaxFrames : Rollback(p, t)
        \/ Verdict
        \/ Reconcile

Spec == Init /\ [][Next]_vars

----------------------------------------------------------------------------
\* The committed graph is the last frame's, and it is stored.
HeadStored == HeadGraph \in objects
EveryFrameStored == \A i \in 1..Len(wal) : wal[i].graph \in objects
\* No frame commits without all its prepares.
NoCommitWithoutPrepares == \A i \in 1..Len(wal) : wal[i].kind = "apply" => wal[i].prepared
\* A rollback restores the graph it names.
RollbackRestores == \A i \in 1..Len(wal) :
                      wal[i].kind = "rollback" =>
                        /\ wal[i].target < i
                        /\ wal[i].graph = IF wal[i].target = 0 THEN Empty ELSE wal[wal[i].target].graph
\* A verdict changes nothing: its graph is the one before it.
VerdictKeepsGraph == \A i \in 1..Len(wal) : wal[i].kind = "verdict" => i > 1 /\ wal[i].graph = wal[i - 1].graph
\* No two applies interleave.
OneApplyAtATime == Cardinality({p \in Procs : pc[p] # "idle"}) <= 1
\* Whatever holds the lock has not seen another frame appended under it, except its own commit.
NothingBehindAFailure == \A p \in Procs : pc[p] \in {"preparing", "prepared"} => Len(wal) = base[p]

TypeOK == /\ lock \in Procs \cup {None}
          /\ pc \in [Procs -> {"idle", "preparing", "prepared", "committed"}]
          /\ active \in Graphs \cup {Empty}
=============================================================================
