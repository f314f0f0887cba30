"""Exports of the network, one format per module, streamed.

:func:`graph.export.formats.write_export` (and ``iter_export`` for HTTP) is the entry
point; :mod:`graph.export.common` decides what may leave Convene.
"""
