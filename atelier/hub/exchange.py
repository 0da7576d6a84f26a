"""nbgrader's exchange for the hub: a learner's hand-in is readable by the trainers' group only.

nbgrader's own submit leaves each hand-in world-readable (hidden only by an unguessable folder name); here the
inbound folder belongs to the trainers' group with the set-group-ID bit, and each hand-in is made 0640/2770.
"""

from __future__ import annotations

import os

from nbgrader.exchange.default.submit import ExchangeSubmit


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, then no access for other learners."""

    def copy_files(self) -> None:
        super().copy_files()
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        for folder, _subfolders, files in os.walk(dest):
            os.chmod(folder, 0o2770)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o640)
