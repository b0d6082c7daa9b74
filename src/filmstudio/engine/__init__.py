"""The film engine: a pure library that turns a script into a film on one machine, offline.

It imports no web framework, database or queue; the studio calls :func:`make_film`.
"""
