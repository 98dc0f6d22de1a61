"""A case handed over, sealed, to the care coordinator of another region (issue 19).

Each vault has a transfer identity (:mod:`.identity`): an ``age`` X25519 identity to receive and
an Ed25519 key to sign. Another region's keys are added to the known regions (:mod:`.regions`)
once their fingerprint (:mod:`.fingerprint`) was confirmed by phone. A case becomes a versioned
JSON payload (:mod:`.payload`, documented in docs/transfer-format.md), sealed and signed for one
recipient (:mod:`.envelope`), sent (:mod:`.sending`) and received (:mod:`.receiving`,
:mod:`.rebuild`) as a new case. Nothing of a package is written to disk in clear: the payload
exists in memory only, the file is the age ciphertext.

Every function that takes a vault or a store runs on the vault worker (the thread that owns it).
"""
