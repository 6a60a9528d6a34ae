"""Jupyter kernel for zcsh (职称评审数据 shell).

The kernel is a thin bridge: it starts ``zcsh --serve`` (the binary named by
``$ZCSH_BINARY``, else ``zcsh`` on ``PATH``) and maps Jupyter's execute, complete,
inspect, interrupt and shutdown requests onto that process's JSON-lines protocol
(docs/kernel.md). Everything the user sees — results, completion candidates, help —
comes from zcsh itself.
"""

__version__ = "0.1.0"
