"""Generators of synthetic cases (scenario builders, faker providers, hypothesis strategies).

Imports cobsim; cobsim never imports generators.
"""
