"""Background work: timers that fall due, and the ``job`` outbox the worker drains.

Jobs are written in the transaction of the change that causes them (``store.save`` for new tasks,
``tasks.assign`` for assignments), never found by loading instances. Modules:

- ``queue``: enqueue (deduplicated), claim with row locks, lease, finish, retry with backoff, incidents;
- ``timers``: claim cases with due timers (``FOR UPDATE SKIP LOCKED``) and fire them, one case per transaction;
- ``deadlines``: reminder and escalation jobs of tasks with a due date;
- ``notices``: who is told what, by e-mail jobs;
- ``execute``: run the next due job (in the claiming transaction, or outside it under a lease).
"""
