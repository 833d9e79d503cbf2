"""Tracking (pure): what a client logs, and what follows from it.

- :mod:`.model`: a session log of entries, each set with a part per side;
- :mod:`.plan`: the program's items by stable key; :mod:`.validate`: impossible logs refused;
- :mod:`.volume`: the per-side volume ledger and adherence;
- :mod:`.progression`: automatic progression per side by each item's rule;
- :mod:`.strength`: estimated 1RM per side (Epley) and the gap's trend;
- :mod:`.retest`: re-tests against the test's error, findings resolved/persisting/new;
- :mod:`.flags`: coach flags; :mod:`.nextblock`: the next block's inputs.

No I/O, no clock: dates come in as arguments.
"""
