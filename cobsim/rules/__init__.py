"""Rules of the engine, one module per family; :mod:`cobsim.rules.registry` holds their order."""
