"""Engines and servers the conformance kit's tests run against (hostile ones among them)."""
