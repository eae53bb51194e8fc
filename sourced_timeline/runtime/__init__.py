"""Process-wide effects, in one place each: the garbage collector (``collector``), signals
(``signals``), helper processes and when one may be forked (``processes``) and the shared
memory folder (``memory``). Nothing outside this package touches ``gc``, ``signal``,
``os.fork`` or ``/dev/shm``: ``scripts/check_layers.py``, run by ``make lint``, says so."""
