"""The version of the ledger's rules, apart from the rules themselves: reading it (is a stored
ledger current?) must not import the rules, which import spaCy."""

# bumped whenever a rule changes what it finds: a stored ledger of an older version is rebuilt
RULES_VERSION = "6"
