"""One module per lesson (`nb00.py`, `nb01.py`, …) registering that lesson's self-checks."""
