"""Integrations with other engines; each needs its extra (``visgate-sdk[ray]`` for :mod:`.ray`).

Nothing here is imported by ``import visgate_sdk``.
"""
