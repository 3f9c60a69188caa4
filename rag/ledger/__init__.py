"""The claim ledger: who said what, and where the sources disagree.

`build_ledger(documents)` (rag.ledger.build) is the entry point; `Ledger` (rag.ledger.model) is
what it returns and what is stored beside the index; rag.ledger.export renders it for people.
"""
