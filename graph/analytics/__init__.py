"""Network analytics on a projected :class:`graph.projection.Network`, one family per module.

Every public function is pure: a network in, plain values out; randomness only through
``seed``. People who set ``discoverable: false`` appear in no result about anyone else.
"""
