"""Every problem the checker reports, one module per stage or family of rules (yamllint's
shape): ``rule`` (what a rule is), ``examples`` (the data its examples change), the stages'
codes (``files``, ``reading``, ``schema``, ``registries``, ``data_set``) and the rules about
one event (``references``, ``dates``, ``citations``, ``plans``, with ``context``, what they
may look at). ``registry`` lists them all, explicitly: importing a module registers nothing.
"""
